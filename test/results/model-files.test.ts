import assert from 'node:assert/strict';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, truncateSync, unlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import * as tf from '@tensorflow/tfjs';
import { initBackend } from '../../src/backend.ts';
import type { ModelConfig } from '../../src/config/types.ts';
import { isUserError } from '../../src/errors.ts';
import { getModel } from '../../src/models/registry.ts';
import { encodeModel, loadModelState, MODEL_FORMAT, saveModel, type ModelJson } from '../../src/results/model-files.ts';
import { writeDirectoryAtomic } from '../../src/files/atomic-dir.ts';
import type { ModelState, Prediction } from '../../src/models/types.ts';
import { hurdleConfig, mlpConfig, seeds, sliceRows, synthetic, trainConfig, zilnConfig } from '../models/fixtures.ts';

await initBackend('wasm');

const root = mkdtempSync(join(tmpdir(), 'hl-save-'));
after(() => rmSync(root, { recursive: true, force: true }));
const data = synthetic(600, 31, 6, 5);
const train = sliceRows(data, 0, 450);
const heldOut = sliceRows(data, 450, 600);

async function fitState(config: ModelConfig, epochs = 2): Promise<ModelState> {
  const { model, report } = await getModel(config.type).fit(train.input, train.y, { config, train: trainConfig({ epochs }), seeds: seeds(5) });
  assert.equal(report.status, 'ok');
  const state = model!.toState();
  model!.dispose();
  return state;
}

function predictState(state: ModelState): Prediction {
  const model = getModel(state.type).fromState(state);
  try {
    return model.predict(heldOut.input);
  } finally {
    model.dispose();
  }
}

/** Bit-for-bit equality of every prediction array (Object.is also tells 0 from -0 and matches NaN). */
function assertIdentical(a: Prediction, b: Prediction): void {
  for (const key of ['yHat', 'purchaseProb', 'amount'] as const) {
    assert.equal(a[key]?.length, b[key]?.length, key);
    const i = a[key]?.findIndex((v, j) => !Object.is(v, b[key]![j])) ?? -1;
    assert.equal(i, -1, `${key}[${i}]: ${a[key]?.[i]} vs ${b[key]?.[i]}`);
  }
}

/** Dotfiles left beside the saved directories (staging or moved-aside copies). */
const leftovers = (dir = root) => readdirSync(dir).filter((f) => f.startsWith('.'));

const cases: [string, ModelConfig][] = [
  ['mlp', mlpConfig({ dropout: 0.1 })],
  ['mlp with an embedding', mlpConfig({ embeddingDim: 3 })],
  ['hurdle', hurdleConfig({ trunk: [8] })],
  ['ziln', zilnConfig()],
];

for (const [label, config] of cases) {
  test(`${label}: save → load → fromState predicts bit-identically, tensors released`, async () => {
    const start = tf.memory().numTensors;
    const state = await fitState(config);
    const dir = join(root, label.replace(/\W+/g, '-'));
    await saveModel(dir, state);
    assert.deepEqual(readdirSync(dir).sort(), ['model.json', 'weights.bin']);
    const loaded = loadModelState(dir);
    assert.deepEqual(loaded, JSON.parse(JSON.stringify(state)));
    assertIdentical(predictState(loaded), predictState(state));

    const json = JSON.parse(readFileSync(join(dir, 'model.json'), 'utf8')) as ModelJson;
    assert.equal(json.format, MODEL_FORMAT);
    assert.equal(json.modelType, config.type);
    assert.deepEqual(json.weightsManifest[0].paths, ['weights.bin']);
    assert.deepEqual(json.weightsManifest[0].weights.map((w) => w.name), state.weights.map((w) => w.name));
    assert.ok(!readFileSync(join(dir, 'model.json'), 'utf8').includes('"values"'), 'weights live in weights.bin only');
    const bin = readFileSync(join(dir, 'weights.bin'));
    assert.equal(bin.byteLength, 4 * state.weights.reduce((n, w) => n + w.values.length, 0));
    assert.equal(bin.readFloatLE(0), state.weights[0].values[0], 'float32 little-endian, manifest order');
    const last = state.weights.at(-1)!;
    assert.equal(bin.readFloatLE(bin.byteLength - 4), last.values.at(-1));
    if (label.includes('embedding')) assert.ok(state.weights.some((w) => w.name === 'embedding/cat'));
    assert.equal(tf.memory().numTensors, start);
  });
}

// A small fitted state shared by the file-level tests, fitted when first needed (top-level awaits
// would run concurrently with the first tests and blur their tensor counts).
let small: Promise<ModelState> | undefined;
const smallState = () => (small ??= fitState(mlpConfig({ hidden: [4] }), 1));

test('a damaged saved model is refused with a message naming the file and the problem', async () => {
  const state = await smallState();
  const damage: [string, (dir: string) => void, RegExp][] = [
    ['weights.bin deleted', (d) => unlinkSync(join(d, 'weights.bin')), /weights\.bin: the saved model has no weights file\. model\.json lists it/],
    ['weights.bin truncated', (d) => truncateSync(join(d, 'weights.bin'), 10), /model\.json `weightsManifest`: the weights file has the wrong size: it is truncated or comes from another save\. Expected \d+ bytes, got 10 bytes\./],
    [
      'one byte of weights.bin flipped',
      (d) => {
        const b = readFileSync(join(d, 'weights.bin'));
        b[7] ^= 0x40;
        writeFileSync(join(d, 'weights.bin'), b);
      },
      /the weights do not match their checksum: the weights file is corrupted or comes from another save/,
    ],
    ['model.json not JSON', (d) => writeFileSync(join(d, 'model.json'), '{"format": "hurdle-lab/mo'), /model\.json: the model file is not valid JSON/],
    ['model.json from something else', (d) => writeFileSync(join(d, 'model.json'), '{"format": "layers-model"}'), /`format`: this is not a hurdle-lab model file\. Expected "hurdle-lab\/model", got "layers-model"/],
    ['the directory is empty', (d) => rmSync(join(d, 'model.json')), /model\.json: there is no saved model here\..*has no model\.json/],
  ];
  for (const [what, breakIt, message] of damage) {
    const dir = join(root, `damaged-${what.replace(/\W+/g, '-')}`);
    await saveModel(dir, state);
    breakIt(dir);
    assert.throws(
      () => loadModelState(dir),
      (e: unknown) => isUserError(e) && message.test(e.message) && e.message.includes(dir) && !e.message.includes('    at '),
      what,
    );
  }
  assert.throws(() => loadModelState(join(root, 'never-saved')), (e: unknown) => isUserError(e) && e.code === 'FILE_NOT_FOUND' && /never-saved does not exist/.test(e.message));
});

test('a manifest that does not match the weights (another save) is refused even when the sizes agree', async () => {
  const state = await smallState();
  const a = join(root, 'mix-a');
  const b = join(root, 'mix-b');
  await saveModel(a, state);
  const other = { ...state, weights: state.weights.map((w) => ({ ...w, values: w.values.map((v) => v + 1) })) };
  await saveModel(b, other);
  writeFileSync(join(a, 'weights.bin'), readFileSync(join(b, 'weights.bin')));
  assert.throws(() => loadModelState(a), /the weights do not match their checksum/);
});

test('atomic writes: a failed save leaves no directory and no partial model.json; an earlier model survives', async () => {
  const state = await smallState();
  const fresh = join(root, 'atomic-fresh');
  // The second file cannot be created (its folder does not exist): the write fails after model.json was staged.
  const failing = { 'model.json': '{"format": "hurdle-lab/model"}', 'no-such-dir/weights.bin': new Uint8Array(8) };
  await assert.rejects(writeDirectoryAtomic(fresh, failing, { replaceable: ['model.json', 'weights.bin'] }), /ENOENT/);
  assert.ok(!existsSync(fresh), 'nothing at the target');
  assert.deepEqual(leftovers(), []);

  const kept = join(root, 'atomic-kept');
  await saveModel(kept, state);
  await assert.rejects(writeDirectoryAtomic(kept, failing, { replaceable: ['model.json', 'weights.bin'] }), /ENOENT/);
  assert.deepEqual(loadModelState(kept), JSON.parse(JSON.stringify(state)), 'the earlier model is intact');
  assert.deepEqual(leftovers(), []);

  // An invalid state fails before anything is written.
  const broken = { ...state, weights: [{ ...state.weights[0], values: [1, 2, 3] }] };
  assert.throws(() => encodeModel(broken), /has shape \[\d+,\d+\] but 3 values/);
  await assert.rejects(saveModel(join(root, 'atomic-broken'), broken));
  assert.ok(!existsSync(join(root, 'atomic-broken')));
  assert.deepEqual(leftovers(), []);
});

test('saving over an earlier model replaces it whole; a directory with other files is never overwritten', async () => {
  const state = await smallState();
  const dir = join(root, 'replace');
  const other = { ...state, params: { ...state.params, targetScale: 2 } };
  await saveModel(dir, state);
  await saveModel(dir, other);
  assert.deepEqual(loadModelState(dir).params, other.params);
  assert.deepEqual(leftovers(), []);

  const mine = join(root, 'user-files');
  mkdirSync(mine);
  writeFileSync(join(mine, 'notes.txt'), 'keep me');
  await assert.rejects(saveModel(mine, state), (e: unknown) => isUserError(e) && e.code === 'RESULT_EXISTS' && /holds files that are not part of a saved model.*"notes\.txt"/.test(e.message));
  assert.deepEqual(readdirSync(mine), ['notes.txt']);
  assert.deepEqual(leftovers(), []);

  const empty = join(root, 'empty');
  mkdirSync(empty);
  await saveModel(empty, state);
  assert.deepEqual(readdirSync(empty).sort(), ['model.json', 'weights.bin']);
});

test('a non-finite learned parameter is refused rather than silently turned into null', async () => {
  const state = await smallState();
  assert.throws(() => encodeModel({ ...state, params: { ...state.params, targetScale: NaN } }), /cannot save model parameter targetScale = NaN: not finite/);
});
