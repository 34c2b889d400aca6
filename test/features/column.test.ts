import assert from 'node:assert/strict';
import { test } from 'node:test';
import { isUserError } from '../../src/errors.ts';
import { byCountThenName, columnOf, countCategories } from '../../src/features/column.ts';
import { cat, dataset, num } from './fixtures.ts';

test('column: category order is count desc, then null, then code-unit order (not locale order)', () => {
  const counts = [...countCategories(cat('b', 'a', 'B', null, 'é', 'e', 'a', 'b').values, [0, 1, 2, 3, 4, 5, 6, 7])];
  assert.deepEqual(counts.sort(byCountThenName).map(([v]) => v), ['a', 'b', null, 'B', 'e', 'é']);
});

test('column: countCategories counts only the given rows, repeats included', () => {
  assert.deepEqual([...countCategories(cat('a', 'b', 'c').values, [2, 0, 2])], [['c', 2], ['a', 1]]);
});

test('column: columnOf names the file, the column and the config key; a column of another kind is a bug', () => {
  const d = dataset({ a: num(1), s: cat('x') }, '/data/train.csv');
  assert.equal(columnOf(d, 'a', 'numeric', 'features.numeric').kind, 'numeric');
  assert.throws(
    () => columnOf(d, 'zz', 'numeric', 'features.numeric'),
    (e: unknown) => isUserError(e) && e.code === 'CSV_HEADER' && /^\/data\/train\.csv `zz`: column "zz" is not in the data.*listed under `features\.numeric`.*got columns "a", "s"\./.test(e.message),
  );
  assert.throws(
    // Loaders type every column by columnSpecsFor(config), so no config can reach this: not a UserError.
    () => columnOf(d, 's', 'datetime', 'features.datetime.column'),
    (e: unknown) => !isUserError(e) && /"s" \(`features\.datetime\.column`\) was loaded as categorical, not datetime/.test(String(e)),
  );
});
