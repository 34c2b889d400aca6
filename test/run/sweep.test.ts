import assert from 'node:assert/strict';
import { readdirSync, rmSync } from 'node:fs';
import path from 'node:path';
import test from 'node:test';
import { initBackend } from '../../src/backend.ts';
import { configHash } from '../../src/config/load.ts';
import { parseSweepArg, planSweep, runSweep } from '../../src/run/sweep.ts';
import { smallExperiment, tempDir } from './helpers.ts';

test('parseSweepArg: scalars, lists in brackets, errors', () => {
  assert.deepEqual(parseSweepArg('train.learningRate=0.001,0.0003'), ['train.learningRate', [0.001, 0.0003]]);
  assert.deepEqual(parseSweepArg('model.hidden=[64],[128,64]'), ['model.hidden', [[64], [128, 64]]]);
  assert.deepEqual(parseSweepArg('model.retransform=smearing,lognormal'), ['model.retransform', ['smearing', 'lognormal']]);
  assert.throws(() => parseSweepArg('train.epochs'), /bad --sweep "train\.epochs": no key=values/);
  assert.throws(() => parseSweepArg('train.epochs='), /no values/);
});

test('planSweep: Cartesian product of YAML and CLI keys, shared seed, one name per point', () => {
  const { config } = smallExperiment('hurdle.yaml');
  assert.equal(planSweep(config, []), null, 'no sweep keys, no sweep');
  const plan = planSweep(config, [
    ['train.learningRate', [0.001, 0.003]],
    ['model.trunk', [[], [8]]],
  ])!;
  assert.equal(plan.points.length, 4);
  assert.deepEqual(plan.keys, ['train.learningRate', 'model.trunk']);
  assert.deepEqual(
    plan.points.map((p) => [p.config.train.learningRate, p.config.model.type === 'hurdle' && p.config.model.trunk]),
    [[0.001, []], [0.001, [8]], [0.003, []], [0.003, [8]]],
  );
  assert.deepEqual(plan.points.map((p) => p.config.name), ['hurdle-p1', 'hurdle-p2', 'hurdle-p3', 'hurdle-p4']);
  assert.ok(plan.points.every((p) => p.config.seed === config.seed && Object.keys(p.config.sweep).length === 0));
  assert.throws(() => planSweep(config, [['model.hiden', [[8]]]]), /hiden|hidden/);
});

test('runSweep writes one result per point sharing folds; --resume skips finished points', async () => {
  await initBackend('wasm');
  const out = tempDir();
  const { config, origin } = smallExperiment('hurdle.yaml', ['train.epochs=1']);
  const plan = planSweep(config, [
    ['train.learningRate', [0.001, 0.003]],
    ['model.retransform', ['smearing', 'lognormal']],
  ])!;
  const opts = { outDir: out, backend: 'wasm' as const, workers: 1, resume: true, write: true, reproduce: 'npm run exp -- x.yaml' };
  const first = await runSweep(plan, origin, opts);
  const files = readdirSync(out).filter((f) => f.endsWith('.json'));
  assert.equal(files.length, 4);
  assert.equal(new Set(first.runs.map((r) => r.result.folds.fingerprint)).size, 1, 'all points share the folds');
  assert.ok(first.runs.every((r) => r.result.sweep?.id === plan.id && !r.reused));
  // The recorded command reruns exactly this point: same config hash, hence the same result name.
  const words = first.runs[3].result.reproduce.match(/--set ('[^']*'|\S+)/g)!.map((w) => w.replace(/^--set '?|'$/g, ''));
  assert.deepEqual(words.slice(0, 2), ['name=hurdle-p4', 'sweep={}']);
  const again = smallExperiment('hurdle.yaml', ['train.epochs=1', ...words]);
  assert.equal(configHash(again.config, first.runs[3].result.data.sha256), first.runs[3].result.configHash);

  rmSync(path.join(out, files.find((f) => f.startsWith('hurdle-p2-'))!));
  const logs: string[] = [];
  const second = await runSweep(plan, origin, { ...opts, log: (l) => logs.push(l) });
  assert.deepEqual(second.runs.map((r) => r.reused), [true, false, true, true]);
  assert.equal(logs.filter((l) => /done already/.test(l)).length, 3);
  assert.equal(readdirSync(out).filter((f) => f.endsWith('.json')).length, 4);
  assert.deepEqual(second.runs[1].result.perFold.map((f) => f.metrics), first.runs[1].result.perFold.map((f) => f.metrics));
});

test('runSweep over cv.groupBy loads the group column for the grouped point (it is no feature)', async () => {
  await initBackend('wasm');
  const { config, origin } = smallExperiment('users-hurdle.yaml', ['train.epochs=1', 'cv.folds=2', 'cv.repeats=1', 'cv.groupBy=null', 'model.purchaseHead=[8]', 'model.amountHead=[8]']);
  assert.ok(!config.features.categorical.some((c) => c.column === 'userId'), 'userId must come from cv.groupBy alone');
  const plan = planSweep(config, [['cv.groupBy', [null, 'userId']]])!;
  const { runs } = await runSweep(plan, origin, { outDir: tempDir(), backend: 'wasm', workers: 1, resume: false, write: false, reproduce: 'npm run exp -- x.yaml' });
  assert.deepEqual(runs.map((r) => r.result.config.cv.groupBy ?? null), [null, 'userId']);
  assert.notEqual(runs[0].result.folds.fingerprint, runs[1].result.folds.fingerprint, 'grouped folds differ from ungrouped ones');
});
