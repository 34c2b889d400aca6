/**
 * Seeds. One root seed per experiment; every other seed (folds, initialisers, dropout, shuffling,
 * inner validation split, bootstrap, importance) is derived from it *by name*, so adding a new
 * consumer never shifts the seeds of existing ones. Derived seeds are non-zero uint31 values
 * because tfjs treats seed 0 (and undefined) as "unseeded".
 *
 * A `SeedBook` is how a consumer gets its seed: the function that uses a seed derives it through
 * the book, which records it under its name, so the result file lists exactly the seeds used.
 * `traceSeeds` observes every derivation and generator, which is how the tests check that.
 */
import seedrandom from 'seedrandom';

export type SeedName = string | number;

/** One call into this module, as `traceSeeds` observes it. */
export type SeedEvent =
  | { kind: 'derive'; parent: number; path: string; value: number }
  | { kind: 'rng'; seed: number };

let tracing: SeedEvent[] | null = null;

/**
 * Runs `fn` and returns every seed derivation and generator it made in this thread (worker
 * threads have their own module state). A test hook: the run is repeatable from its record
 * exactly when every traced seed descends from a recorded one.
 */
export async function traceSeeds<T>(fn: () => T | Promise<T>): Promise<{ value: T; events: SeedEvent[] }> {
  const outer = tracing;
  const events: SeedEvent[] = [];
  tracing = events;
  try {
    return { value: await fn(), events };
  } finally {
    tracing = outer;
  }
}

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
export function deriveSeed(parent: number, ...path: SeedName[]): number {
  const name = path.join('/');
  const h = hash32(`${parent}/${name}`) & 0x7fffffff;
  const s = h === 0 ? 1 : h;
  tracing?.push({ kind: 'derive', parent, path: name, value: s });
  return s;
}

/** A seeded uniform [0, 1) generator (seedrandom's ARC4-based default). */
export type Rng = () => number;

export function makeRng(seed: number): Rng {
  tracing?.push({ kind: 'rng', seed });
  const r = seedrandom(String(seed));
  return () => r();
}

/** seedrandom's Alea: a different stream from makeRng's, and ~7× faster for millions of draws (the bootstrap). */
export function makeFastRng(seed: number): Rng {
  tracing?.push({ kind: 'rng', seed });
  return seedrandom.alea(String(seed));
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
 * Derives seeds by name and records each one where it is used. `book.derive('fold', 2, 'init')`
 * returns `deriveSeed(root, 'fold', 2, 'init')` and records it as `fold/2/init`; `record` notes a
 * seed that was given rather than derived (the synthetic data's `data.synthetic.seed`).
 * `child('fold', 2)` is a view for one consumer: its `derive('init')` is the same seed, recorded
 * as `init` in the child and as `fold/2/init` in the book. A seed that feeds per-index
 * sub-seeds (shuffle per epoch, dropout per step) is recorded once, as that stream's seed.
 */
export class SeedBook {
  readonly root: number;
  /** Seeds recorded through this book and its children, by name relative to this book. */
  readonly used: Record<string, number> = {};
  private readonly prefix: SeedName[];
  private readonly parent: SeedBook | null;
  private readonly nameInParent: string;

  constructor(root: number, scope?: { parent: SeedBook; prefix: SeedName[] }) {
    this.root = root;
    this.parent = scope?.parent ?? null;
    this.prefix = [...(scope?.parent.prefix ?? []), ...(scope?.prefix ?? [])];
    this.nameInParent = scope ? scope.prefix.join('/') : '';
  }

  derive(...path: SeedName[]): number {
    return this.record(path.join('/'), deriveSeed(this.root, ...this.prefix, ...path));
  }

  record(name: string, value: number): number {
    const before = this.used[name];
    if (before !== undefined && before !== value) throw new Error(`seed ${name} recorded as ${before} and then as ${value}`);
    this.used[name] = value;
    this.parent?.record(this.nameInParent ? `${this.nameInParent}/${name}` : name, value);
    return value;
  }

  child(...prefix: SeedName[]): SeedBook {
    return new SeedBook(this.root, { parent: this, prefix });
  }
}
