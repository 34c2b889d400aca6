/**
 * The target cell of a CSV row: a purchase value ≥ 0, empty for "no purchase". A missing-value
 * token, a negative value or one beyond MAX_TARGET is an error naming the line, never a silent 0.
 */
import { describeValue, UserError } from '../errors.ts';
import { CellError, parseNumericCell } from './cells.ts';

/** The largest accepted target, documented in the README (Data). */
export const MAX_TARGET = 1e15;

export function readTarget(text: string, file: string, line: number, column: string): number {
  let v: number;
  try {
    v = parseNumericCell(text);
  } catch (e) {
    if (!(e instanceof CellError) || /within/.test(e.expected)) v = Number(text.trim()); // magnitude: the bound below names it
    else v = NaN;
  }
  if (Number.isNaN(v)) {
    if (text.trim() === '') return 0; // an empty target is "no purchase"
    throw new UserError('CSV_VALUE', 'the target is present but not a number.', {
      file,
      line,
      key: column,
      expected: 'a purchase value ≥ 0, or an empty cell for no purchase',
      found: describeValue(text),
      hint: 'A missing-value token in the target would silently turn the row into a non-buyer; fix the row, or empty the cell if there was no purchase.',
    });
  }
  if (v > MAX_TARGET) {
    throw new UserError('CSV_VALUE', `the target exceeds the bound of ${MAX_TARGET.toExponential()} (a billion currency units when the target is in micros).`, {
      file,
      line,
      key: column,
      expected: `a purchase value between 0 and ${MAX_TARGET.toExponential()}`,
      found: describeValue(text),
      hint: 'Check the unit and the export of that row; one such value would dominate every squared-error metric.',
    });
  }
  if (v < 0) {
    throw new UserError('CSV_VALUE', 'the target must not be negative.', {
      file,
      line,
      key: column,
      expected: 'a purchase value ≥ 0 (empty means no purchase)',
      found: describeValue(text),
      hint: 'Fix or drop the row; refunds do not belong in a purchase-value target.',
    });
  }
  return v;
}
