import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { after, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import * as tf from '@tensorflow/tfjs';
import { initBackend } from '../../src/backend.ts';
import { runPredictCommand } from '../../src/cli/predict.ts';
import { loadExperiment } from '../../src/config/load.ts';
import { writeSyntheticCsv } from '../../src/data/synthetic.ts';
import { loadExperimentData } from '../../src/run/experiment.ts';
import { saveRunModel } from '../../src/run/save-model.ts';

await initBackend('wasm');

const repo = fileURLToPath(new URL('../../', import.meta.url));
const testHead = fileURLToPath(new URL('../../../shared/data/engage2value-test-head.csv', import.meta.url));
const haveHead = existsSync(testHead);
const skipHead = haveHead ? false : `shared data absent: ${testHead} — real-data prediction check not run`;

const root = mkdtempSync(join(tmpdir(), 'hl-predict-'));
after(() => rmSync(root, { recursive: true, force: true }));

// A model trained on synthetic data with the Engage2Value schema (the baseline's features).
const { config } = loadExperiment(join(repo, 'experiments/baseline.yaml'), { overrides: ['data.rows=1500', 'train.epochs=1'] });
const modelDir = join(root, 'model');
let trained: Promise<Float64Array> | undefined;
const trainOnce = () => (trained ??= loadExperimentData(config).then(async (data) => (await saveRunModel(config, data, modelDir)).inSample));
// The very rows the model is refitted on, written as the 52-column CSV (target column included).
const trainCsv = join(root, 'train.csv');
let written: Promise<unknown> | undefined;
const writeTrainCsv = () => (written ??= writeSyntheticCsv(trainCsv, { ...config.data.synthetic }));

function capture() {
  const sink = () => {
    const chunks: string[] = [];
    const stream = new Writable({ write: (c, _e, done) => (chunks.push(String(c)), done()) });
    return { stream, text: () => chunks.join('') };
  };
  const out = sink();
  const err = sink();
  return { io: { stdout: out.stream, stderr: err.stream }, out: out.text, err: err.text };
}

function readSubmission(file: string): { header: string; ids: string[]; values: number[] } {
  const [header, ...rows] = readFileSync(file, 'utf8').trimEnd().split('\n');
  return { header, ids: rows.map((r) => r.split(',')[0]), values: rows.map((r) => Number(r.split(',')[1])) };
}

test('predicts the 232 real Engage2Value test rows: id,purchaseValue, ids 0..231, finite values ≥ 0', { skip: skipHead }, async () => {
  await trainOnce();
  const start = tf.memory().numTensors;
  const out = join(root, 'sub', 'submission.csv');
  const c = capture();
  const code = await runPredictCommand(['--model', modelDir, '--data', testHead, '--out', out, '--backend', 'wasm'], c.io);
  assert.equal(code, 0, c.err());
  const sub = readSubmission(out);
  assert.equal(sub.header, 'id,purchaseValue');
  assert.equal(sub.values.length, 232);
  assert.deepEqual(sub.ids, Array.from({ length: 232 }, (_, i) => String(i)));
  assert.ok(sub.values.every((v) => Number.isFinite(v) && v >= 0));
  assert.ok(sub.values.some((v) => v > 0), 'not all zero');
  assert.match(c.out(), /^232 rows predicted \(mlp\): mean \S+, max \S+, [\d.]+% > 0; wrote .*submission\.csv \(and .*submission\.csv\.predict\.json\) in [\d.]+ m?s\n$/);
  assert.equal(tf.memory().numTensors, start);

  // --id-column: ids are that column's values, in file order.
  const byId = join(root, 'by-id.csv');
  assert.equal(await runPredictCommand(['--model', modelDir, '--data', testHead, '--out', byId, '--id-column', 'sessionId', '--quiet'], capture().io), 0);
  const lines = readFileSync(testHead, 'utf8').trimEnd().split('\n');
  const col = lines[0].split(',').indexOf('sessionId');
  const withIds = readSubmission(byId);
  assert.deepEqual(withIds.ids, lines.slice(1).map((l) => l.split(',')[col]));
  assert.deepEqual(withIds.values, sub.values);
});

test('a needed column absent from the file: exit 2, a message naming it, no submission written', { skip: skipHead }, async () => {
  await trainOnce();
  const [header, ...rows] = readFileSync(testHead, 'utf8').trimEnd().split('\n');
  const drop = header.split(',').indexOf('pageViews');
  const without = (line: string) => line.split(',').filter((_, i) => i !== drop).join(',');
  const file = join(root, 'no-pageviews.csv');
  writeFileSync(file, [header, ...rows].map(without).join('\n') + '\n');
  const out = join(root, 'never.csv');
  const c = capture();
  assert.equal(await runPredictCommand(['--model', modelDir, '--data', file, '--out', out], c.io), 2);
  assert.match(c.err(), /^error: .*no-pageviews\.csv:1 `pageViews`: the header lacks a required column: "pageViews" \(numeric feature\)/);
  assert.ok(!c.err().includes('    at '), 'no stack trace');
  assert.ok(!existsSync(out));
});

test('a file that has the target column too: the target is ignored; predicting the training rows reproduces the in-sample predictions', async () => {
  const inSample = await trainOnce();
  await writeTrainCsv();
  const out = join(root, 'train-sub.csv');
  const c = capture();
  assert.equal(await runPredictCommand(['--model', modelDir, '--data', trainCsv, '--out', out], c.io), 0, c.err());
  const sub = readSubmission(out);
  assert.equal(sub.values.length, inSample.length);
  const differs = sub.values.findIndex((v, i) => !Object.is(v, Math.max(0, inSample[i])));
  assert.equal(differs, -1, `row ${differs}: ${sub.values[differs]} vs ${inSample[differs]}`);
});

test('unseen categories are counted per column, printed and recorded', async () => {
  await Promise.all([trainOnce(), writeTrainCsv()]);
  const [header, ...rows] = readFileSync(trainCsv, 'utf8').trimEnd().split('\n');
  const col = header.split(',').indexOf('deviceType');
  const changed = rows.map((r, i) => {
    if (i % 100 !== 0) return r;
    const cells = r.split(',');
    cells[col] = i % 200 === 0 ? 'smartwatch' : 'fridge';
    return cells.join(',');
  });
  const data = join(root, 'unseen.csv');
  writeFileSync(data, `${[header, ...changed].join('\n')}\n`);
  const out = join(root, 'unseen-sub.csv');
  const c = capture();
  assert.equal(await runPredictCommand(['--model', modelDir, '--data', data, '--out', out, '--quiet'], c.io), 0, c.err());
  // 1500 rows: every 100th changed (15), alternating between two new values.
  assert.match(c.err(), /^warning: deviceType: 15 rows \(1%\) have 2 categories unseen in training, e.g. "smartwatch", "fridge"\n$/);
  const record = JSON.parse(readFileSync(`${out}.predict.json`, 'utf8'));
  assert.deepEqual(record.unseenCategories, [{ column: 'deviceType', rows: 15, distinct: 2, examples: ['smartwatch', 'fridge'] }]);
});

test('usage errors: message only, exit 2', async () => {
  await trainOnce();
  await writeTrainCsv();
  const data = trainCsv;
  const out = join(root, 'x.csv');
  for (const [args, pattern] of [
    [['--model', modelDir, '--data', data], /Missing required argument: out/],
    [['--model', modelDir, '--data', data, '--out', out, '--bogus'], /Unknown argument: bogus/],
    [['stray', '--model', modelDir, '--data', data, '--out', out], /unexpected argument "stray"/],
    [['--model', modelDir, '--data', data, '--out', out, '--row-index', '--id-column', 'sessionId'], /--row-index and --id-column contradict each other/],
    [['--model', join(root, 'nothing'), '--data', data, '--out', out], /nothing: there is no saved model folder here/],
    [['--model', modelDir, '--data', join(root, 'none.csv'), '--out', out], /none\.csv: the data file does not exist/],
    [['--model', modelDir, '--data', data, '--out', out, '--id-column', 'sessionID'], /the header lacks a required column: "sessionID" \(id column; closest header name: "sessionId"\)/],
    [['--model', modelDir, '--data', data, '--out', out, '--backend', 'gpu'], /Invalid values:[\s\S]*backend/],
  ] as const) {
    const c = capture();
    assert.equal(await runPredictCommand([...args], c.io), 2, `${args.join(' ')}: ${c.err()}`);
    assert.match(c.err(), pattern);
    assert.ok(!c.err().includes('    at '), 'no stack trace');
  }
  assert.ok(!existsSync(out));
});
