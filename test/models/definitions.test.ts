/**
 * Properties every registered model must have, run for each entry of the registry: a new model is
 * covered by adding it there, with no test to copy. Fits on the seeded fixture (25% buyers,
 * log-normal amounts) with each model's default config.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import * as tf from '@tensorflow/tfjs';
import { initBackend } from '../../src/backend.ts';
import { isUserError } from '../../src/errors.ts';
import { getModel, MODEL_TYPES, type ModelConfig } from '../../src/models/registry.ts';
import { r2, seeds, sliceRows, synthetic, trainConfig } from './fixtures.ts';

await initBackend('wasm');

const data = synthetic(3000, 61);
const train = sliceRows(data, 0, 2400);
const heldOut = sliceRows(data, 2400, 3000);

for (const type of MODEL_TYPES) {
  const definition = getModel(type);
  const config = definition.configSchema.parse({ type }) as ModelConfig;

  test(`${type}: its schema documents every key and fills every default`, () => {
    for (const [key, field] of Object.entries(definition.configSchema.shape)) {
      if (key !== 'type') assert.ok((field as { description?: string }).description, `model.${key} has a description`);
    }
    assert.deepEqual(Object.keys(config).sort(), Object.keys(definition.configSchema.shape).sort());
  });

  test(`${type}: fits, beats the mean on held-out rows, reloads from JSON bit-identically, releases every tensor`, async () => {
    const start = tf.memory().numTensors;
    const { model, report } = await definition.fit(train.input, train.y, { config, train: trainConfig({ epochs: 4 }), seeds: seeds(3) });
    assert.equal(report.status, 'ok');
    const p = model!.predict(heldOut.input);
    assert.ok(p.yHat.every((v) => Number.isFinite(v) && v >= 0));
    assert.ok(r2(heldOut.y, p.yHat) > 0, `held-out R² ${r2(heldOut.y, p.yHat)}`);
    assert.equal(p.purchaseProb !== undefined, definition.twoPart);
    const state = JSON.parse(JSON.stringify(model!.toState()));
    assert.equal(state.type, type);
    for (const [name, value] of Object.entries(state.params)) assert.equal(report.info[name], value, `report.info.${name}`);
    const reloaded = definition.fromState(state);
    assert.deepEqual(reloaded.predict(heldOut.input), p);
    model!.dispose();
    reloaded.dispose();
    assert.equal(tf.memory().numTensors, start);
  });

  test(`${type}: a state with a missing learned parameter or another version is refused by name`, async () => {
    const { model } = await definition.fit(train.input, train.y, { config, train: trainConfig({ epochs: 1 }), seeds: seeds(4) });
    const state = model!.toState();
    model!.dispose();
    const [first] = Object.keys(state.params);
    const { [first]: _dropped, ...rest } = state.params;
    assert.throws(() => definition.fromState({ ...state, params: rest }), (e: unknown) => isUserError(e) && e.code === 'MODEL_INVALID' && e.message.includes(`params.${first}`));
    assert.throws(() => definition.fromState({ ...state, version: state.version + 1 }), (e: unknown) => isUserError(e) && e.code === 'MODEL_INVALID' && /state version/.test(e.message));
  });

  test(`${type}: a diverging fit returns no model and keeps no tensor`, async () => {
    const start = tf.memory().numTensors;
    const { model, report } = await definition.fit(train.input, train.y, { config, train: trainConfig({ epochs: 2, learningRate: 1e9, optimizer: 'sgd' }), seeds: seeds(5) });
    assert.equal(model, null);
    assert.equal(report.status, 'diverged');
    assert.equal(tf.memory().numTensors, start);
  });
}
