/**
 * The exported fold assignment: `folds.csv` (`row,repeat,fold` plus the id column when
 * data.idColumn is set) and its sidecar `folds.json` (fingerprint, data identity, seeds), so
 * another tool can train on exactly the folds `npm run exp` uses and `npm run score` can check
 * it did. Pure: text in, text out; the CLI writes the files.
 */
import type { ExperimentConfig } from '../config/types.ts';
import type { Dataset, DataIdentity } from '../data/types.ts';
import { sha256 } from '../hash.ts';
import { foldAssignment, type FoldPlan } from './fold-plan.ts';

export const FOLDS_KIND = 'hurdle-lab/folds';

export interface FoldsSidecar {
  kind: typeof FOLDS_KIND;
  version: 1;
  experiment: string;
  configHash: string;
  /** The CSV this describes (basename) and the sha256 of its bytes. */
  file: string;
  sha256: string;
  k: number;
  repeats: number;
  stratify: string;
  fingerprint: string;
  testSizes: number[];
  data: DataIdentity;
  idColumn: string | null;
  seeds: { root: number; derived: Record<string, number> };
  /** The command that wrote it. */
  command: string;
}

/** RFC 4180: quote a field that holds a comma, quote or line break. */
export function csvField(s: string): string {
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

/** One line per (repeat, row), repeat-major, rows in file order. */
export function foldsCsv(plan: FoldPlan, data: Dataset, idColumn: string | null): string {
  const ids = idColumn ? data.ids : undefined;
  if (idColumn && (!ids || ids.length !== data.rowCount)) throw new Error(`foldsCsv: data.idColumn ${idColumn} is set but the dataset has no ids`);
  const assignment = foldAssignment(plan, data.rowCount);
  const lines = [`row,repeat,fold${idColumn ? `,${csvField(idColumn)}` : ''}`];
  assignment.forEach((folds, repeat) => {
    for (let row = 0; row < folds.length; row++) lines.push(`${row},${repeat},${folds[row]}${ids ? `,${csvField(ids[row])}` : ''}`);
  });
  return `${lines.join('\n')}\n`;
}

export function foldsSidecar(args: { config: ExperimentConfig; configHash: string; plan: FoldPlan; data: Dataset; csvName: string; csvText: string; command: string }): FoldsSidecar {
  const { config, plan, data } = args;
  const derived: Record<string, number> = { ...data.seeds, ...plan.seeds };
  return {
    kind: FOLDS_KIND,
    version: 1,
    experiment: config.name,
    configHash: args.configHash,
    file: args.csvName,
    sha256: sha256(args.csvText),
    k: config.cv.folds,
    repeats: config.cv.repeats,
    stratify: config.cv.stratify,
    fingerprint: plan.fingerprint,
    testSizes: plan.testSizes,
    data: data.identity,
    idColumn: config.data.idColumn,
    seeds: { root: config.seed, derived },
    command: args.command,
  };
}

/** `folds.csv` → `folds.json` beside it (any other name gets `.json` appended). */
export function sidecarPath(csvPath: string): string {
  return /\.csv$/i.test(csvPath) ? csvPath.replace(/\.csv$/i, '.json') : `${csvPath}.json`;
}
