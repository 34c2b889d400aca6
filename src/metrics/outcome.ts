/**
 * A metric's value on one fold, or why it has none. Metrics never return NaN or Infinity: an
 * undefined value (R² when y is constant, AUC without buyers) is null with a reason a reader
 * can act on, which the result file keeps in `notes`.
 */
export type Outcome = { value: number; reason?: undefined } | { value: null; reason: string };

export function defined(value: number): Outcome {
  if (!Number.isFinite(value)) return { value: null, reason: `non-finite result (${value}): predictions overflow double precision` };
  return { value };
}

export function undefinedBecause(reason: string): Outcome {
  return { value: null, reason };
}

/** Throws when two paired arrays differ in length: a caller bug, never user input. */
export function assertPaired(a: ArrayLike<number>, b: ArrayLike<number>, what: string): void {
  if (a.length !== b.length) throw new Error(`${what}: arrays differ in length (${a.length} vs ${b.length})`);
}
