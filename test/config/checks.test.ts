/**
 * Cross-field rules, through the whole loader: the YAML a user writes → one error at the file,
 * line and key to fix. Nothing downstream re-checks these facts (features/specs.ts, numeric.ts and
 * data/load.ts trust them), so these tests are the only guard.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { loadExperiment } from '../../src/config/load.ts';
import { tempDir, userErrorOf } from './helpers.ts';

// [label, YAML, line, key, message after "x.yaml:<line> `<key>`: "]
const cases: [string, string, number, string, RegExp][] = [
  ['a column under two kinds', 'features:\n  numeric: [pageViews]\n  categorical: [pageViews]\n', 3, 'features.categorical[0]',
    /^lists column "pageViews" that is already listed at `features\.numeric\[0\]`\. A column may appear in only one of numeric, boolean, categorical and datetime\.$/],
  ['a column twice under one kind', 'features:\n  numeric:\n    - pageViews\n    - pageViews\n', 4, 'features.numeric[1]', /^lists column "pageViews" that is already listed at `features\.numeric\[0\]`\./],
  // One column under two encodings is refused too (features/specs.ts used to let it through).
  ['a categorical column under two encodings', 'features:\n  categorical:\n    - { column: channelGrouping, encoding: onehot }\n    - { column: channelGrouping, encoding: frequency }\n', 4, 'features.categorical[1]',
    /^lists column "channelGrouping" that is already listed at `features\.categorical\[0\]`\. A categorical column takes one encoding: keep one of the two entries\.$/],
  ['a boolean column as the datetime', 'features:\n  boolean: [sessionStart]\n  datetime: sessionStart\n', 3, 'features.datetime', /^lists column "sessionStart" that is already listed at `features\.boolean\[0\]`\./],
  ['log1p of a column that is not numeric', 'features:\n  numeric: [pageViews]\n  boolean: [isMobile]\n  log1p: [isMobile]\n', 4, 'features.log1p[0]',
    /^must name a column listed in `features\.numeric`, got "isMobile"\. Add "isMobile" to `features\.numeric` first\.$/],
  ['a CSV without a path', 'data:\n  source: csv\nfeatures:\n  numeric: [pageViews]\n', 1, 'data.path',
    /^is required when `data\.source` is csv\. Set `data\.path` to the CSV file \(relative to this YAML file\)\.$/],
];

for (const [label, yaml, line, key, message] of cases) {
  test(`checks: ${label} fails at load, at its file, line and key`, (t) => {
    const fx = tempDir({ 'x.yaml': yaml });
    t.after(fx.cleanup);
    const err = userErrorOf(() => loadExperiment(fx.file('x.yaml')));
    assert.equal(err.code, 'CONFIG_INVALID');
    assert.deepEqual([err.details.line, err.details.key], [line, key]);
    const where = `${fx.file('x.yaml')}:${line} \`${key}\`: `;
    assert.ok(err.message.startsWith(where), err.message);
    assert.match(err.message.slice(where.length), message);
  });
}
