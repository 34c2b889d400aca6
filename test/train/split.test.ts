import assert from 'node:assert/strict';
import { test } from 'node:test';
import { stratifiedSplit } from '../../src/train/split.ts';

const strata = Uint8Array.from({ length: 1000 }, (_, i) => (i % 10 === 3 ? 1 : 0)); // 100 buyers

test('every row lands in exactly one part', () => {
  const { train, validation } = stratifiedSplit(strata, 0.2, 11);
  const seen = new Uint8Array(strata.length);
  for (const i of [...train, ...validation]) seen[i] += 1;
  assert.ok(seen.every((c) => c === 1));
});

test('each stratum is split in proportion', () => {
  const { validation } = stratifiedSplit(strata, 0.2, 11);
  const buyers = [...validation].filter((i) => strata[i] === 1).length;
  assert.equal(buyers, 20);
  assert.equal(validation.length - buyers, 180);
});

test('same seed, same split; different seed, different split', () => {
  const a = stratifiedSplit(strata, 0.2, 11);
  assert.deepEqual(stratifiedSplit(strata, 0.2, 11), a);
  assert.notDeepEqual(stratifiedSplit(strata, 0.2, 12).validation, a.validation);
});

test('a rare stratum keeps at least one row on each side', () => {
  const rare = Uint8Array.from({ length: 50 }, (_, i) => (i < 2 ? 1 : 0));
  const { train, validation } = stratifiedSplit(rare, 0.1, 3);
  assert.equal([...validation].filter((i) => rare[i] === 1).length, 1);
  assert.equal([...train].filter((i) => rare[i] === 1).length, 1);
});
