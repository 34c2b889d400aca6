/**
 * Resource guards, checked before anything large is allocated. The estimate is deliberately
 * simple and documented (README, Speed): the raw data (rows × columns × 8 bytes), plus per worker
 * the fold's feature matrix (rows × input width × 4 bytes, the one-hot width included) and the
 * model (parameters × 4 bytes × 4: weights, gradients and Adam's two moments) with one batch of
 * activations. A run whose estimate exceeds the limit (--max-memory, else 80% of the machine's
 * memory) is refused with the estimate and a suggestion; sizes no typed array can hold at all are
 * refused the same way, instead of ending in a RangeError or an abort.
 */
import os from 'node:os';
import type { ExperimentConfig } from '../config/types.ts';
import { UserError } from '../errors.ts';

const GiB = 1024 ** 3;
/** Largest element count of one typed array in V8 (2^32 - 1 on 64-bit, Node 20). */
const MAX_ARRAY_ELEMENTS = 2 ** 32 - 1;
/** Share of the machine's memory a run may plan to use when no --max-memory is given. */
const MACHINE_SHARE = 0.8;

export interface MemoryEstimate {
  bytes: number;
  parts: { data: number; features: number; model: number };
  /** The largest single array, in elements. */
  largestArray: number;
}

/** Every list of layer widths in the model config (hidden, trunk, heads), in declaration order. */
function layerLists(model: unknown): number[][] {
  if (!model || typeof model !== 'object') return [];
  return Object.values(model as Record<string, unknown>).filter((v): v is number[] => Array.isArray(v) && v.length > 0 && v.every((w) => Number.isInteger(w) && w > 0));
}

/** Parameters of the networks the model config describes, each list a chain from the input to one output. */
export function modelParameters(model: unknown, inputWidth: number): number {
  let total = 0;
  for (const widths of layerLists(model)) {
    let from = inputWidth;
    for (const w of [...widths, 1]) {
      total += from * w + w;
      from = w;
    }
  }
  return total;
}

export function estimateMemory(config: ExperimentConfig, sizes: { rows: number; columns: number; inputWidth: number; workers: number }): MemoryEstimate {
  const data = sizes.rows * sizes.columns * 8;
  const matrix = sizes.rows * sizes.inputWidth;
  const params = modelParameters(config.model, sizes.inputWidth);
  const widest = Math.max(sizes.inputWidth, ...layerLists(config.model).flat());
  const activations = config.train.batchSize * widest * 4 * 4;
  const workers = Math.max(1, sizes.workers);
  return {
    bytes: data + workers * (matrix * 4 + params * 16 + activations),
    parts: { data, features: workers * matrix * 4, model: workers * (params * 16 + activations) },
    largestArray: Math.max(matrix, sizes.rows * sizes.columns, params),
  };
}

const fmt = (bytes: number) => (bytes >= GiB ? `${(bytes / GiB).toPrecision(3)} GiB` : `${(bytes / 1024 ** 2).toPrecision(3)} MiB`);

/** "8G", "512M", "2.5g", "1000000" → bytes; a bad value is a usage error. */
export function parseMemory(text: string): number {
  const m = /^\s*(\d+(?:\.\d+)?)\s*([kmgt]?)i?b?\s*$/i.exec(text);
  const scale: Record<string, number> = { '': 1, k: 1024, m: 1024 ** 2, g: GiB, t: 1024 ** 4 };
  if (!m || Number(m[1]) <= 0) throw new UserError('CLI_USAGE', 'bad --max-memory value.', { key: '--max-memory', expected: 'a size such as 8G, 512M or 2.5G', found: JSON.stringify(text) });
  return Number(m[1]) * scale[m[2].toLowerCase()];
}

/** Refuse a run that would not fit (see the module comment); returns the estimate for the log. */
export function guardMemory(config: ExperimentConfig, sizes: { rows: number; columns: number; inputWidth: number; workers: number }, maxMemory?: number): MemoryEstimate {
  const est = estimateMemory(config, sizes);
  const limit = maxMemory ?? os.totalmem() * MACHINE_SHARE;
  const where = `${sizes.rows.toLocaleString('en-US')} rows × ${sizes.inputWidth.toLocaleString('en-US')} input features × ${sizes.workers} worker(s), ${modelParameters(config.model, sizes.inputWidth).toLocaleString('en-US')} model parameters`;
  const breakdown = `data ${fmt(est.parts.data)}, feature matrices ${fmt(est.parts.features)}, models ${fmt(est.parts.model)}`;
  if (!Number.isFinite(est.bytes) || est.largestArray > MAX_ARRAY_ELEMENTS) {
    throw new UserError('RESOURCE_LIMIT', `this run cannot be allocated at all: one of its arrays would need ${est.largestArray.toExponential(2)} elements, more than the ${MAX_ARRAY_ELEMENTS.toExponential(2)} an array can hold (${where}).`, {
      hint: 'Lower data.rows, the layer widths, or the one-hot width (features: a frequency encoder or maxCategories for id-like columns).',
    });
  }
  if (est.bytes > limit) {
    throw new UserError('RESOURCE_LIMIT', `this run would need about ${fmt(est.bytes)} of memory (${breakdown}; ${where}), more than the ${fmt(limit)} allowed (${maxMemory ? '--max-memory' : `${Math.round(MACHINE_SHARE * 100)}% of this machine's ${fmt(os.totalmem())}`}).`, {
      hint: 'Use fewer workers (--workers 1), fewer rows (data.rows), narrower layers, or a frequency encoder for high-cardinality columns; or raise --max-memory if the machine really has the room.',
    });
  }
  return est;
}

/** Explicit worker counts above the cores are capped (with a note) unless forced. */
export function capWorkers(requested: number | 'auto' | undefined, force: boolean, note: (line: string) => void, cores = os.availableParallelism()): number | 'auto' | undefined {
  if (typeof requested !== 'number' || requested <= cores || force) return requested;
  note(`--workers ${requested} is more than the ${cores} cores: using ${cores} (more threads only share the same cores and multiply memory; --force-workers keeps ${requested})`);
  return cores;
}
