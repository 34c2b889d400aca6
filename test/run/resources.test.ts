/** Resource guards: refuse before allocating, with the estimate; cap workers at the cores. */
import assert from 'node:assert/strict';
import path from 'node:path';
import test from 'node:test';
import { runExpCommand } from '../../src/cli/exp.ts';
import { EXIT } from '../../src/cli/main.ts';
import { capWorkers, estimateMemory, guardMemory, modelParameters, parseMemory } from '../../src/run/resources.ts';
import { isUserError } from '../../src/errors.ts';
import { repoRoot, smallExperiment, tempDir } from './helpers.ts';

test('model parameters match a hand count of the dense layers', () => {
  // 10 inputs → 4 → 3 → 1: (10·4+4) + (4·3+3) + (3·1+1) = 44 + 15 + 4 = 63
  assert.equal(modelParameters({ type: 'mlp', hidden: [4, 3], dropout: 0 }, 10), 63);
  // Two heads over 5 inputs, each 5 → 2 → 1: 2 · ((5·2+2) + (2·1+1)) = 30
  assert.equal(modelParameters({ type: 'hurdle', purchaseHead: [2], amountHead: [2] }, 5), 30);
});

test('the estimate: rows × width × 4 bytes per worker, plus data and models; refused above the limit', () => {
  const { config } = smallExperiment('baseline.yaml', ['model.hidden=[8]']);
  const est = estimateMemory(config, { rows: 1000, columns: 11, inputWidth: 50, workers: 2 });
  assert.equal(est.parts.data, 1000 * 11 * 8);
  assert.equal(est.parts.features, 2 * 1000 * 50 * 4);
  assert.ok(est.parts.model >= 2 * 16 * modelParameters(config.model, 50));
  assert.equal(est.bytes, est.parts.data + est.parts.features + est.parts.model);
  assert.equal(guardMemory(config, { rows: 1000, columns: 11, inputWidth: 50, workers: 2 }, est.bytes).bytes, est.bytes, 'exactly at the limit passes');
  assert.throws(
    () => guardMemory(config, { rows: 1000, columns: 11, inputWidth: 50, workers: 2 }, est.bytes - 1),
    (e: unknown) => isUserError(e) && e.code === 'RESOURCE_LIMIT' && /would need about .* MiB of memory .*more than .* allowed \(--max-memory\)\. Use fewer workers/.test(e.message),
  );
  // A one-hot of an id column: a million levels over 100k rows cannot be held in one array.
  assert.throws(() => guardMemory(config, { rows: 100_000, columns: 11, inputWidth: 1_000_000, workers: 1 }), /cannot be allocated at all: .* 1\.00e\+11 elements/);
});

test('--max-memory sizes parse; bad ones are usage errors', () => {
  assert.equal(parseMemory('8G'), 8 * 1024 ** 3);
  assert.equal(parseMemory('512m'), 512 * 1024 ** 2);
  assert.equal(parseMemory('2.5GiB'), 2.5 * 1024 ** 3);
  assert.equal(parseMemory('1000'), 1000);
  for (const bad of ['', 'lots', '-1G', '0', '8Q']) assert.throws(() => parseMemory(bad), /bad --max-memory value/, bad);
});

test('workers above the cores are capped with a note unless forced; auto is left alone', () => {
  const notes: string[] = [];
  assert.equal(capWorkers(50, false, (l) => notes.push(l), 2), 2);
  assert.match(notes[0], /--workers 50 is more than the 2 cores: using 2/);
  assert.equal(capWorkers(50, true, (l) => notes.push(l), 2), 50);
  assert.equal(capWorkers('auto', false, (l) => notes.push(l), 2), 'auto');
  assert.equal(capWorkers(2, false, (l) => notes.push(l), 2), 2);
  assert.equal(notes.length, 1);
});

test('impossible sizes are refused by exp in the first second with exit 4 and no RangeError', async () => {
  for (const set of ['data.rows=1000000000', 'model.hidden=[20000000]']) {
    let err = '';
    const out = tempDir();
    const code = await runExpCommand([path.join(repoRoot, 'experiments/baseline.yaml'), '--set', set, '--out', out, '--backend', 'wasm'], { stdout: { write: () => true }, stderr: { write: (s: string) => (err += s) } });
    assert.equal(code, EXIT.resources, `${set}: ${err}`);
    assert.match(err, /^error: this run (cannot be allocated at all|would need about)/);
    assert.doesNotMatch(err, /RangeError|\n\s+at /);
  }
});
