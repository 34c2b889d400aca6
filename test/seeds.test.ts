import assert from 'node:assert/strict';
import test from 'node:test';
import { deriveSeed, makeFastRng, makeRng, normal, SeedBook, shuffleInPlace, traceSeeds } from '../src/seeds.ts';

test('deriveSeed: deterministic, by name, never 0, fits in 31 bits', () => {
  assert.equal(deriveSeed(42, 'fold', 3, 'init'), deriveSeed(42, 'fold', 3, 'init'));
  const seen = new Set<number>();
  for (let root = 0; root < 50; root++)
    for (const name of ['init', 'dropout', 'shuffle', 'split', 'data', 'cv']) {
      const s = deriveSeed(root, 'fold', 1, name);
      assert.ok(Number.isInteger(s) && s > 0 && s <= 0x7fffffff, `seed ${s}`);
      seen.add(s);
    }
  assert.equal(seen.size, 300, 'distinct names and roots give distinct seeds');
  assert.notEqual(deriveSeed(42, 'fold', 1), deriveSeed(42, 'fold', 2));
  assert.notEqual(deriveSeed(42, 'a'), deriveSeed(43, 'a'));
});

test('makeRng: same seed same stream, other seed other stream, uniform on [0, 1)', () => {
  const a = makeRng(7);
  const b = makeRng(7);
  const c = makeRng(8);
  const xs = Array.from({ length: 1000 }, () => a());
  assert.deepEqual(xs, Array.from({ length: 1000 }, () => b()));
  assert.notDeepEqual(xs, Array.from({ length: 1000 }, () => c()));
  assert.ok(xs.every((x) => x >= 0 && x < 1));
  const mean = xs.reduce((s, x) => s + x, 0) / xs.length;
  assert.ok(Math.abs(mean - 0.5) < 0.05, `mean ${mean}`);
});

test('normal: mean ≈ 0 and variance ≈ 1 over 20k draws', () => {
  const rng = makeRng(1);
  const xs = Array.from({ length: 20000 }, () => normal(rng));
  const mean = xs.reduce((s, x) => s + x, 0) / xs.length;
  const v = xs.reduce((s, x) => s + (x - mean) ** 2, 0) / (xs.length - 1);
  assert.ok(Math.abs(mean) < 0.03 && Math.abs(v - 1) < 0.05, `mean ${mean}, var ${v}`);
});

test('shuffleInPlace is a seeded permutation', () => {
  const a = shuffleInPlace(Int32Array.from({ length: 100 }, (_, i) => i), makeRng(3));
  const b = shuffleInPlace(Int32Array.from({ length: 100 }, (_, i) => i), makeRng(3));
  assert.deepEqual(a, b);
  assert.deepEqual([...a].sort((x, y) => x - y), Array.from({ length: 100 }, (_, i) => i));
  assert.notDeepEqual([...a], Array.from({ length: 100 }, (_, i) => i));
});

test('SeedBook records every seed it hands out under its path', () => {
  const book = new SeedBook(42);
  const s = book.derive('fold', 0, 'init');
  assert.equal(s, deriveSeed(42, 'fold', 0, 'init'));
  assert.deepEqual(book.used, { 'fold/0/init': s });
});

test('SeedBook.child derives the same seeds as the book, records them in both, and refuses a name with two values', () => {
  const book = new SeedBook(42);
  const fold = book.child('fold', 3);
  const init = fold.derive('init');
  assert.equal(init, deriveSeed(42, 'fold', 3, 'init'), 'the same value as deriving from the root by the full path');
  assert.equal(fold.child('head').derive('x'), deriveSeed(42, 'fold', 3, 'head', 'x'));
  assert.equal(fold.record('given', 5), 5);
  assert.deepEqual(fold.used, { init, 'head/x': deriveSeed(42, 'fold', 3, 'head', 'x'), given: 5 });
  assert.deepEqual(book.used, { 'fold/3/init': init, 'fold/3/head/x': deriveSeed(42, 'fold', 3, 'head', 'x'), 'fold/3/given': 5 });
  assert.equal(fold.derive('init'), init, 'deriving twice is one record');
  assert.throws(() => fold.record('init', init + 1), /seed init recorded as \d+ and then as \d+/);
});

test('traceSeeds sees every derivation and generator inside it, and nothing after', async () => {
  const { value, events } = await traceSeeds(async () => {
    const s = deriveSeed(7, 'a', 1);
    await Promise.resolve();
    makeRng(s);
    makeFastRng(3);
    return s;
  });
  assert.deepEqual(events, [
    { kind: 'derive', parent: 7, path: 'a/1', value },
    { kind: 'rng', seed: value },
    { kind: 'rng', seed: 3 },
  ]);
  deriveSeed(1, 'after');
  assert.equal(events.length, 3);
});
