/** Float32 outputs compared with hand-computed doubles, to float32 precision. */
import assert from 'node:assert/strict';

export function assertClose(actual: ArrayLike<number>, expected: readonly number[], message = ''): void {
  assert.equal(actual.length, expected.length, `${message}: length`);
  for (let i = 0; i < expected.length; i++) {
    const tol = 1e-6 * Math.max(1, Math.abs(expected[i]));
    assert.ok(Math.abs(actual[i] - expected[i]) <= tol, `${message}: [${i}] expected ${expected[i]}, got ${actual[i]}`);
  }
}
