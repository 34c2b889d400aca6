/**
 * A late failure keeps what is complete: the result file is written before the model is saved,
 * a failed save says how to finish, and `--from <result> --save-model DIR` finishes it. Also:
 * staging folders of a killed save are cleaned by the next one.
 */
import assert from 'node:assert/strict';
import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import test from 'node:test';
import { runExpCommand } from '../../src/cli/exp.ts';
import { EXIT } from '../../src/cli/main.ts';
import type { ResultFile } from '../../src/results/types.ts';
import { mountTmpfs, skipLoudly } from '../files/mounts.ts';
import { repoRoot, SMALL, tempDir } from './helpers.ts';

const args = ['--backend', 'wasm', '--workers', '1', '--quiet', ...[...SMALL, 'cv.folds=2', 'train.epochs=1', 'model.hidden=[8]'].flatMap((s) => ['--set', s])];

async function exp(argv: string[]): Promise<{ code: number; err: string }> {
  let err = '';
  const code = await runExpCommand(argv, { stdout: { write: () => true }, stderr: { write: (s: string) => (err += s) } });
  return { code, err };
}

test('a model save that fails on a full disk keeps the result, exits 3 and says how to finish', async (t) => {
  const m = mountTmpfs('24k'); // the pipeline alone is larger than this
  if (!m) return t.skip(skipLoudly('late --save-model failure on a full disk'));
  t.after(() => m.unmount());
  const results = tempDir();
  const modelDir = path.join(m.dir, 'model');
  const failed = await exp([path.join(repoRoot, 'experiments/baseline.yaml'), '--out', results, '--save-model', modelDir, ...args]);
  assert.equal(failed.code, EXIT.environment, failed.err);
  assert.match(failed.err, /cannot save the model: no space left on the device \(ENOSPC\)/);
  assert.match(failed.err, /The result file .*baseline-s42-[0-9a-f]{8}\.json was written and is complete; only the model is missing\. To save it, fix the cause and run: npm run exp -- --from .* --save-model /);
  const [file] = readdirSync(results).filter((f) => f.endsWith('.json'));
  const resultPath = path.join(results, file);
  const result = JSON.parse(readFileSync(resultPath, 'utf8')) as ResultFile;
  assert.equal(result.status, 'complete');
  assert.equal(result.savedModel, undefined, 'no model recorded');
  assert.deepEqual(readdirSync(m.dir), [], 'no staging folder left on the full disk');

  // Finish it on a disk with room, from the result alone.
  const elsewhere = path.join(tempDir(), 'model');
  const finished = await exp(['--from', resultPath, '--save-model', elsewhere, '--backend', 'wasm']);
  assert.equal(finished.code, EXIT.ok, finished.err);
  assert.deepEqual(readdirSync(elsewhere).sort(), ['experiment.json', 'manifest.json', 'model.json', 'pipeline.json', 'weights.bin']);
  const rewritten = JSON.parse(readFileSync(resultPath, 'utf8')) as ResultFile;
  assert.deepEqual(rewritten.savedModel, { dir: elsewhere, kind: 'refit-all' });
  assert.deepEqual(rewritten.perFold, result.perFold, 'the CV numbers are unchanged');
  const saved = JSON.parse(readFileSync(path.join(elsewhere, 'experiment.json'), 'utf8')) as { result: string };
  assert.equal(saved.result, resultPath, 'the model names the result it belongs to');
});

test('a bad --save-model path fails in the first second, before any fold', async () => {
  const dir = tempDir();
  writeFileSync(path.join(dir, 'a-file'), 'x');
  const r = await exp([path.join(repoRoot, 'experiments/baseline.yaml'), '--out', path.join(dir, 'results'), '--save-model', path.join(dir, 'a-file', 'model'), ...args]);
  assert.equal(r.code, EXIT.environment, r.err);
  assert.match(r.err, /a-file: cannot write --save-model .*not a directory \(ENOTDIR\)/);
  assert.deepEqual(readdirSync(dir), ['a-file'], 'no result folder, no checkpoint: nothing ran');
});

test('a staging folder left by a killed save is removed by the next save, which says so', async () => {
  const dir = tempDir();
  const results = path.join(dir, 'results');
  const stale = path.join(dir, '.model.999999999-0.1.tmp'); // pid 999999999 does not exist
  mkdirSync(stale);
  writeFileSync(path.join(stale, 'weights.bin'), Buffer.alloc(4096));
  const r = await exp([path.join(repoRoot, 'experiments/baseline.yaml'), '--out', results, '--save-model', path.join(dir, 'model'), ...args]);
  assert.equal(r.code, EXIT.ok, r.err);
  assert.match(r.err, /removed .*\.model\.999999999-0\.1\.tmp, left by a killed run \(process 999999999\)/);
  assert.deepEqual(readdirSync(dir).sort(), ['model', 'results']);
});
