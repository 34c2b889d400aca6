/**
 * The synthetic data source: generate (synthetic-generate.ts), then either type the requested
 * columns in memory (`syntheticDataset`) or stream the table to a CSV file (`writeSyntheticCsv`).
 * Both paths go through the same cell text, and the in-memory path types it with the CSV
 * loader's own cell parsers, so loading the written CSV gives the same Dataset.
 */
import { resolve } from 'node:path';
import { UserError, closest } from '../errors.ts';
import { writeFileAtomic } from '../files/atomic.ts';
import { columnBuilder, CellError } from './cells.ts';
import { E2V_TARGET, E2V_TRAIN_COLUMNS } from './engage2value.ts';
import { generateSynthetic, syntheticSha256, SYNTHETIC_GENERATOR, SYNTHETIC_VERSION, type SyntheticOptions, type SyntheticTable } from './synthetic-generate.ts';
import type { ColumnSpec, Dataset } from './types.ts';

export { generateSynthetic, syntheticSha256, SYNTHETIC_DEFAULTS, SYNTHETIC_GENERATOR, SYNTHETIC_VERSION } from './synthetic-generate.ts';
export type { SyntheticOptions, SyntheticTable } from './synthetic-generate.ts';

function unknownColumn(name: string, role: string): UserError {
  const near = closest(name, E2V_TRAIN_COLUMNS);
  return new UserError('CONFIG_INVALID', `the synthetic data has no column ${JSON.stringify(name)} (${role}).`, {
    key: name,
    expected: 'one of the 52 Engage2Value training columns (matched exactly, dots included)',
    found: JSON.stringify(name),
    hint: near ? `Did you mean ${JSON.stringify(near)}?` : `The columns are: ${E2V_TRAIN_COLUMNS.join(', ')}.`,
  });
}

/** Type `columns` of an already generated table (lets one table serve several column lists). */
export function datasetFromTable(table: SyntheticTable, columns: ColumnSpec[], target: string, opts: { idColumn?: string | null } = {}): Dataset {
  if (target !== E2V_TARGET) throw unknownColumn(target, 'target');
  const indexOf = new Map(table.header.map((h, i) => [h, i]));
  const typed: Dataset['columns'] = {};
  for (const spec of columns) {
    const c = indexOf.get(spec.name);
    if (c === undefined) throw unknownColumn(spec.name, `${spec.kind} feature`);
    if (typed[spec.name]) continue;
    const builder = columnBuilder(spec.kind, table.rowCount);
    const text = table.cells[c];
    try {
      for (let i = 0; i < table.rowCount; i++) builder.push(text[i]);
    } catch (e) {
      if (!(e instanceof CellError)) throw e;
      throw new UserError('CONFIG_INVALID', `the synthetic column cannot be read as ${spec.kind}.`, {
        key: spec.name,
        expected: e.expected,
        found: JSON.stringify(e.found),
        hint: `Declare \`${spec.name}\` as categorical in the experiment's features.`,
      });
    }
    typed[spec.name] = builder.finish();
  }
  let buyers = 0;
  for (const y of table.target) if (y > 0) buyers++;
  const o = table.options;
  const dataset: Dataset = {
    identity: {
      source: 'synthetic',
      path: null,
      rows: table.rowCount,
      rowsInFile: table.rowCount,
      sha256: syntheticSha256(o),
      buyerRate: buyers / table.rowCount,
      columns: [...table.header],
      generator: {
        name: SYNTHETIC_GENERATOR, version: SYNTHETIC_VERSION,
        rows: o.rows, seed: o.seed, buyerRate: o.buyerRate, tailSigma: o.tailSigma, leakage: o.leakage,
        intercept: table.intercept,
        ...(o.mode === 'users' ? { mode: 'users' } : {}),
      },
    },
    rowCount: table.rowCount,
    columns: typed,
    target: table.target.slice(),
    oracle: table.oracle.slice(),
  };
  if (opts.idColumn) {
    const c = indexOf.get(opts.idColumn);
    if (c === undefined) throw unknownColumn(opts.idColumn, 'id column');
    dataset.ids = table.cells[c].slice();
  }
  return dataset;
}

export function syntheticDataset(opts: SyntheticOptions, columns: ColumnSpec[], target: string, extra: { idColumn?: string | null } = {}): Dataset {
  // Check names before spending time generating.
  if (target !== E2V_TARGET) throw unknownColumn(target, 'target');
  for (const spec of columns) if (!E2V_TRAIN_COLUMNS.includes(spec.name)) throw unknownColumn(spec.name, `${spec.kind} feature`);
  return datasetFromTable(generateSynthetic(opts), columns, target, extra);
}

const NEEDS_QUOTES = /[",\r\n]/;
const csvField = (s: string) => (NEEDS_QUOTES.test(s) ? `"${s.replace(/"/g, '""')}"` : s);

function* csvChunks(table: SyntheticTable, rowsPerChunk = 2000): Generator<string> {
  yield `${table.header.map(csvField).join(',')}\n`;
  const width = table.header.length;
  const row = new Array<string>(width);
  for (let start = 0; start < table.rowCount; start += rowsPerChunk) {
    const lines: string[] = [];
    const end = Math.min(table.rowCount, start + rowsPerChunk);
    for (let i = start; i < end; i++) {
      for (let c = 0; c < width; c++) row[c] = csvField(table.cells[c][i]);
      lines.push(row.join(','));
    }
    yield `${lines.join('\n')}\n`;
  }
}

function* oracleChunks(table: SyntheticTable): Generator<string> {
  yield 'row,oracle,purchaseProbability\n';
  for (let start = 0; start < table.rowCount; start += 5000) {
    const lines: string[] = [];
    for (let i = start; i < Math.min(table.rowCount, start + 5000); i++) lines.push(`${i},${table.oracle[i]},${table.oracleBuy[i]}`);
    yield `${lines.join('\n')}\n`;
  }
}

export interface WrittenSynthetic {
  path: string;
  /** `<path>.oracle.csv` (row, oracle, purchaseProbability) when requested. */
  oraclePath: string | null;
  table: SyntheticTable;
}

/** Write the 52-column CSV (and optionally the oracle sidecar); the CSV itself never carries the oracle. */
export async function writeSyntheticCsv(path: string, opts: SyntheticOptions, extra: { oracle?: boolean } = {}): Promise<WrittenSynthetic> {
  const table = generateSynthetic(opts);
  return writeSyntheticTable(path, table, extra);
}

export async function writeSyntheticTable(path: string, table: SyntheticTable, extra: { oracle?: boolean } = {}): Promise<WrittenSynthetic> {
  const absolute = resolve(path);
  await writeFileAtomic(absolute, csvChunks(table), 'write the synthetic CSV');
  let oraclePath: string | null = null;
  if (extra.oracle) {
    oraclePath = `${absolute}.oracle.csv`;
    await writeFileAtomic(oraclePath, oracleChunks(table), 'write the oracle CSV');
  }
  return { path: absolute, oraclePath, table };
}
