/** The one entry point from a resolved experiment config to a typed Dataset. */
import { SeedBook } from '../seeds.ts';
import type { DataConfig } from './config.ts';
import { UserError } from '../errors.ts';
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
  if (!data.path) {
    throw new UserError('CONFIG_INVALID', '`data.source: csv` needs a file.', {
      key: 'data.path',
      expected: 'a path to a CSV file',
      found: 'nothing',
      hint: 'Add `path: data/train.csv` under `data:` (relative to the experiment file).',
    });
  }
  return loadCsv(data.path, {
    columns,
    target: data.target,
    idColumn: data.idColumn,
    maxRows: data.maxRows,
    displayPath: opts.displayPath,
  });
}
