import assert from 'node:assert/strict';
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import test from 'node:test';
import { checkpointPath, readCheckpoint, removeCheckpoint, saveCheckpoint } from '../../src/run/checkpoint.ts';
import { sealedText } from '../../src/results/write.ts';
import type { ResultFile } from '../../src/results/types.ts';
import { initBackend } from '../../src/backend.ts';
import { runExperiment } from '../../src/run/experiment.ts';
import { makeResult } from '../report/fixtures.ts';
import { smallExperiment, tempDir } from './helpers.ts';

const expect = { configHash: 'c'.repeat(64), dataSha256: 'd'.repeat(64), foldFingerprint: 'f'.repeat(64) };

test('a checkpoint round-trips and is reused only for the same config, data and folds', async () => {
  const file = checkpointPath(tempDir(), 'baseline-s42-12345678');
  const folds = makeResult({ name: 'baseline' }).perFold.slice(0, 2);
  await saveCheckpoint(file, { ...expect, backend: 'wasm', folds });
  const ok = readCheckpoint(file, expect);
  assert.deepEqual(ok, { folds, backend: 'wasm' });
  assert.deepEqual(readCheckpoint(file, { ...expect, configHash: 'x' }), { folds: null, reason: 'the config changed since the checkpoint' });
  assert.deepEqual(readCheckpoint(file, { ...expect, dataSha256: 'x' }), { folds: null, reason: 'the data changed since the checkpoint' });
  assert.deepEqual(readCheckpoint(file, { ...expect, foldFingerprint: 'x' }), { folds: null, reason: 'the folds changed since the checkpoint' });
  removeCheckpoint(file);
  assert.equal(existsSync(file), false);
  assert.deepEqual(readCheckpoint(file, expect), { folds: null, reason: 'no checkpoint' });
});

test('a torn or foreign checkpoint is ignored with a reason, never trusted', () => {
  const dir = tempDir();
  mkdirSync(path.join(dir, '.partial'));
  const torn = path.join(dir, '.partial', 'a.json');
  writeFileSync(torn, '{"kind":"hurdle-lab/checkpoint","folds":[');
  assert.match((readCheckpoint(torn, expect) as { reason: string }).reason, /unreadable/);
  const foreign = path.join(dir, '.partial', 'b.json');
  writeFileSync(foreign, '{"kind":"something-else"}');
  assert.match((readCheckpoint(foreign, expect) as { reason: string }).reason, /is not a checkpoint/);
});

test('an edited, unsealed or malformed checkpoint is set aside with the reason, never trusted', async () => {
  const dir = tempDir();
  const folds = makeResult({ name: 'baseline' }).perFold.slice(0, 2);
  const write = (name: string, edit: (text: string) => string) => {
    const file = checkpointPath(dir, name);
    mkdirSync(path.dirname(file), { recursive: true });
    writeFileSync(file, edit(sealedText({ kind: 'hurdle-lab/checkpoint', ...expect, backend: 'wasm', folds })));
    return file;
  };
  const r2 = folds[0].metrics.r2;
  const cases: [string, (t: string) => string, RegExp][] = [
    ['edited', (t) => t.replace(`"r2": ${r2}`, '"r2": 0.999'), /it was edited or damaged \(its checksum does not match\)/],
    ['unsealed', (t) => JSON.stringify({ ...JSON.parse(t), checksum: undefined }), /it has no checksum/],
    ['no-metrics', () => sealedText({ kind: 'hurdle-lab/checkpoint', ...expect, backend: 'wasm', folds: folds.map(({ metrics: _m, ...f }) => f) }), /its folds are malformed: .*metrics/],
    ['no-config-hash', () => sealedText({ kind: 'hurdle-lab/checkpoint', dataSha256: expect.dataSha256, foldFingerprint: expect.foldFingerprint, backend: 'wasm', folds }), /its configHash is missing/],
    ['twice', () => sealedText({ kind: 'hurdle-lab/checkpoint', ...expect, backend: 'wasm', folds: [folds[0], folds[0]] }), /it lists a fold twice/],
    ['torn', (t) => t.slice(0, t.length / 2), /it is unreadable/],
  ];
  assert.ok(readFileSync(write('probe', (t) => t), 'utf8').includes(`"r2": ${r2}`), 'the edit below hits a real value');
  for (const [name, edit, pattern] of cases) {
    const file = write(name, edit);
    const read = readCheckpoint(file, expect);
    assert.equal(read.folds, null, name);
    assert.match((read as { reason: string }).reason, pattern, name);
    assert.match((read as { reason: string }).reason, /set aside as .*\.bad, its folds are run again/, name);
    assert.ok(!existsSync(file) && existsSync(`${file}.bad`), `${name}: moved aside, kept for inspection`);
  }
  assert.deepEqual(readCheckpoint(write('intact', (t) => t), expect), { folds, backend: 'wasm' });
});

test('--resume with an edited checkpoint reruns its folds: the edit never reaches a sealed result', async () => {
  await initBackend('wasm');
  const { config, origin } = smallExperiment('baseline.yaml', ['cv.folds=2', 'train.epochs=1']);
  const clean = tempDir();
  const run = (out: string, log?: (l: string) => void) => runExperiment(config, origin, { outDir: out, backend: 'wasm', workers: 1, resume: true, write: true, reproduce: 'test', log });
  const { result } = await run(clean);
  // A checkpoint of that run whose first fold's R² was edited by hand.
  const out = tempDir();
  const file = checkpointPath(out, path.basename(readdirSync(clean).find((f) => f.endsWith('.json'))!, '.json'));
  mkdirSync(path.dirname(file), { recursive: true });
  const cp = sealedText({ kind: 'hurdle-lab/checkpoint', configHash: result.configHash, dataSha256: result.data.sha256, foldFingerprint: result.folds.fingerprint, backend: 'wasm', folds: result.perFold.slice(0, 1) });
  writeFileSync(file, cp.replace(`"r2": ${result.perFold[0].metrics.r2}`, '"r2": 0.999'));
  const lines: string[] = [];
  const resumed: ResultFile = (await run(out, (l) => lines.push(l))).result;
  assert.match(lines.join('\n'), /--resume: nothing to resume \(checkpoint .* cannot be trusted: it was edited or damaged/);
  assert.deepEqual(resumed.perFold.map((f) => f.metrics), result.perFold.map((f) => f.metrics), 'the folds were rerun, same numbers as the clean run');
});
