import assert from 'node:assert/strict';
import { createRequire } from 'node:module';
import test from 'node:test';
import * as tf from '@tensorflow/tfjs';
import { activeBackend, initBackend } from '../src/backend.ts';
import { isUserError } from '../src/errors.ts';

test('wasm loads here and becomes the active tfjs backend', async () => {
  assert.equal(await initBackend('wasm'), 'wasm');
  assert.equal(tf.getBackend(), 'wasm');
  assert.equal(activeBackend(), 'wasm');
});

test('an unknown backend name is a user error listing the valid ones', async () => {
  await assert.rejects(initBackend('tpu' as never), (e: unknown) => isUserError(e) && /unknown backend "tpu".*auto or one of tensorflow, wasm, cpu/.test(e.message));
});

test('forcing tensorflow: the native backend where tfjs-node is installed, else an error that says why and how to fix', async () => {
  let installed = true;
  try {
    createRequire(import.meta.url).resolve('@tensorflow/tfjs-node');
  } catch {
    installed = false;
  }
  if (installed) {
    // With tfjs-node present (a machine with internet) the native backend must load instead.
    assert.equal(await initBackend('tensorflow'), 'tensorflow');
    await initBackend('wasm');
    return;
  }
  await assert.rejects(initBackend('tensorflow'), (e: unknown) => isUserError(e) && /tfjs-node/.test(e.message) && /--backend wasm/.test(e.message));
  assert.equal(tf.getBackend(), 'wasm', 'a failed tensorflow attempt leaves the wasm backend active');
});
