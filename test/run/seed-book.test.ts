/**
 * Seeds are recorded where they are used: a run traced by `traceSeeds` (every deriveSeed and
 * every generator, in this thread) must have recorded exactly the seeds its consumers drew on,
 * and every other seed it touched must descend from a recorded one, so that the run is
 * repeatable from its result file alone. `Math.random` is counted meanwhile: no unseeded
 * randomness anywhere in the pipeline.
 */
import assert from 'node:assert/strict';
import path from 'node:path';
import test from 'node:test';
import { initBackend } from '../../src/backend.ts';
import type { ResultFile } from '../../src/results/types.ts';
import { loadExperimentData, runExperiment, type RunOptions } from '../../src/run/experiment.ts';
import { planFolds } from '../../src/run/fold-plan.ts';
import { saveRunModel } from '../../src/run/save-model.ts';
import { scoreExternal } from '../../src/run/score.ts';
import { traceSeeds, type SeedEvent } from '../../src/seeds.ts';
import { smallExperiment, tempDir } from './helpers.ts';

await initBackend('wasm');

const SMALL_RUN = ['data.rows=400', 'train.epochs=2', 'metrics.importance=true', 'metrics.importanceRepeats=2'];
const opts = (extra: Partial<RunOptions> = {}): RunOptions => ({ outDir: tempDir(), backend: 'wasm', workers: 1, resume: false, write: false, reproduce: 'test', ...extra });

/** `fn` with Math.random counted (and the first caller's stack kept, to say who called it). */
async function countingRandom<T>(fn: () => Promise<T>): Promise<{ value: T; calls: number; firstCaller: string | undefined }> {
  const real = Math.random;
  let calls = 0;
  let firstCaller: string | undefined;
  Math.random = () => {
    calls++;
    firstCaller ??= new Error('Math.random called').stack;
    return real();
  };
  try {
    return { value: await fn(), calls, firstCaller };
  } finally {
    Math.random = real;
  }
}

interface Audit {
  /** Recorded seeds that nothing drew on (no derivation or generator from them). */
  unused: string[];
  /** Derivations from the root seed that the record lacks. */
  unrecorded: string[];
  /** Derivations and generators whose seed descends from no recorded seed. */
  orphans: SeedEvent[];
}

/** Checks a record against a trace. */
function audit(root: number, recorded: Record<string, number>, events: SeedEvent[]): Audit {
  const values = new Set(Object.values(recorded));
  const consumed = new Set<number>();
  for (const e of events) consumed.add(e.kind === 'derive' ? e.parent : e.seed);
  const unused = Object.entries(recorded).filter(([, v]) => !consumed.has(v)).map(([k]) => k);
  const unrecorded = events
    .filter((e): e is Extract<SeedEvent, { kind: 'derive' }> => e.kind === 'derive' && e.parent === root && recorded[e.path] !== e.value)
    .map((e) => `${e.path} = ${e.value}`);
  const known = new Set(values);
  const orphans: SeedEvent[] = [];
  for (const e of events) {
    if (e.kind === 'rng') {
      if (!known.has(e.seed)) orphans.push(e);
    } else if (e.parent !== root) {
      if (known.has(e.parent)) known.add(e.value);
      else orphans.push(e);
    }
  }
  return { unused, unrecorded, orphans };
}

function foldRecordsMatch(result: ResultFile): void {
  for (const f of result.perFold) {
    for (const [name, seed] of Object.entries(f.seeds)) assert.equal(result.seeds.derived[`fold/${f.index}/${name}`], seed, `fold ${f.index} ${name}`);
  }
  const foldKeys = Object.keys(result.seeds.derived).filter((k) => k.startsWith('fold/'));
  assert.equal(foldKeys.length, result.perFold.reduce((n, f) => n + Object.keys(f.seeds).length, 0), 'every fold seed of the run is one of a fold\'s own');
}

async function tracedRun(extra: string[], file = 'hurdle.yaml') {
  const { config, origin } = smallExperiment(file, [...SMALL_RUN, ...extra]);
  const { value: traced, calls, firstCaller } = await countingRandom(() => traceSeeds(() => runExperiment(config, origin, opts())));
  return { config, result: traced.value.result, events: traced.events, randomCalls: calls, firstCaller };
}

const full = await tracedRun([]);

test('dropout, early stopping and importance on: every recorded seed was used with that value, every seed used was recorded', () => {
  const { config, result, events } = full;
  assert.ok(config.model.dropout > 0 && config.train.earlyStopping.enabled && config.metrics.importance);
  const derived = result.seeds.derived;
  assert.deepEqual(
    Object.keys(derived).sort(),
    ['cv/0', 'data', ...[0, 1, 2].flatMap((i) => ['bootstrap', 'dropout', 'importance', 'init', 'shuffle', 'split'].map((n) => `fold/${i}/${n}`))].sort(),
  );
  foldRecordsMatch(result);
  assert.equal(derived.data, config.data.synthetic.seed, 'the generator\'s seed, as the config gave it');
  const { unused, unrecorded, orphans } = audit(config.seed, derived, events);
  assert.deepEqual(unused, [], 'recorded but never drawn on');
  assert.deepEqual(unrecorded, [], 'derived from the root but not recorded');
  assert.deepEqual(orphans.slice(0, 5), [], `${orphans.length} seeds that descend from no recorded seed`);
  // An independent count: the shuffle stream feeds exactly one permutation per epoch run.
  for (const f of result.perFold) {
    const perEpoch = events.filter((e) => e.kind === 'derive' && e.parent === f.seeds.shuffle);
    assert.deepEqual(perEpoch.map((e) => e.kind === 'derive' && e.path), Array.from({ length: f.epochsRun }, (_, i) => String(i + 1)), `fold ${f.index}`);
  }
});

test('no unseeded randomness: Math.random is never called during a run', () => {
  assert.equal(full.randomCalls, 0, `Math.random was called ${full.randomCalls} times, first by:\n${full.firstCaller}`);
});

test('dropout 0 and early stopping off: the dropout and split streams are neither drawn nor recorded', async () => {
  const { config, result, events, randomCalls } = await tracedRun(['model.dropout=0', 'train.earlyStopping.enabled=false', 'metrics.importance=false']);
  assert.equal(randomCalls, 0);
  for (const f of result.perFold) assert.deepEqual(Object.keys(f.seeds).sort(), ['bootstrap', 'init', 'shuffle']);
  assert.deepEqual(Object.keys(result.seeds.derived).filter((k) => /\/(dropout|split|importance)$/.test(k)), []);
  foldRecordsMatch(result);
  const { unused, unrecorded, orphans } = audit(config.seed, result.seeds.derived, events);
  assert.deepEqual({ unused, unrecorded, orphans: orphans.slice(0, 5) }, { unused: [], unrecorded: [], orphans: [] });
});

test('fold seeds travel with the fold results: two worker threads record what the sequential run recorded', async () => {
  const { config, origin } = smallExperiment('hurdle.yaml', SMALL_RUN);
  const { result } = await runExperiment(config, origin, opts({ workers: 2 }));
  assert.deepEqual(result.seeds, full.result.seeds);
  assert.deepEqual(result.perFold.map((f) => f.seeds), full.result.perFold.map((f) => f.seeds));
  assert.deepEqual(result.perFold.map((f) => f.metrics), full.result.perFold.map((f) => f.metrics));
});

test('the refit records the final/* seeds it used, and nothing else', async () => {
  const { config } = smallExperiment('hurdle.yaml', ['data.rows=400', 'train.epochs=1', 'model.dropout=0']);
  const data = await loadExperimentData(config);
  const dir = path.join(tempDir('hurdle-seed-save-'), 'model');
  const { value: traced, calls } = await countingRandom(() => traceSeeds(() => saveRunModel(config, data, dir)));
  const { seeds } = traced.value.experiment;
  assert.equal(calls, 0);
  assert.deepEqual(Object.keys(seeds.derived).sort(), ['final/init', 'final/shuffle', 'final/split']);
  // The reload check rebuilds the network without drawing (zeros) before importing the saved weights.
  const { unused, unrecorded, orphans } = audit(seeds.root, seeds.derived, traced.events);
  assert.deepEqual({ unused, unrecorded, orphans: orphans.slice(0, 5) }, { unused: [], unrecorded: [], orphans: [] });
});

test('scoring external predictions records the loader\'s, the planner\'s and each fold\'s bootstrap seed, all drawn on', async () => {
  const { config, origin } = smallExperiment('hurdle.yaml', ['data.rows=400']);
  const { value: body, events } = await traceSeeds(async () => {
    const data = await loadExperimentData(config);
    const plan = planFolds(config, data);
    const predictions = { header: ['row', 'repeat', 'prediction'], prediction: [data.oracle!], purchaseProb: null, amount: null, lines: data.rowCount };
    return scoreExternal({ config, origin, data, plan, predictions, name: 'oracle', file: { name: 'p.csv', sha256: '0'.repeat(64) }, reproduce: 'test', startedAt: new Date(), loadMs: 0 });
  });
  assert.deepEqual(Object.keys(body.seeds.derived).sort(), ['cv/0', 'data', 'fold/0/bootstrap', 'fold/1/bootstrap', 'fold/2/bootstrap']);
  foldRecordsMatch({ ...body, checksum: '' });
  const { unused, unrecorded, orphans } = audit(config.seed, body.seeds.derived, events);
  assert.deepEqual({ unused, unrecorded, orphans: orphans.slice(0, 5) }, { unused: [], unrecorded: [], orphans: [] });
});

for (const file of ['baseline.yaml', 'ziln.yaml', 'tweedie.yaml', 'users-sequence.yaml']) {
  test(`${file}: the record is complete and every seed in it was drawn on`, async () => {
    const { config, result, events, randomCalls } = await tracedRun(['metrics.importance=false', 'model.dropout=0.2'], file);
    assert.equal(randomCalls, 0);
    for (const f of result.perFold) assert.deepEqual(Object.keys(f.seeds).sort(), ['bootstrap', 'dropout', 'init', 'shuffle', 'split']);
    foldRecordsMatch(result);
    const { unused, unrecorded, orphans } = audit(config.seed, result.seeds.derived, events);
    assert.deepEqual({ unused, unrecorded, orphans: orphans.slice(0, 5) }, { unused: [], unrecorded: [], orphans: [] });
  });
}
