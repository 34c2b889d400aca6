/** The one entry point from a resolved experiment config to a typed Dataset. */
import { SeedBook } from '../seeds.ts';
import type { DataConfig } from './config.ts';
import { loadCsv } from './csv.ts';
import { syntheticDataset } from './synthetic.ts';
import type { ColumnSpec, Dataset } from './types.ts';

export async function loadData(data: DataConfig, columns: ColumnSpec[], seed: number, opts: { displayPath?: string } = {}): Promise<Dataset> {
  if (data.source === 'synthetic') {
    const seeds = new SeedBook(seed);
    // A config from a result file written before data.synthetic.seed existed derives it the old way.
    const dataSeed = data.synthetic.seed === undefined ? seeds.derive('data') : seeds.record('data', data.synthetic.seed);
    const dataset = syntheticDataset({ ...data.synthetic, seed: dataSeed }, columns, data.target, { idColumn: data.idColumn });
    return { ...dataset, seeds: seeds.used };
  }
  // The config boundary requires data.path for a CSV (config/checks.ts): null here is a bug.
  if (data.path === null) throw new Error('loadData: a csv source without data.path');
  return loadCsv(data.path, {
    columns,
    target: data.target,
    idColumn: data.idColumn,
    maxRows: data.maxRows,
    displayPath: opts.displayPath,
  });
}
