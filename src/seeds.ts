/**
 * Seeds. One root seed per experiment; every other seed (folds, initialisers, dropout, shuffling,
 * inner validation split, synthetic data) is derived from it *by name*, so adding a new consumer
 * never shifts the seeds of existing ones. Derived seeds are non-zero uint31 values because
 * tfjs treats seed 0 (and undefined) as "unseeded".
 */
import seedrandom from 'seedrandom';

/** FNV-1a over the UTF-16 code units of `text`, then a murmur3 finaliser. */
function hash32(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}

/** Derive a child seed from a parent seed and a path of names, e.g. `deriveSeed(7, 'fold', 3, 'init')`. */
export function deriveSeed(parent: number, ...path: (string | number)[]): number {
  const s = hash32(`${parent}/${path.join('/')}`) & 0x7fffffff;
  return s === 0 ? 1 : s;
}

/** A seeded uniform [0, 1) generator (seedrandom's ARC4-based default). */
export type Rng = () => number;

export function makeRng(seed: number): Rng {
  const r = seedrandom(String(seed));
  return () => r();
}

/** Standard normal draw via Box-Muller from a seeded uniform generator. */
export function normal(rng: Rng): number {
  let u = 0;
  while (u === 0) u = rng();
  const v = rng();
  return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
}

/** In-place Fisher-Yates shuffle of `a` driven by `rng`. */
export function shuffleInPlace<T extends { length: number; [i: number]: unknown }>(a: T, rng: Rng): T {
  for (let i = a.length - 1; i > 0; i--) {
    const j = Math.floor(rng() * (i + 1));
    const t = a[i];
    a[i] = a[j];
    a[j] = t;
  }
  return a;
}

/**
 * Records every seed handed out, by name, so the result file can list them all.
 * `SeedBook.derive('fold', 2, 'init')` returns the same as `deriveSeed(root, 'fold', 2, 'init')`.
 */
export class SeedBook {
  readonly root: number;
  readonly used: Record<string, number> = {};
  constructor(root: number) {
    this.root = root;
  }
  derive(...path: (string | number)[]): number {
    const s = deriveSeed(this.root, ...path);
    this.used[path.join('/')] = s;
    return s;
  }
}
