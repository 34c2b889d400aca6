import assert from 'node:assert/strict';
import { cpSync, mkdtempSync, readdirSync, readFileSync, rmSync, unlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import * as tf from '@tensorflow/tfjs';
import { initBackend } from '../../src/backend.ts';
import { loadExperiment } from '../../src/config/load.ts';
import { isUserError } from '../../src/errors.ts';
import type { PipelineState } from '../../src/features/pipeline.ts';
import { loadExperimentData } from '../../src/run/experiment.ts';
import { saveRunModel } from '../../src/run/save-model.ts';
import { predictWithRun, readSavedRun, type SavedExperiment } from '../../src/run/saved-run.ts';

/** What `npm run predict` does with a saved directory: read it (every check), then predict. */
const predictWithSaved = (dir: string, data: Parameters<typeof predictWithRun>[1]) => predictWithRun(readSavedRun(dir), data);
import { deriveSeed } from '../../src/seeds.ts';

await initBackend('wasm');

const repo = fileURLToPath(new URL('../../', import.meta.url));
const root = mkdtempSync(join(tmpdir(), 'hl-save-run-'));
after(() => rmSync(root, { recursive: true, force: true }));

const { config, origin } = loadExperiment(join(repo, 'experiments/baseline.yaml'), { overrides: ['data.rows=1500', 'train.epochs=1'] });
const data = await loadExperimentData(config);
const readJson = <T>(file: string) => JSON.parse(readFileSync(file, 'utf8')) as T;

const dir = join(root, 'baseline');
let saved: Awaited<ReturnType<typeof saveRunModel>> | undefined;
const save = async () => (saved ??= await saveRunModel(config, data, dir, { origin }));

test('refits on all rows, writes the five files, and the saved directory reproduces the in-sample predictions bit for bit', async () => {
  const start = tf.memory().numTensors;
  const lines: string[] = [];
  const { inSample, dir: written } = (saved = await saveRunModel(config, data, dir, { origin, log: (l) => lines.push(l) }));
  assert.equal(written, dir);
  assert.deepEqual(readdirSync(dir).sort(), ['experiment.json', 'manifest.json', 'model.json', 'pipeline.json', 'weights.bin']);
  assert.equal(inSample.length, data.rowCount);
  assert.ok(inSample.every((v) => Number.isFinite(v) && v >= 0));
  assert.ok(inSample.some((v) => v > 0), 'not a constant-zero model');
  assert.match(lines.join('\n'), /refitting the pipeline and the mlp model on all 1500 rows[\s\S]*saved mlp model \(\d+ features, 1 epochs\)/);

  const again = predictWithSaved(dir, data);
  const differs = again.findIndex((v, i) => !Object.is(v, inSample[i]));
  assert.equal(differs, -1, `row ${differs}: ${again[differs]} vs ${inSample[differs]}`);
  assert.equal(tf.memory().numTensors, start, 'every tensor released');
});

test('experiment.json records what was saved, from what, and how to rebuild it', async () => {
  await save();
  const exp = readJson<SavedExperiment>(join(dir, 'experiment.json'));
  const pipeline = readJson<PipelineState>(join(dir, 'pipeline.json'));
  assert.deepEqual(exp.saved, { kind: 'refit-all', note: 'pipeline and model refitted on all training rows after CV' });
  assert.deepEqual(exp.config, JSON.parse(JSON.stringify(config)));
  assert.deepEqual(exp.origin, JSON.parse(JSON.stringify(origin)));
  assert.deepEqual(exp.data, JSON.parse(JSON.stringify(data.identity)));
  assert.equal(exp.seeds.root, config.seed);
  // baseline.yaml has dropout and early stopping, so the refit drew on all four streams.
  assert.deepEqual(exp.seeds.derived, Object.fromEntries(['init', 'dropout', 'shuffle', 'split'].map((n) => [`final/${n}`, deriveSeed(config.seed, 'final', n)])));
  assert.equal(pipeline.fittedRows, data.rowCount, 'the pipeline saw every row');
  assert.deepEqual(exp.featureNames, pipeline.featureNames);
  assert.equal(exp.model.type, 'mlp');
  assert.equal(exp.model.fit.epochsRun, 1);
  assert.equal(exp.hurdleLabVersion, readJson<{ version: string }>(join(repo, 'package.json')).version);
  assert.equal(exp.environment.backend, 'wasm');
  assert.ok(Math.abs(Date.parse(exp.createdAt) - Date.now()) < 10 * 60_000);
  assert.deepEqual(exp.files, ['experiment.json', 'manifest.json', 'model.json', 'pipeline.json', 'weights.bin']);
  assert.equal(exp.inSample.rows, data.rowCount);
});

test('the refit is seeded: the same seed gives the same weights, another seed different ones', async () => {
  await save();
  const reseeded = await saveRunModel(config, data, join(root, 'other-seed'), { seed: config.seed + 1 });
  assert.notDeepEqual(readFileSync(join(root, 'other-seed', 'weights.bin')), readFileSync(join(dir, 'weights.bin')));
  assert.equal(reseeded.experiment.seeds.derived['final/init'], deriveSeed(config.seed + 1, 'final', 'init'));
  const same = readSavedRun(dir).state;
  const rerun = await saveRunModel(config, data, join(root, 'same-seed'), {});
  assert.deepEqual(readSavedRun(join(root, 'same-seed')).state, same);
  assert.deepEqual(rerun.inSample, saved!.inSample);
});

test('a folder that is partial, edited or mixed is refused before use, naming the file', async () => {
  await save();
  const other = join(root, 'other-save');
  await saveRunModel(config, data, other, { seed: config.seed + 1 }); // same features, other weights
  const copy = (name: string) => {
    const d = join(root, name);
    cpSync(dir, d, { recursive: true });
    return d;
  };
  const refused = (d: string, pattern: RegExp, code = 'MODEL_INVALID') =>
    assert.throws(() => predictWithSaved(d, data), (e: unknown) => isUserError(e) && e.code === code && pattern.test(e.message), String(pattern));

  const noExperiment = copy('no-experiment');
  unlinkSync(join(noExperiment, 'experiment.json'));
  refused(noExperiment, /no-experiment\/experiment\.json: the saved model folder is partial: this file, listed in its manifest, is missing/);
  const noManifest = copy('no-manifest');
  unlinkSync(join(noManifest, 'manifest.json'));
  refused(noManifest, /no-manifest\/manifest\.json: the saved model folder has no manifest/);

  // The cases: another save's pipeline with the same feature count; an edited model.json.
  const mixed = copy('mixed');
  cpSync(join(other, 'pipeline.json'), join(mixed, 'pipeline.json'));
  refused(mixed, /mixed\/pipeline\.json: this file belongs to another save than the rest of the folder\. Expected saveId [0-9a-f]{32}, got saveId "[0-9a-f]{32}"/);
  const mixedWeights = copy('mixed-weights');
  cpSync(join(other, 'weights.bin'), join(mixedWeights, 'weights.bin'));
  refused(mixedWeights, /mixed-weights\/weights\.bin: this file was edited or replaced after saving/);
  const edited = copy('edited');
  const model = readJson<{ info: Record<string, unknown> }>(join(edited, 'model.json'));
  writeFileSync(join(edited, 'model.json'), JSON.stringify({ ...model, info: { ...model.info, edited: 1 } }, null, 2));
  refused(edited, /edited\/model\.json: this file was edited or replaced after saving: it does not match the manifest\. Expected \d+ bytes/);
  const foreign = copy('foreign');
  writeFileSync(join(foreign, 'experiment.json'), JSON.stringify({ kind: 'hurdle-lab/result', schemaVersion: 1 }));
  refused(foreign, /foreign\/experiment\.json: this file was edited or replaced/);
  const forged = copy('forged');
  const manifest = readJson<{ files: Record<string, { sha256: string }> }>(join(forged, 'manifest.json'));
  manifest.files['model.json'].sha256 = '0'.repeat(64);
  writeFileSync(join(forged, 'manifest.json'), JSON.stringify(manifest));
  refused(forged, /forged\/manifest\.json: the manifest was edited after saving/);
  // The untouched folder still predicts.
  assert.equal(predictWithSaved(dir, data).length, data.rowCount);
});

test('refitting needs the target', async () => {
  await assert.rejects(
    saveRunModel(config, { ...data, target: null }, join(root, 'no-target')),
    (e: unknown) => isUserError(e) && /refitting the model needs the training data with its target column/.test(e.message),
  );
});

for (const name of ['hurdle-realtime', 'ziln']) {
  test(`${name}: the saved directory reproduces the in-sample predictions bit for bit`, async () => {
    const start = tf.memory().numTensors;
    const loaded = loadExperiment(join(repo, `experiments/${name}.yaml`), { overrides: ['data.rows=1500', 'train.epochs=1'] });
    const rows = await loadExperimentData(loaded.config);
    const out = join(root, name);
    const { inSample } = await saveRunModel(loaded.config, rows, out);
    const again = predictWithSaved(out, rows);
    assert.equal(again.findIndex((v, i) => !Object.is(v, inSample[i])), -1);
    assert.ok(inSample.every((v) => Number.isFinite(v) && v >= 0));
    const { pipeline } = readSavedRun(out);
    if (loaded.config.features.dropSessionEnd) {
      assert.ok(pipeline.dropped.length > 0 && !pipeline.featureNames.some((f) => /totalHits|pageViews/.test(f)), 'session-end columns stay out');
    }
    assert.equal(tf.memory().numTensors, start);
  });
}
