import assert from 'node:assert/strict';
import test from 'node:test';
import { isUserError, type UserError } from '../../src/errors.ts';
import { parsePredictionsCsv, type ExpectedPredictions } from '../../src/run/predictions-file.ts';

// 4 rows, 2 repeats, 2 folds; the assignment is written out by hand.
const expected: ExpectedPredictions = {
  file: 'oof.csv',
  nRows: 4,
  assignment: [Int32Array.from([0, 1, 0, 1]), Int32Array.from([1, 1, 0, 0])],
  idColumn: 'sessionId',
  ids: ['a', 'b', 'c', 'd'],
};
const GOOD = ['row,repeat,prediction', '0,0,1.5', '1,0,0', '2,0,2e3', '3,0,.25', '0,1,1', '1,1,2', '2,1,3', '3,1,4'];

function errorOf(lines: string[]): UserError {
  try {
    parsePredictionsCsv(`${lines.join('\n')}\n`, expected);
  } catch (e) {
    assert.ok(isUserError(e), `expected a UserError, got ${String(e)}`);
    return e;
  }
  assert.fail('expected a UserError, nothing was thrown');
}

test('a complete file parses into per-repeat arrays indexed by data row, in any line order', () => {
  const shuffled = [GOOD[0], ...GOOD.slice(1).reverse()];
  const p = parsePredictionsCsv(`\uFEFF${shuffled.join('\r\n')}\r\n`, expected);
  assert.deepEqual([...p.prediction[0]], [1.5, 0, 2000, 0.25]);
  assert.deepEqual([...p.prediction[1]], [1, 2, 3, 4]);
  assert.equal(p.purchaseProb, null);
  assert.equal(p.lines, 8);
});

test('optional fold, purchaseProb, amount and id columns are read and checked', () => {
  const lines = ['sessionId,row,repeat,fold,prediction,purchaseProb,amount'];
  for (let r = 0; r < 2; r++) for (let row = 0; row < 4; row++) lines.push(`${'abcd'[row]},${row},${r},${expected.assignment[r][row]},${row},0.5,${2 * row}`);
  const p = parsePredictionsCsv(lines.join('\n'), expected);
  assert.deepEqual([...p.purchaseProb![1]], [0.5, 0.5, 0.5, 0.5]);
  assert.deepEqual([...p.amount![0]], [0, 2, 4, 6]);
});

// Each case: the file, then what the message must say (file:line `column` and the reason).
const cases: [string, string[], RegExp][] = [
  ['a missing row', GOOD.filter((l) => l !== '2,0,2e3'), /^oof\.csv `row`: 1 of the experiment's 4 rows have no prediction in repeat 0 \(rows 2\)/],
  ['a duplicated row', [...GOOD, '1,0,7'], /^oof\.csv:10 `row`: row 1 of repeat 0 appears twice \(first on line 3\)/],
  ['a row out of range', [...GOOD, '4,0,1'], /^oof\.csv:10 `row`: row 4 does not exist: the experiment's data has 4 rows\. Expected 0\.\.3, got 4\. Is this the same data/],
  ['a repeat that does not exist', [...GOOD, '0,2,1'], /^oof\.csv:10 `repeat`: repeat 2 does not exist: the experiment has cv\.repeats = 2/],
  ['a non-integer row', ['row,repeat,prediction', '1.5,0,1'], /^oof\.csv:2 `row`: `row` must be a non-negative integer\. Expected an integer ≥ 0, got "1\.5"/],
  ['a NaN prediction', ['row,repeat,prediction', '0,0,NaN'], /^oof\.csv:2 `prediction`: `prediction` must be a finite number\. Expected a number ≥ 0, got NaN \(not finite\)/],
  ['an empty prediction (pandas NaN)', ['row,repeat,prediction', '0,0,'], /^oof\.csv:2 `prediction`: .*got an empty cell \(pandas writes NaN as an empty cell\)/],
  ['an infinite prediction', ['row,repeat,prediction', '0,0,inf'], /^oof\.csv:2 `prediction`: .*got inf \(not finite\)/],
  ['a non-numeric prediction', ['row,repeat,prediction', '0,0,12abc'], /^oof\.csv:2 `prediction`: .*got "12abc"/],
  ['a negative prediction', ['row,repeat,prediction', '0,0,-3'], /^oof\.csv:2 `prediction`: `prediction` is out of range \(a purchase value cannot be negative\)\. Expected a number ≥ 0, got -3\. Clip predictions at 0/],
  ['a probability above 1', ['row,repeat,prediction,purchaseProb', '0,0,1,1.2'], /^oof\.csv:2 `purchaseProb`: .*Expected a probability in \[0, 1\], got 1\.2/],
  ['predictions made on other folds', ['row,repeat,fold,prediction', '0,0,1,1'], /^oof\.csv:2 `fold`: row 0 of repeat 0 is in test fold 0 of this experiment, but the file says fold 1.*npm run folds/],
  ['ids that do not match the data', ['row,repeat,prediction,sessionId', '1,0,1,a'], /^oof\.csv:2 `sessionId`: row 1 has id "a" here but "b" in the experiment's data: the file does not match the data/],
  ['a ragged line', ['row,repeat,prediction', '0,0'], /^oof\.csv:2 .*the line has 2 fields but the header has 3/],
  ['a misspelt column', ['row,repeat,predicton'], /^oof\.csv:1 `predicton`: unknown column "predicton".*Did you mean "prediction"\?/],
  ['a missing required column', ['row,prediction', '0,1'], /^oof\.csv:1 `repeat`: the predictions file has no "repeat" column/],
  ['an empty file', [''], /^oof\.csv: the predictions file is empty/],
];
for (const [what, lines, message] of cases) {
  test(`rejects ${what}, naming file, line and column`, () => {
    assert.match(errorOf(lines).message, message);
  });
}
