import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import test from 'node:test';
import * as tf from '@tensorflow/tfjs';
import { initBackend } from '../../src/backend.ts';
import { resultChecksum } from '../../src/results/checksum.ts';
import type { ResultFile } from '../../src/results/types.ts';
import { loadExperimentData, runExperiment, type RunOptions } from '../../src/run/experiment.ts';
import { readOof } from '../../src/results/oof.ts';
import { r2 } from '../../src/metrics/regression.ts';
import { rocAuc } from '../../src/metrics/classification.ts';
import { smallExperiment, tempDir } from './helpers.ts';

const opts = (outDir: string, extra: Partial<RunOptions> = {}): RunOptions => ({
  outDir,
  backend: 'wasm',
  workers: 1,
  resume: false,
  write: true,
  reproduce: 'test',
  ...extra,
});

const foldMetrics = (r: ResultFile) => r.perFold.map((f) => f.metrics);

test('a run writes a self-describing, checksummed result with every section', async () => {
  await initBackend('wasm');
  const out = tempDir();
  const { config, origin } = smallExperiment('hurdle.yaml');
  const { result, path: file } = await runExperiment(config, origin, opts(out));
  assert.ok(file && file.endsWith('.json'));
  const onDisk = JSON.parse(readFileSync(file, 'utf8')) as ResultFile;
  assert.equal(onDisk.checksum, resultChecksum(onDisk as unknown as Record<string, unknown>));
  assert.equal(onDisk.schemaVersion, 1);
  assert.equal(onDisk.perFold.length, 3);
  assert.equal(onDisk.environment.backend, 'wasm');
  assert.equal(onDisk.data.source, 'synthetic');
  assert.match(onDisk.data.sha256, /^[0-9a-f]{64}$/);
  assert.match(onDisk.folds.fingerprint, /^[0-9a-f]{64}$/);
  assert.ok(onDisk.seeds.derived['fold/0/init'] > 0 && onDisk.seeds.derived['cv/0'] > 0 && onDisk.seeds.derived.data > 0);
  for (const f of onDisk.perFold) {
    assert.equal(f.status, 'ok');
    for (const m of ['r2', 'rmse', 'mae', 'r2Trimmed', 'r2TrimDelta', 'topSseShare', 'r2Winsorized', 'r2Log1p', 'gini', 'spearman', 'auc', 'amountR2', 'r2Oracle'])
      assert.ok(m in f.metrics, `fold ${f.index} lacks ${m}`);
    assert.ok(f.deciles && f.deciles.count.reduce((a, b) => a + b, 0) === f.nTest);
    assert.deepEqual(f.kernel, { requested: 'auto', used: 'wasm-simd', reason: 'auto on the wasm backend' });
  }
  assert.equal(onDisk.summary.r2.n + onDisk.summary.r2.nullFolds, 3);
  assert.match(onDisk.reproduce, /--backend wasm$/);
  assert.deepEqual(foldMetrics(onDisk), foldMetrics(result));
  assert.deepEqual(readdirSync(out).filter((f) => f.endsWith('.json')), [path.basename(file)]);
  // Every metric it holds has its direction recorded; the diagnostics are 'none'.
  const held = new Set(onDisk.perFold.flatMap((f) => Object.keys(f.metrics)));
  assert.deepEqual(Object.keys(onDisk.metricDirections!).sort(), [...held].sort());
  assert.equal(onDisk.metricDirections!.r2, 'higher');
  assert.equal(onDisk.metricDirections!.logLoss, 'lower');
  assert.equal(onDisk.metricDirections!.r2Trimmed, 'none');
  assert.ok(onDisk.perFold.every((f) => f.sensitivity && f.reliability && !('predictions' in f)), 'curves in, predictions out');
  assert.ok(onDisk.perFold.every((f, i) => f.seeds.bootstrap === onDisk.seeds.derived[`fold/${i}/bootstrap`]));

  // The predictions side file: every row once, and it rescores to exactly the recorded metrics.
  assert.equal(onDisk.oof!.file, path.basename(file).replace(/\.json$/, '.oof.csv.gz'));
  const oof = readOof(file, onDisk.oof!);
  assert.equal(oof.row.length, 1500);
  assert.deepEqual([...oof.row], Array.from({ length: 1500 }, (_, i) => i));
  const data = await loadExperimentData(config);
  for (const f of onDisk.perFold) {
    const idx = [...oof.row.keys()].filter((i) => oof.fold[i] === f.fold);
    assert.equal(idx.length, f.nTest);
    const y = idx.map((i) => data.target![oof.row[i]]);
    assert.equal(r2(y, idx.map((i) => oof.prediction[i])).value, f.metrics.r2, `fold ${f.index} r2 from the side file`);
    assert.equal(rocAuc(y, idx.map((i) => oof.purchaseProb![i])).value, f.metrics.auc);
  }
});

test('same config and seed ⇒ identical fold metrics; another seed ⇒ different folds and metrics', async () => {
  const out = tempDir();
  const a = smallExperiment();
  const r1 = (await runExperiment(a.config, a.origin, opts(out, { write: false }))).result;
  const r2 = (await runExperiment(a.config, a.origin, opts(out, { write: false }))).result;
  assert.deepEqual(foldMetrics(r1), foldMetrics(r2));
  assert.equal(r1.folds.fingerprint, r2.folds.fingerprint);
  const b = smallExperiment('baseline.yaml', [], 7);
  const r3 = (await runExperiment(b.config, b.origin, opts(out, { write: false }))).result;
  assert.notEqual(r3.folds.fingerprint, r1.folds.fingerprint);
  assert.notDeepEqual(foldMetrics(r3), foldMetrics(r1));
  // The data seed is its own key: --seed changes folds and training, never the data.
  assert.equal(r3.data.sha256, r1.data.sha256);
  assert.equal(r3.seeds.derived.data, r1.seeds.derived.data);
});

test('folds in worker threads give exactly the sequential result', async () => {
  const out = tempDir();
  const { config, origin } = smallExperiment('ziln.yaml');
  const seq = (await runExperiment(config, origin, opts(out, { write: false, workers: 1 }))).result;
  const par = (await runExperiment(config, origin, opts(out, { write: false, workers: 2 }))).result;
  assert.deepEqual(foldMetrics(par), foldMetrics(seq));
  assert.deepEqual(par.perFold.map((f) => f.history), seq.perFold.map((f) => f.history));
  assert.equal(par.environment.backend, 'wasm');
  // On the default kernel (train.kernel: auto → wasm-simd on wasm): identical across worker counts.
  assert.deepEqual(par.perFold.map((f) => f.kernel?.used), ['wasm-simd', 'wasm-simd', 'wasm-simd']);
  assert.deepEqual(par.perFold.map((f) => f.kernel), seq.perFold.map((f) => f.kernel));
});

test('no tensor outlives a run', async () => {
  const out = tempDir();
  const { config, origin } = smallExperiment('hurdle.yaml');
  const before = tf.memory().numTensors;
  await runExperiment(config, origin, opts(out, { write: false }));
  assert.equal(tf.memory().numTensors, before);
});

test('an interrupted run keeps its finished folds and --resume completes it with identical numbers', async () => {
  const out = tempDir();
  const { config, origin } = smallExperiment();
  const clean = (await runExperiment(config, origin, opts(tempDir(), { write: false }))).result;

  const controller = new AbortController();
  let finished = 0;
  const progress = {
    start() {},
    foldStarted() {},
    epoch() {},
    foldDone() {
      if (++finished === 1) controller.abort();
    },
    stop() {},
  };
  await assert.rejects(runExperiment(config, origin, opts(out, { signal: controller.signal, progress })), (e: Error & { code?: string }) => e.code === 'INTERRUPTED');
  assert.deepEqual(readdirSync(out).filter((f) => f.endsWith('.json')), [], 'no result file after an interruption');
  assert.equal(readdirSync(path.join(out, '.partial')).length, 1, 'the checkpoint holds the finished fold');

  const logs: string[] = [];
  const resumed = await runExperiment(config, origin, opts(out, { resume: true, log: (l) => logs.push(l) }));
  assert.equal(resumed.resumedFolds, 1);
  assert.match(logs.join('\n'), /resuming: 1 of 3 folds/);
  assert.deepEqual(foldMetrics(resumed.result), foldMetrics(clean));
  // The resumed folds' predictions came back from the checkpoint: the side file has every row.
  assert.equal(readOof(resumed.path!, resumed.result.oof!).row.length, 1500);
  assert.deepEqual(readdirSync(path.join(out, '.partial')), [], 'the checkpoint is removed once the result is written');
});

test('--resume ignores a checkpoint from another config', async () => {
  const out = tempDir();
  const { config, origin } = smallExperiment();
  const controller = new AbortController();
  const progress = { start() {}, foldStarted() {}, epoch() {}, foldDone: () => controller.abort(), stop() {} };
  await assert.rejects(runExperiment(config, origin, opts(out, { signal: controller.signal, progress })));
  const other = smallExperiment('baseline.yaml', ['train.learningRate=0.002']);
  const logs: string[] = [];
  const r = await runExperiment(other.config, other.origin, opts(out, { resume: true, log: (l) => logs.push(l) }));
  assert.equal(r.resumedFolds, 0);
});
