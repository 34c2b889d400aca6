/**
 * The round trip a LightGBM user makes (README "Comparing with models outside hurdle-lab"):
 * `npm run folds` → train per fold outside hurdle-lab (here: the TypeScript twins in
 * scripts/external-models.ts, reading plain CSV with csv-parse) → `npm run score` → `npm run
 * report`, which must pair the external run with ours fold by fold.
 */
import assert from 'node:assert/strict';
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { Writable } from 'node:stream';
import test from 'node:test';
import { parse } from 'csv-parse/sync';
import { initBackend } from '../../src/backend.ts';
import { runFoldsCommand } from '../../src/cli/folds.ts';
import { runResultsCommand } from '../../src/cli/results.ts';
import { runScoreCommand } from '../../src/cli/score.ts';
import { foldFingerprint, type Fold } from '../../src/cv/folds.ts';
import { writeSyntheticCsv } from '../../src/data/synthetic.ts';
import { buildReport } from '../../src/report/build.ts';
import type { ResultFile } from '../../src/results/types.ts';
import { runExperiment } from '../../src/run/experiment.ts';
import { groupMean, oofCsv, outOfFold, readFoldsCsv, trainingMean } from '../../scripts/external-models.ts';
import { repoRoot, SMALL, smallExperiment, tempDir } from '../run/helpers.ts';

const experiment = path.join(repoRoot, 'experiments/baseline.yaml');
const sets = [...SMALL, 'model.hidden=[16]'].flatMap((s) => ['--set', s]);
const sink = () => new Writable({ write: (_c, _e, done) => done() });
const io = { stdout: sink(), stderr: sink() };
const dir = tempDir('hl-score-');
const { config, origin } = smallExperiment('baseline.yaml');

// The data as a user has it: the synthetic CSV (and its oracle sidecar), read with a plain CSV parser.
const written = await writeSyntheticCsv(path.join(dir, 'data.csv'), { ...config.data.synthetic }, { oracle: true });
const records = parse(readFileSync(written.path, 'utf8'), { columns: true }) as Record<string, string>[];
const y = records.map((r) => (r.purchaseValue === '' ? 0 : Number(r.purchaseValue)));
const oracleRows = parse(readFileSync(written.oraclePath!, 'utf8'), { columns: true }) as Record<string, string>[];

assert.equal(await runFoldsCommand([experiment, ...sets, '--out', path.join(dir, 'folds.csv')], io), 0);
const folds = readFoldsCsv(readFileSync(path.join(dir, 'folds.csv'), 'utf8'));
const sidecar = JSON.parse(readFileSync(path.join(dir, 'folds.json'), 'utf8'));

async function score(lines: string, name: string, out: string): Promise<ResultFile> {
  const file = path.join(dir, `${name}.csv`);
  writeFileSync(file, lines);
  assert.equal(await runScoreCommand([experiment, ...sets, '--predictions', file, '--name', name, '--out', out], io), 0);
  const json = readdirSync(out).find((f) => f.startsWith(`${name}-`))!;
  return JSON.parse(readFileSync(path.join(out, json), 'utf8')) as ResultFile;
}

test('folds.csv is the runner\'s assignment: its fingerprint equals the one a real run records', async () => {
  await initBackend('wasm');
  assert.equal(folds.length, config.data.synthetic.rows * config.cv.repeats);
  const rebuilt: Fold[] = [];
  for (let f = 0; f < config.cv.folds; f++) {
    const test = Int32Array.from(folds.filter((l) => l.fold === f).map((l) => l.row));
    rebuilt.push({ index: f, repeat: 0, fold: f, test, train: new Int32Array(0) });
  }
  const { result } = await runExperiment(config, origin, { outDir: dir, backend: 'wasm', workers: 1, resume: false, write: false, reproduce: 'test' });
  assert.equal(foldFingerprint(rebuilt, config.data.synthetic.rows), result.folds.fingerprint);
  assert.equal(sidecar.fingerprint, result.folds.fingerprint);
  assert.equal(sidecar.data.sha256, result.data.sha256);
  assert.equal(sidecar.seeds.derived['cv/0'], result.seeds.derived['cv/0']);
});

test('with data.idColumn the id column is appended, holding the data\'s ids', async () => {
  const out = path.join(dir, 'ids.csv');
  assert.equal(await runFoldsCommand([experiment, ...sets, '--set', 'data.idColumn=sessionId', '--out', out], io), 0);
  const rows = parse(readFileSync(out, 'utf8'), { columns: true }) as Record<string, string>[];
  assert.deepEqual(Object.keys(rows[0]), ['row', 'repeat', 'fold', 'sessionId']);
  assert.deepEqual(rows.map((r) => r.sessionId), records.map((r) => r.sessionId));
});

test('round trip: external per-channel and mean models are scored and paired with our run in the report', async () => {
  const out = path.join(dir, 'results');
  const channel = await score(oofCsv(outOfFold(folds, groupMean(y, records.map((r) => r.userChannel)))), 'channel-mean', out);
  const mean = await score(oofCsv(outOfFold(folds, trainingMean(y))), 'train-mean', out);
  assert.equal(channel.config.model.type, 'external');
  assert.equal(channel.folds.fingerprint, sidecar.fingerprint);
  // Independent reference: R² = 1 − SSE/SST by hand on each test fold, from the CSV alone.
  const predicted = new Map(readFoldsCsv(readFileSync(path.join(dir, 'channel-mean.csv'), 'utf8')).map((l) => [l.row, l]));
  const predictions = parse(readFileSync(path.join(dir, 'channel-mean.csv'), 'utf8'), { columns: true }) as Record<string, string>[];
  const byRow = new Map(predictions.map((p) => [Number(p.row), Number(p.prediction)]));
  for (const f of channel.perFold) {
    const rows = [...predicted.values()].filter((l) => l.fold === f.fold).map((l) => l.row);
    const ybar = rows.reduce((s, r) => s + y[r], 0) / rows.length;
    const sse = rows.reduce((s, r) => s + (y[r] - byRow.get(r)!) ** 2, 0);
    const sst = rows.reduce((s, r) => s + (y[r] - ybar) ** 2, 0);
    assert.ok(Math.abs(f.metrics.r2! - (1 - sse / sst)) < 1e-12, `fold ${f.index}: ${f.metrics.r2} vs ${1 - sse / sst}`);
  }

  const ours = (await runExperiment(config, origin, { outDir: out, backend: 'wasm', workers: 1, resume: false, write: true, reproduce: 'test' })).result;
  const report = buildReport([{ path: 'ours', result: ours }, { path: 'c', result: channel }, { path: 'm', result: mean }], { baseline: 'baseline', metrics: ['r2', 'gini'] });
  const r2 = report.comparisons.filter((c) => c.metric === 'r2');
  assert.deepEqual(r2.map((c) => [c.run, c.mode, c.n]), [['channel-mean', 'paired', 3], ['train-mean', 'paired', 3]]);
  assert.ok(r2.every((c) => c.verdict !== null && c.p !== null));
  assert.equal(report.runs.find((r) => r.name === 'channel-mean')!.modelType, 'external');
  // Like our runs, the external result keeps its predictions in a side file that exports back unchanged.
  const back = path.join(dir, 'channel-back.csv');
  const resultFile = path.join(out, readdirSync(out).find((f) => f.startsWith('channel-mean-') && f.endsWith('.json'))!);
  assert.equal(await runResultsCommand(['oof', resultFile, '--out', back], io), 0);
  const exported = parse(readFileSync(back, 'utf8'), { columns: true }) as Record<string, string>[];
  assert.deepEqual(exported.map((r) => [Number(r.row), Number(r.prediction)]), [...byRow.entries()].sort((a, b) => a[0] - b[0]));
});

test('scoring the generator\'s exact E[y|x] as an external model gives exactly r2Oracle on every fold', async () => {
  const lines = ['row,repeat,fold,prediction,purchaseProb,amount'];
  for (const l of folds) {
    const o = oracleRows[l.row];
    const p = Number(o.purchaseProbability);
    lines.push(`${l.row},${l.repeat},${l.fold},${o.oracle},${o.purchaseProbability},${p > 0 ? Number(o.oracle) / p : 0}`);
  }
  const oracle = await score(`${lines.join('\n')}\n`, 'oracle', path.join(dir, 'oracle'));
  for (const f of oracle.perFold) {
    assert.equal(f.metrics.r2, f.metrics.r2Oracle, `fold ${f.index}`);
    assert.ok(f.metrics.auc! > 0.5 && typeof f.metrics.amountR2 === 'number');
  }
  assert.equal(oracle.summary.r2.mean, oracle.summary.r2Oracle.mean);
});

test('bad predictions are one error paragraph naming file, line and column (exit 2), and nothing is written', async () => {
  const out = path.join(dir, 'bad');
  const file = path.join(dir, 'bad.csv');
  writeFileSync(file, `row,repeat,prediction\n0,0,1\n1,0,-2\n`);
  let stderr = '';
  const code = await runScoreCommand([experiment, ...sets, '--predictions', file, '--name', 'bad', '--out', out], { stdout: sink(), stderr: { write: (s: string) => (stderr += s) } });
  assert.equal(code, 2);
  assert.match(stderr, /^error: .*bad\.csv:3 `prediction`: `prediction` is out of range/);
  assert.doesNotMatch(stderr, /\n\s+at /, 'no stack trace');
  assert.throws(() => readdirSync(out), /ENOENT/);
});
