/** Deep checks on what the loaders return, and outcome counting for the property summaries. */
import assert from 'node:assert/strict';
import path from 'node:path';
import type { ExperimentConfig } from '../../src/config/types.ts';
import { getModel, MODEL_TYPES } from '../../src/models/registry.ts';

/** Tallies outcomes (valid / each UserError code) for the one-line summary. */
export class Outcomes {
  private readonly counts = new Map<string, number>();
  count(outcome: string): void {
    this.counts.set(outcome, this.get(outcome) + 1);
  }
  get(outcome: string): number {
    return this.counts.get(outcome) ?? 0;
  }
  get total(): number {
    return [...this.counts.values()].reduce((a, b) => a + b, 0);
  }
  summary(): string {
    const parts = [...this.counts].sort((a, b) => b[1] - a[1]).map(([k, n]) => `${k}=${n}`);
    return `${this.total} hostile cases: ${parts.join(' ')}`;
  }
}

/** Every number finite, no undefined, only plain JSON (the config is embedded in result files). */
function assertPlainJson(v: unknown, at: string): void {
  if (v === null || typeof v === 'string' || typeof v === 'boolean') return;
  if (typeof v === 'number') return assert.ok(Number.isFinite(v), `${at} is ${v}`);
  if (Array.isArray(v)) return v.forEach((x, i) => assertPlainJson(x, `${at}[${i}]`));
  assert.ok(typeof v === 'object' && Object.getPrototypeOf(v) === Object.prototype, `${at} is not plain JSON (${Object.prototype.toString.call(v)})`);
  for (const [k, x] of Object.entries(v as object)) assertPlainJson(x, `${at}.${k}`);
}

const int = (v: unknown, min: number, at: string) => assert.ok(Number.isSafeInteger(v) && (v as number) >= min, `${at} must be a safe integer ≥ ${min}, got ${v}`);
const num = (v: unknown, lo: number, hi: number, at: string, loOpen = false, hiOpen = true) =>
  assert.ok(
    typeof v === 'number' && Number.isFinite(v) && (loOpen ? v > lo : v >= lo) && (hiOpen ? v < hi : v <= hi),
    `${at} must be in ${loOpen ? '(' : '['}${lo}, ${hi}${hiOpen ? ')' : ']'}, got ${v}`,
  );
const names = (v: unknown, at: string) => {
  assert.ok(Array.isArray(v), `${at} must be a list`);
  for (const s of v as unknown[]) assert.ok(typeof s === 'string' && s.length > 0, `${at} holds ${JSON.stringify(s)}`);
};
const oneOf = (v: unknown, options: unknown[], at: string) => assert.ok(options.includes(v), `${at} = ${JSON.stringify(v)}`);

/** What downstream code trusts about a resolved config, checked key by key. */
export function checkConfig(c: ExperimentConfig): void {
  assertPlainJson(c, 'config');
  assert.deepEqual(Object.keys(c).sort(), ['cv', 'data', 'description', 'features', 'metrics', 'model', 'name', 'seed', 'sweep', 'train']);
  assert.match(c.name, /^[A-Za-z0-9][A-Za-z0-9._-]*$/);
  assert.equal(typeof c.description, 'string');
  int(c.seed, 0, 'seed');

  const d = c.data;
  oneOf(d.source, ['synthetic', 'csv'], 'data.source');
  if (d.source === 'csv') assert.ok(typeof d.path === 'string' && path.isAbsolute(d.path), 'csv data.path is absolute');
  else assert.equal(d.path, null);
  if (d.source === 'synthetic' || d.rows !== null) int(d.rows, 1, 'data.rows');
  assert.ok(typeof d.target === 'string' && d.target.length > 0);
  assert.ok(d.idColumn === null || (typeof d.idColumn === 'string' && d.idColumn.length > 0));
  num(d.synthetic.buyerRate, 0, 1, 'buyerRate', true);
  num(d.synthetic.tailSigma, 0, Infinity, 'tailSigma', true);
  num(d.synthetic.leakage, 0, Infinity, 'leakage');

  const f = c.features;
  for (const k of ['numeric', 'log1p', 'boolean', 'sessionEnd'] as const) names(f[k], `features.${k}`);
  for (const cat of f.categorical) {
    assert.ok(typeof cat.column === 'string' && cat.column.length > 0);
    oneOf(cat.encoding, ['onehot', 'frequency', 'embedding'], 'encoding');
  }
  for (const l of f.log1p) assert.ok(f.numeric.includes(l), `log1p ${l} is numeric`);
  oneOf(f.missing, ['zero', 'median'], 'missing');
  oneOf(f.scaler, ['standard', 'minmax', 'none'], 'scaler');
  int(f.minCategoryCount, 1, 'minCategoryCount');
  oneOf(f.unseenCategory, ['zeros', 'other'], 'unseenCategory');
  if (f.datetime !== null) {
    assert.ok(typeof f.datetime.column === 'string' && f.datetime.column.length > 0);
    assert.doesNotThrow(() => new Intl.DateTimeFormat('en-US', { timeZone: f.datetime!.timezone }));
    assert.equal(typeof f.datetime.cyclical, 'boolean');
  }
  const inputs = [...f.numeric, ...f.boolean, ...f.categorical.map((x) => x.column), ...(f.datetime ? [f.datetime.column] : [])];
  assert.equal(new Set(inputs).size, inputs.length, 'each input column once');
  assert.ok(!inputs.includes(d.target), 'target is not an input');
  assert.ok(inputs.filter((x) => !(f.dropSessionEnd && f.sessionEnd.includes(x))).length > 0, 'at least one input');

  const m = c.model;
  const layerList = (v: number[], at: string) => (assert.ok(Array.isArray(v), at), v.forEach((w, i) => int(w, 1, `${at}[${i}]`)));
  num(m.dropout, 0, 1, 'model.dropout');
  num(m.l2, 0, Infinity, 'model.l2');
  int(m.embeddingDim, 0, 'model.embeddingDim');
  if (m.type === 'hurdle') {
    layerList(m.trunk, 'trunk');
    layerList(m.purchaseHead, 'purchaseHead');
    layerList(m.amountHead, 'amountHead');
    num(m.lossWeights.purchase, 0, Infinity, 'lossWeights.purchase');
    num(m.lossWeights.amount, 0, Infinity, 'lossWeights.amount');
    assert.ok(m.lossWeights.purchase + m.lossWeights.amount > 0);
  } else if (m.type === 'sequence') {
    int(m.stepUnits, 1, 'stepUnits');
    layerList(m.purchaseHead, 'purchaseHead');
    layerList(m.amountHead, 'amountHead');
  } else {
    oneOf(m.type, MODEL_TYPES.filter((t) => t !== 'hurdle'), 'model.type');
    if ('hidden' in m) layerList(m.hidden, 'hidden');
  }
  // The resolved section is a fixed point of its registered schema: nothing left to default or coerce.
  assert.deepEqual(getModel(m.type).configSchema.parse(m), m, 'model section re-parses to itself');

  const t = c.train;
  int(t.epochs, 1, 'epochs');
  int(t.batchSize, 1, 'batchSize');
  num(t.learningRate, 0, Infinity, 'learningRate', true);
  oneOf(t.optimizer, ['adam', 'sgd'], 'optimizer');
  int(t.earlyStopping.patience, 1, 'patience');
  num(t.earlyStopping.validationFraction, 0, 0.5, 'validationFraction');
  if (t.earlyStopping.enabled) assert.ok(t.earlyStopping.validationFraction > 0);
  num(t.earlyStopping.minDelta, 0, Infinity, 'minDelta');

  int(c.cv.folds, 2, 'cv.folds');
  int(c.cv.repeats, 1, 'cv.repeats');
  oneOf(c.cv.stratify, ['purchase', 'none'], 'stratify');
  if (c.cv.workers !== 'auto') int(c.cv.workers, 1, 'cv.workers');
  num(c.metrics.outlierQuantile, 0, 1, 'outlierQuantile', true);
  for (const [k, values] of Object.entries(c.sweep)) assert.ok(Array.isArray(values) && values.length > 0, `sweep ${k}`);
}
