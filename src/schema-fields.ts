/**
 * zod building blocks shared by every section's schema (config/, models/). Each check carries its
 * "expected ..." phrase as the zod error, so config/issues.ts can print one message shape:
 * file, line, key, expected, found.
 */
import { z } from 'zod';

export const e = (expected: string) => ({ error: expected });

export function int(min: number, expected: string) {
  return z.int(e(expected)).min(min, e(expected));
}
export const positiveInt = (expected = 'a positive integer') => int(1, expected);
export const nonNegativeInt = (expected = 'a non-negative integer') => int(0, expected);
export const nonNegative = (expected = 'a number ≥ 0') => z.number(e(expected)).min(0, e(expected));
export const positive = (expected = 'a number > 0') => z.number(e(expected)).gt(0, e(expected));
/** A number in [lo, hi). */
export const fraction = (lo: number, hi: number, expected: string) => z.number(e(expected)).min(lo, e(expected)).lt(hi, e(expected));
export const bool = () => z.boolean(e('true or false'));
export const layers = (d: number[]) =>
  z.array(positiveInt('a positive integer (layer width)'), e('a list of layer widths')).default(() => [...d]);

export const columnName = () => z.string(e('a column name')).min(1, e('a non-empty column name'));
export const columns = () => z.array(columnName(), e('a list of column names')).default(() => []);
