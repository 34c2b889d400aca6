/**
 * The feature pipeline: FeatureConfig → which columns to load → fit every step on the training
 * rows only → apply to any rows as one dense row-major Float32Array (+ embedding ids).
 *
 * Feature order: numeric, boolean, dense categorical encodings (in config order), datetime.
 * With `dropSessionEnd`, every `sessionEnd` column is removed from all feature lists before
 * anything is loaded or fitted, so a real-time model cannot see them even by accident.
 */
import type { FeatureConfig } from './config.ts';
import type { Dataset } from '../data/types.ts';
import { UserError } from '../errors.ts';
import { fitBoolean, booleanFeatureNames, booleanWriter, type BooleanState } from './boolean.ts';
import { allRows, type RowWriter } from './column.ts';
import { fitDatetime, datetimeFeatureNames, datetimeWriter, type DatetimeState } from './datetime.ts';
import { fitNumeric, numericFeatureNames, numericWriter, type NumericState } from './numeric.ts';
import { fitHistory, historyWriter, stepExtraNames, writeSequence, type HistoryState, type SequenceLayout } from './history.ts';
import { earlierRows, historyIndex } from './history-index.ts';
import { getEncoder, type CategoricalState } from './registry.ts';
import { columnSpecsFor, effectiveConfig } from './specs.ts';
import type { FeatureMatrix } from './types.ts';

export { columnSpecsFor, effectiveConfig };

export interface PipelineState {
  kind: 'feature-pipeline';
  version: 1;
  /** The config as given (before dropping session-end columns). */
  config: FeatureConfig;
  /** Listed columns removed because they are session-end and `dropSessionEnd` is true. */
  dropped: string[];
  numeric: NumericState;
  boolean: BooleanState;
  categorical: CategoricalState[];
  datetime: DatetimeState | null;
  /** features.history (absent in states from before history features). */
  history?: HistoryState;
  /** Where the previous sessions sit in a feature row, when history.steps > 0. */
  sequence?: SequenceLayout;
  featureNames: string[];
  nFeatures: number;
  embeddings: { column: string; cardinality: number }[];
  /** How many rows the pipeline was fitted on. */
  fittedRows: number;
}

/** Copy `rows` into an Int32Array, checking every index is a row of `data`. */
function rowIndex(rows: ArrayLike<number>, rowCount: number): Int32Array {
  const out = new Int32Array(rows.length);
  for (let i = 0; i < rows.length; i++) {
    const r = rows[i];
    if (!Number.isInteger(r) || r < 0 || r >= rowCount) {
      throw new RangeError(`row index ${r} at position ${i} is not a row of a ${rowCount}-row dataset`);
    }
    out[i] = r;
  }
  return out;
}

interface DenseBlock {
  width: number;
  bind(data: Dataset): RowWriter;
}

/** The session's own features (what a sequence step repeats), then the history aggregates. */
function denseBlocks(state: PipelineState, opts: { baseOnly?: boolean } = {}): { blocks: DenseBlock[]; names: string[] } {
  const blocks: DenseBlock[] = [];
  const names: string[] = [];
  const push = (blockNames: string[], bind: DenseBlock['bind']) => {
    if (blockNames.length === 0) return;
    blocks.push({ width: blockNames.length, bind });
    names.push(...blockNames);
  };
  push(numericFeatureNames(state.numeric), (d) => numericWriter(state.numeric, d));
  push(booleanFeatureNames(state.boolean), (d) => booleanWriter(state.boolean, d));
  for (const s of state.categorical) {
    const enc = getEncoder(s.step);
    if (enc.output === 'dense') push(enc.featureNames(s), (d) => enc.writer(s, d));
  }
  const dt = state.datetime;
  if (dt) push(datetimeFeatureNames(dt), (d) => datetimeWriter(dt, d));
  const h = state.history;
  if (h && !opts.baseOnly) push(h.names, (d) => historyWriter(h, d));
  return { blocks, names };
}

/** Fit every step on `rows` (the training fold) only. */
export function fitPipeline(config: FeatureConfig, data: Dataset, rows: ArrayLike<number>): PipelineState {
  const eff = effectiveConfig(config);
  const train = rowIndex(rows, data.rowCount);
  if (train.length === 0) {
    throw new UserError('DATA_DEGENERATE', 'cannot fit the feature pipeline on 0 training rows.', {
      expected: 'at least one training row', found: '0', hint: 'Use fewer folds or more data.',
    });
  }
  const categorical = eff.categorical.map((f) => getEncoder(f.encoding).fit(eff, data, train, f.column));
  const listed = new Set([...config.numeric, ...config.boolean, ...config.categorical.map((f) => f.column)]);
  if (config.datetime) listed.add(config.datetime.column);
  const state: PipelineState = {
    kind: 'feature-pipeline',
    version: 1,
    config,
    dropped: config.dropSessionEnd ? config.sessionEnd.filter((c) => listed.has(c)) : [],
    numeric: fitNumeric(eff, data, train),
    boolean: fitBoolean(eff, data, train),
    categorical,
    datetime: eff.datetime ? fitDatetime(eff, data, train) : null,
    ...(config.history ? { history: fitHistory(config.history, data, train) } : {}),
    featureNames: [],
    nFeatures: 0,
    embeddings: categorical.filter((s) => s.step === 'embedding').map((s) => ({ column: s.column, cardinality: s.cardinality })),
    fittedRows: train.length,
  };
  const { names } = denseBlocks(state);
  const steps = config.history?.steps ?? 0;
  if (config.history && steps > 0) {
    const baseNames = denseBlocks(state, { baseOnly: true }).names;
    const stepNames = [...baseNames, ...stepExtraNames(config.history).map((n) => `history.${n}`)];
    state.sequence = { offset: names.length, steps, width: stepNames.length, baseWidth: baseNames.length };
    for (let k = 1; k <= steps; k++) names.push(...stepNames.map((n) => `previous${k}.${n}`));
  }
  const seen = new Set<string>();
  const dup = names.find((n) => seen.size === seen.add(n).size);
  if (dup !== undefined) {
    throw new UserError('CONFIG_INVALID', `two features would both be named ${JSON.stringify(dup)}.`, {
      key: 'features', hint: 'Rename the column or change its encoding so feature names stay unique.',
    });
  }
  state.featureNames = names;
  state.nFeatures = names.length;
  return state;
}

export function featureNames(state: PipelineState): string[] {
  return [...state.featureNames];
}

/** Every data column the fitted pipeline reads. */
export function usedColumns(state: PipelineState): string[] {
  const cols = [...state.numeric.columns.map((c) => c.column), ...state.boolean.columns, ...state.categorical.map((s) => s.column)];
  if (state.datetime) cols.push(state.datetime.column);
  return [...new Set(cols)];
}

// Rows per tile: the tile's slice of x stays in cache while each step writes its columns.
const TILE_ROWS = 2048;

/** Transform `rows` (default: all rows) with a fitted pipeline. */
export function applyPipeline(state: PipelineState, data: Dataset, rows?: ArrayLike<number>): FeatureMatrix {
  if (state?.kind !== 'feature-pipeline' || state.version !== 1) {
    throw new UserError('MODEL_INVALID', 'this is not a feature-pipeline state this version can read.', {
      expected: 'kind "feature-pipeline", version 1',
      found: `kind ${JSON.stringify(state?.kind)}, version ${JSON.stringify(state?.version)}`,
      hint: 'Refit the pipeline (rerun the experiment) with this version of hurdle-lab.',
    });
  }
  const absent = usedColumns(state).filter((c) => !Object.hasOwn(data.columns, c));
  if (absent.length > 0) {
    throw new UserError('CSV_HEADER', `the data has no column ${absent.map((c) => JSON.stringify(c)).join(', ')}, but the model was fitted with ${absent.length === 1 ? 'it' : 'them'}.`, {
      file: data.identity.path ?? undefined,
      key: absent[0],
      expected: `the ${usedColumns(state).length} feature columns the pipeline was fitted on`,
      found: `${absent.length} missing`,
      hint: 'Provide data with the same columns as the training data.',
    });
  }
  const idx = rows === undefined ? allRows(data.rowCount) : rowIndex(rows, data.rowCount);
  const n = idx.length;
  const { blocks, names } = denseBlocks(state);
  const seq = state.sequence;
  if (seq) names.length += seq.steps * seq.width;
  if (names.length !== state.nFeatures) throw new Error(`pipeline state is inconsistent: ${names.length} features, state says ${state.nFeatures}`);
  const stride = state.nFeatures;
  const writers = blocks.map((b) => ({ width: b.width, write: b.bind(data) }));
  const x = new Float32Array(n * stride);
  for (let s = 0; s < n; s += TILE_ROWS) {
    const e = Math.min(n, s + TILE_ROWS);
    const tileRows = idx.subarray(s, e);
    const tileX = x.subarray(s * stride, e * stride);
    let offset = 0;
    for (const b of writers) {
      b.write(tileRows, { x: tileX, stride, offset });
      offset += b.width;
    }
  }
  let history: Pick<FeatureMatrix, 'sequence' | 'rowsWithHistory'> = {};
  if (state.history) {
    const h = state.history;
    if (seq) {
      const { rowsWithHistory } = writeSequence(h, data, idx, x, stride, seq, (rows) => baseFeatures(state, data, rows, seq.baseWidth));
      history = { sequence: { ...seq }, rowsWithHistory };
    } else {
      const index = historyIndex(data, h.config.groupBy, h.config.time);
      let rowsWithHistory = 0;
      for (const r of idx) if (earlierRows(index, r).length > 0) rowsWithHistory++;
      history = { rowsWithHistory };
    }
  }
  const embeddingIds = [];
  for (const s of state.categorical) {
    const enc = getEncoder(s.step);
    if (enc.output === 'ids') embeddingIds.push(enc.ids(s, data, idx));
  }
  return { nRows: n, x, nFeatures: stride, featureNames: [...state.featureNames], embeddingIds, ...history };
}

/** The session's own features of `rows` (no history), row-major, `width` each. */
function baseFeatures(state: PipelineState, data: Dataset, rows: Int32Array, width: number): Float32Array {
  const out = new Float32Array(rows.length * width);
  let offset = 0;
  for (const b of denseBlocks(state, { baseOnly: true }).blocks) {
    b.bind(data)(rows, { x: out, stride: width, offset });
    offset += b.width;
  }
  return out;
}
