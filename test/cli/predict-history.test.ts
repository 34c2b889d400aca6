import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { after, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { initBackend } from '../../src/backend.ts';
import { runPredictCommand } from '../../src/cli/predict.ts';
import { loadExperiment } from '../../src/config/load.ts';
import { writeSyntheticCsv } from '../../src/data/synthetic.ts';
import { loadExperimentData } from '../../src/run/experiment.ts';
import { saveRunModel } from '../../src/run/save-model.ts';

await initBackend('wasm');

const repo = fileURLToPath(new URL('../../', import.meta.url));
const root = mkdtempSync(join(tmpdir(), 'hl-predict-history-'));
after(() => rmSync(root, { recursive: true, force: true }));

const { config } = loadExperiment(join(repo, 'experiments/users-sequence.yaml'), { overrides: ['data.rows=1500', 'train.epochs=1'] });
const modelDir = join(root, 'model');
const csv = join(root, 'users.csv');

function capture() {
  const chunks: string[] = [];
  const err: string[] = [];
  const sink = (to: string[]) => new Writable({ write: (c, _e, done) => (to.push(String(c)), done()) });
  return { io: { stdout: sink(chunks), stderr: sink(err) }, err: () => err.join('') };
}

const values = (file: string) => readFileSync(file, 'utf8').trimEnd().split('\n').slice(1).map((r) => Number(r.split(',')[1]));

test('a saved sequence model predicts a CSV of the same users exactly as it predicted them in memory', async () => {
  const data = await loadExperimentData(config);
  const { inSample } = await saveRunModel(config, data, modelDir);
  await writeSyntheticCsv(csv, { ...config.data.synthetic });
  const out = join(root, 'sub.csv');
  const c = capture();
  assert.equal(await runPredictCommand(['--model', modelDir, '--data', csv, '--out', out, '--backend', 'wasm'], c.io), 0, c.err());
  assert.doesNotMatch(c.err(), /no earlier sessions/);
  const got = values(out);
  assert.equal(got.length, inSample.length);
  const bad = got.findIndex((v, i) => v !== Math.max(0, inSample[i]));
  assert.equal(bad, -1, `row ${bad}: ${got[bad]} vs ${inSample[bad]}`);
});

test('a file with no earlier sessions is predicted with a clear note that history is empty', async () => {
  const [header, ...lines] = readFileSync(csv, 'utf8').trimEnd().split('\n');
  const userAt = header.split(',').indexOf('userId');
  const seen = new Set<string>();
  const firsts = lines.filter((l) => {
    const u = l.split(',')[userAt]; // no quoted commas before userId in the synthetic file
    return seen.has(u) ? false : (seen.add(u), true);
  });
  const onlyFirst = join(root, 'first-sessions.csv');
  writeFileSync(onlyFirst, `${header}\n${firsts.join('\n')}\n`);
  const c = capture();
  assert.equal(await runPredictCommand(['--model', modelDir, '--data', onlyFirst, '--out', join(root, 'first.csv'), '--backend', 'wasm'], c.io), 0, c.err());
  assert.match(c.err(), /first-sessions\.csv has no earlier sessions: no row shares its userId with an earlier sessionStart/);
  assert.match(c.err(), /include each user's earlier sessions \(with their purchaseValue\)/);
  assert.ok(values(join(root, 'first.csv')).every((v) => Number.isFinite(v) && v >= 0));
});
