/** Small, fast experiment configs for runner tests (synthetic data, few rows, 1–2 epochs). */
import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadExperiment } from '../../src/config/load.ts';

export const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');

export const SMALL = ['data.rows=1500', 'train.epochs=2', 'cv.folds=3', 'data.synthetic.buyerRate=0.08'];

/** Narrow layers per model type, to keep runner tests fast. */
export const NARROW: Record<string, string[]> = {
  'baseline.yaml': ['model.hidden=[16]'],
  'ziln.yaml': ['model.hidden=[16]'],
  'hurdle.yaml': ['model.purchaseHead=[16]', 'model.amountHead=[16]'],
};

export function smallExperiment(file = 'baseline.yaml', extra: string[] = [], seed?: number) {
  return loadExperiment(path.join(repoRoot, 'experiments', file), { overrides: [...SMALL, ...(NARROW[file] ?? []), ...extra], seed });
}

export function tempDir(prefix = 'hurdle-run-'): string {
  return mkdtempSync(path.join(os.tmpdir(), prefix));
}
