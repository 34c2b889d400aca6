import assert from 'node:assert/strict';
import { test } from 'node:test';
import { foldFingerprint, makeFolds } from '../../src/cv/folds.ts';
import { assignGroupedFolds, groupIndex } from '../../src/cv/grouped.ts';
import { generateSynthetic } from '../../src/data/synthetic-generate.ts';
import { isUserError } from '../../src/errors.ts';

test('matches the StratifiedGroupKFold(n_splits=3) example of the scikit-learn user guide', () => {
  // https://scikit-learn.org/stable/modules/cross_validation.html#stratifiedgroupkfold (shuffle=False)
  const y = [1, 1, 1, 1, 1, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0];
  const groups = [1, 2, 3, 3, 4, 4, 1, 1, 2, 2, 3, 4, 5, 5, 5, 6, 6, 6].map(String);
  const { group, nGroups } = groupIndex(groups);
  const fold = assignGroupedFolds(group, nGroups, Uint8Array.from(y), 2, 3, null);
  const tests = [0, 1, 2].map((f) => [...fold.keys()].filter((i) => fold[i] === f));
  assert.deepEqual(tests, [[1, 8, 9, 12, 13, 14], [2, 3, 10, 15, 16, 17], [0, 4, 5, 6, 7, 11]]);
});

const users = generateSynthetic({ rows: 6000, seed: 11, buyerRate: 0.03, tailSigma: 1, leakage: 1, mode: 'users' });
const userIds = users.cells[users.header.indexOf('userId')];

test('no user is ever on both sides of a fold, every row is tested once per repeat, and buyers stay balanced', () => {
  const folds = makeFolds(users.target, { k: 5, repeats: 3, stratify: 'purchase', seed: 3, groups: userIds });
  const buyers = users.target.reduce((c, v) => c + (v > 0 ? 1 : 0), 0);
  for (let r = 0; r < 3; r++) {
    const seen = new Int32Array(users.rowCount);
    for (const f of folds.filter((x) => x.repeat === r)) {
      const testUsers = new Set(Array.from(f.test, (i) => userIds[i]));
      for (const i of f.train) assert.ok(!testUsers.has(userIds[i]), `repeat ${r} fold ${f.fold}: user ${userIds[i]} is split`);
      for (const i of f.test) seen[i]++;
      const foldBuyers = Array.from(f.test).filter((i) => users.target[i] > 0).length;
      assert.ok(Math.abs(foldBuyers - buyers / 5) <= 2, `fold buyers ${foldBuyers} vs ${buyers / 5}`);
      assert.ok(Math.abs(f.test.length - users.rowCount / 5) <= 0.02 * users.rowCount, `fold size ${f.test.length}`);
    }
    assert.ok(seen.every((c) => c === 1));
  }
});

test('grouped folds are seeded, differ by repeat, and their fingerprint differs from the ungrouped one', () => {
  const opts = { k: 5, repeats: 2, stratify: 'purchase' as const, seed: 3, groups: userIds };
  const a = makeFolds(users.target, opts);
  const b = makeFolds(users.target, opts);
  assert.deepEqual(a.map((f) => Array.from(f.test)), b.map((f) => Array.from(f.test)));
  assert.notDeepEqual(Array.from(a[0].test), Array.from(a[5].test));
  const grouped = foldFingerprint(a, users.rowCount, 'userId');
  assert.equal(grouped, foldFingerprint(b, users.rowCount, 'userId'));
  assert.notEqual(grouped, foldFingerprint(makeFolds(users.target, { ...opts, groups: undefined }), users.rowCount));
  assert.notEqual(grouped, foldFingerprint(a, users.rowCount), 'the header names the group column');
});

test('a missing group value is a group of its own; too few groups is a user error naming cv.groupBy', () => {
  const { group, nGroups } = groupIndex(['a', null, 'a', null, 'b']);
  assert.deepEqual(Array.from(group), [0, 1, 0, 2, 3]);
  assert.equal(nGroups, 4);
  const y = Float64Array.from([1, 0, 1, 0, 1, 0]);
  assert.throws(
    () => makeFolds(y, { k: 3, repeats: 1, stratify: 'none', seed: 1, groups: ['u', 'u', 'u', 'v', 'v', 'v'] }),
    (e: unknown) => isUserError(e) && e.details.key === 'cv.groupBy' && /only 2 groups/.test(e.message),
  );
});
