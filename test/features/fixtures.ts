/**
 * Test fixtures for the feature pipeline, built directly as `Dataset` objects (no loader), seeded
 * through src/seeds.ts. Also: a poisoner that corrupts every row outside a training fold, a
 * recording proxy that logs which row indices a fit reads, and `writeColumns`, which runs a step's
 * RowWriter the way the pipeline does.
 */
import type { FeatureConfig } from '../../src/config/types.ts';
import type { BooleanColumn, CategoricalColumn, Column, Dataset, DatetimeColumn, NumericColumn } from '../../src/data/types.ts';
import { deriveSeed, makeRng, normal, shuffleInPlace, type Rng } from '../../src/seeds.ts';
import type { RowWriter } from '../../src/features/column.ts';

export function featureConfig(overrides: Partial<FeatureConfig> = {}): FeatureConfig {
  return {
    numeric: [], log1p: [], missing: 'zero', scaler: 'none', boolean: [], categorical: [],
    minCategoryCount: 1, unseenCategory: 'zeros', datetime: null, sessionEnd: [], dropSessionEnd: false,
    ...overrides,
  };
}

export function dataset(columns: Record<string, Column>, path: string | null = null): Dataset {
  const rowCount = Object.values(columns)[0]?.values.length ?? 0;
  for (const [name, c] of Object.entries(columns)) {
    if (c.values.length !== rowCount) throw new Error(`fixture column ${name} has ${c.values.length} rows, expected ${rowCount}`);
  }
  return {
    identity: { source: 'synthetic', path, rows: rowCount, sha256: 'fixture', buyerRate: 0, columns: Object.keys(columns) },
    rowCount, columns, target: null,
  };
}

const f64 = (vs: (number | null)[]) => Float64Array.from(vs, (v) => (v === null ? Number.NaN : v));
export const num = (...vs: (number | null)[]): NumericColumn => ({ kind: 'numeric', values: f64(vs) });
export const bool = (...vs: (number | null)[]): BooleanColumn => ({ kind: 'boolean', values: f64(vs) });
export const dt = (...vs: (number | null)[]): DatetimeColumn => ({ kind: 'datetime', values: f64(vs) });
export const cat = (...vs: (string | null)[]): CategoricalColumn => ({ kind: 'categorical', values: vs });

function pick<T>(rng: Rng, items: readonly T[], weights: readonly number[]): T {
  const total = weights.reduce((a, b) => a + b, 0);
  let u = rng() * total;
  for (let i = 0; i < items.length; i++) if ((u -= weights[i]) < 0) return items[i];
  return items[items.length - 1];
}

const CHANNELS = ['Organic Search', 'Direct', 'Referral', 'Social', 'Paid Search', 'Affiliates', 'Display', '(Other)', null] as const;
const CHANNEL_W = [52, 17, 19, 7, 3.3, 1.2, 0.8, 0.01, 0.5];
const DEVICES = ['desktop', 'mobile', 'tablet', null] as const;
const DEVICE_W = [70, 25, 4, 1];

/** GA-like sessions: counts with missing cells, skewed categories with rare and null values, 2017 timestamps. */
export function sessionFixture(seed: number, n: number): Dataset {
  const rng = makeRng(deriveSeed(seed, 'fixture', 'sessions'));
  const cols = {
    visitNumber: new Float64Array(n), pageViews: new Float64Array(n), timeOnSite: new Float64Array(n),
    totalHits: new Float64Array(n), bounces: new Float64Array(n), isMobile: new Float64Array(n),
    sessionStart: new Float64Array(n),
  };
  const channel: (string | null)[] = [];
  const device: (string | null)[] = [];
  const browser: (string | null)[] = [];
  for (let i = 0; i < n; i++) {
    const bounce = rng() < 0.5;
    cols.visitNumber[i] = 1 + Math.floor(Math.exp(Math.abs(normal(rng)) * 1.2)) - 1;
    cols.pageViews[i] = rng() < 0.01 ? Number.NaN : bounce ? 1 : 1 + Math.floor(Math.exp(normal(rng) * 0.9 + 1));
    cols.totalHits[i] = Number.isNaN(cols.pageViews[i]) ? Number.NaN : cols.pageViews[i] + Math.floor(rng() * 4);
    cols.timeOnSite[i] = bounce ? Number.NaN : Math.round(Math.exp(normal(rng) + 5));
    cols.bounces[i] = bounce ? 1 : Number.NaN; // GA: "1" or empty
    cols.isMobile[i] = rng() < 0.02 ? Number.NaN : rng() < 0.3 ? 1 : 0;
    cols.sessionStart[i] = rng() < 0.01 ? Number.NaN : 1483228800 + Math.floor(rng() * 365 * 86400);
    channel.push(pick(rng, CHANNELS, CHANNEL_W));
    device.push(pick(rng, DEVICES, DEVICE_W));
    // Zipf-ish browsers: a long tail of rare versions.
    browser.push(`browser-${Math.floor(1 / (rng() + 0.02))}`);
  }
  return dataset({
    visitNumber: { kind: 'numeric', values: cols.visitNumber },
    pageViews: { kind: 'numeric', values: cols.pageViews },
    timeOnSite: { kind: 'numeric', values: cols.timeOnSite },
    totalHits: { kind: 'numeric', values: cols.totalHits },
    bounces: { kind: 'boolean', values: cols.bounces },
    isMobile: { kind: 'boolean', values: cols.isMobile },
    channelGrouping: { kind: 'categorical', values: channel },
    deviceType: { kind: 'categorical', values: device },
    browser: { kind: 'categorical', values: browser },
    sessionStart: { kind: 'datetime', values: cols.sessionStart },
  });
}

/** A config exercising every step on `sessionFixture` columns. */
export function sessionConfig(overrides: Partial<FeatureConfig> = {}): FeatureConfig {
  return featureConfig({
    numeric: ['visitNumber', 'pageViews', 'timeOnSite', 'totalHits'],
    log1p: ['pageViews', 'timeOnSite', 'totalHits'],
    missing: 'median',
    scaler: 'standard',
    boolean: ['bounces', 'isMobile'],
    categorical: [
      { column: 'channelGrouping', encoding: 'onehot' },
      { column: 'deviceType', encoding: 'onehot' },
      { column: 'browser', encoding: 'frequency' },
      { column: 'browser', encoding: 'embedding' },
    ],
    minCategoryCount: 5,
    unseenCategory: 'other',
    datetime: { column: 'sessionStart', timezone: 'America/Los_Angeles', cyclical: true },
    sessionEnd: ['pageViews', 'timeOnSite', 'totalHits', 'bounces'],
    ...overrides,
  });
}

/** A seeded training fold: `share` of 0..n-1, sorted. */
export function trainingRows(seed: number, n: number, share: number): Int32Array {
  const all = Int32Array.from({ length: n }, (_, i) => i);
  shuffleInPlace(all, makeRng(deriveSeed(seed, 'fixture', 'fold')));
  return all.subarray(0, Math.round(n * share)).sort();
}

/** A deep copy of `data` where every row outside `keep` is corrupted: NaN, huge values, new categories, null. */
export function poisonOutside(data: Dataset, keep: ArrayLike<number>): Dataset {
  const kept = new Uint8Array(data.rowCount);
  for (let i = 0; i < keep.length; i++) kept[keep[i]] = 1;
  const columns: Record<string, Column> = {};
  for (const [name, c] of Object.entries(data.columns)) {
    if (c.kind === 'categorical') {
      columns[name] = { kind: c.kind, values: c.values.map((v, i) => (kept[i] ? v : i % 3 === 0 ? null : `poison-${i % 7}`)) };
    } else {
      const values = c.values.map((v, i) => (kept[i] ? v : i % 2 === 0 ? Number.NaN : (i % 4 === 1 ? 1 : -1) * 1e15));
      columns[name] = { kind: c.kind, values } as Column;
    }
  }
  return { ...data, columns };
}

/** Wrap every column's values in a Proxy that records which row indices are read. */
export function recordingDataset(data: Dataset): { data: Dataset; reads: Map<string, Set<number>> } {
  const reads = new Map<string, Set<number>>();
  const columns: Record<string, Column> = {};
  for (const [name, c] of Object.entries(data.columns)) {
    const seen = new Set<number>();
    reads.set(name, seen);
    const values = new Proxy(c.values as object, {
      get(target, prop, receiver) {
        if (typeof prop === 'string' && /^\d+$/.test(prop)) seen.add(Number(prop));
        else if (prop !== 'length') throw new Error(`fit used values.${String(prop)} of ${name}: only indexed reads are allowed`);
        return Reflect.get(target, prop, receiver === values ? target : receiver);
      },
    });
    columns[name] = { kind: c.kind, values } as Column;
  }
  return { data: { ...data, columns }, reads };
}

/**
 * What a step's live RowWriter writes for `rows`, split into its `width` columns. The writer gets
 * the shape the pipeline gives it: a wider, zero-filled row-major block with the step's columns
 * at an offset. Cells outside its columns start as NaN and must stay NaN.
 */
export function writeColumns(writer: RowWriter, rows: ArrayLike<number>, width: number): Float32Array[] {
  const offset = 1;
  const stride = width + 2;
  const x = new Float32Array(rows.length * stride).fill(Number.NaN);
  for (let i = 0; i < rows.length; i++) x.fill(0, i * stride + offset, i * stride + offset + width);
  writer(rows, { x, stride, offset });
  for (let i = 0; i < rows.length; i++) {
    for (let j = 0; j < stride; j++) {
      const outside = j < offset || j >= offset + width;
      if (outside && !Number.isNaN(x[i * stride + j])) throw new Error(`the writer wrote outside its ${width} columns: row ${i}, cell ${j}`);
    }
  }
  return Array.from({ length: width }, (_, j) => Float32Array.from({ length: rows.length }, (_, i) => x[i * stride + offset + j]));
}
