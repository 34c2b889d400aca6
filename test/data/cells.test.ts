import { test } from 'node:test';
import assert from 'node:assert/strict';
import { CellError, columnBuilder, parseBooleanCell, parseCategoricalCell, parseDatetimeCell, parseNumericCell } from '../../src/data/cells.ts';

const MISSING_NUMERIC = ['', 'not available in demo dataset', '(not set)', '(none)', 'NaN', 'nan', 'null', 'NA', '  '];

test('parseNumericCell reads decimals and maps every missing token to NaN', () => {
  const cases: [string, number][] = [['10.0', 10], ['1', 1], ['1e3', 1000], [' 7 ', 7], ['-2.5', -2.5], ['.5', 0.5], ['0', 0], ['2E-2', 0.02]];
  for (const [text, want] of cases) assert.equal(parseNumericCell(text), want, text);
  for (const text of MISSING_NUMERIC) assert.ok(Number.isNaN(parseNumericCell(text)), JSON.stringify(text));
});

test('parseNumericCell rejects garbage, hex and infinities with expected/found', () => {
  for (const text of ['abc', 'Infinity', '-Infinity', '0x1A', '1,5', '1e999', '12abc', 'True']) {
    assert.throws(() => parseNumericCell(text), (e: unknown) => e instanceof CellError && e.found === text, text);
  }
});

test('parseBooleanCell accepts the spellings GA and pandas write', () => {
  const cases: [string, number][] = [['True', 1], ['False', 0], ['true', 1], ['false', 0], ['1', 1], ['0', 0], ['1.0', 1], ['0.0', 0], [' True ', 1]];
  for (const [text, want] of cases) assert.equal(parseBooleanCell(text), want, text);
  for (const text of MISSING_NUMERIC) assert.ok(Number.isNaN(parseBooleanCell(text)), JSON.stringify(text));
  for (const text of ['yes', '2', 'Tru']) assert.throws(() => parseBooleanCell(text), CellError, text);
});

test('parseDatetimeCell: unix seconds, YYYYMMDD (UTC midnight), ISO', () => {
  const cases: [string, number][] = [
    ['1494262567', 1494262567],
    ['20170508', Date.UTC(2017, 4, 8) / 1000],
    ['2017-05-08', Date.UTC(2017, 4, 8) / 1000],
    ['2017-05-08T14:03:00Z', Date.UTC(2017, 4, 8, 14, 3) / 1000],
    ['2017-05-08T14:03:00', Date.UTC(2017, 4, 8, 14, 3) / 1000],
    ['2017-05-08T14:03:00+02:00', Date.UTC(2017, 4, 8, 12, 3) / 1000],
  ];
  for (const [text, want] of cases) assert.equal(parseDatetimeCell(text), want, text);
  for (const text of MISSING_NUMERIC) assert.ok(Number.isNaN(parseDatetimeCell(text)), JSON.stringify(text));
  for (const text of ['yesterday', '2017-13-45T99', 'Infinity']) assert.throws(() => parseDatetimeCell(text), CellError, text);
});

test('parseCategoricalCell keeps "(not set)" and "(none)" as categories', () => {
  assert.equal(parseCategoricalCell('(none)'), '(none)');
  assert.equal(parseCategoricalCell('(not set)'), '(not set)');
  assert.equal(parseCategoricalCell('organic'), 'organic');
  assert.equal(parseCategoricalCell(''), null);
  assert.equal(parseCategoricalCell('not available in demo dataset'), null);
});

test('columnBuilder types cells, grows past its capacity hint and memoises consistently', () => {
  const b = columnBuilder('numeric', 2);
  const texts = ['1.0', '', '3', '1.0', 'nan', '2e1'];
  for (const t of texts) b.push(t);
  const col = b.finish();
  assert.equal(col.kind, 'numeric');
  assert.deepEqual([...(col.values as Float64Array)], [1, NaN, 3, 1, NaN, 20]);
  const c = columnBuilder('categorical');
  for (const t of ['a', '', 'a', '(none)']) c.push(t);
  assert.deepEqual(c.finish().values, ['a', null, 'a', '(none)']);
});
