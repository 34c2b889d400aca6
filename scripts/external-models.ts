/**
 * Two tiny "external" models, written the way a user outside hurdle-lab would: read the data CSV
 * and `folds.csv` (from `npm run folds`) with a plain CSV parser, train on each training fold,
 * predict its test fold, and write `oof.csv` for `npm run score`. They are the TypeScript twin
 * of the README's Python/LightGBM example, and the yardsticks every model must beat:
 *  - `mean`: the training fold's mean purchase value for every test row;
 *  - `group-mean`: the training fold's mean per value of one column (e.g. channelGrouping),
 *    falling back to the overall training mean for a value unseen in training.
 *
 *   node --import tsx scripts/external-models.ts --data ../shared/data/ga-sessions.csv \
 *     --folds folds.csv --model group-mean --column channelGrouping --out oof-channel.csv
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { parse } from 'csv-parse/sync';

export interface FoldLine {
  row: number;
  repeat: number;
  fold: number;
}

/** Fits on the training rows and returns a function that predicts one row. */
export type Fit = (trainRows: readonly number[]) => (row: number) => number;

export function readFoldsCsv(text: string): FoldLine[] {
  const records = parse(text, { columns: true, skip_empty_lines: true }) as Record<string, string>[];
  return records.map((r) => ({ row: Number(r.row), repeat: Number(r.repeat), fold: Number(r.fold) }));
}

/** Per (repeat, fold): fit on the other folds of that repeat, predict this one. */
export function outOfFold(folds: readonly FoldLine[], fit: Fit): (FoldLine & { prediction: number })[] {
  const out: (FoldLine & { prediction: number })[] = [];
  const keys = [...new Set(folds.map((f) => `${f.repeat}/${f.fold}`))];
  for (const key of keys) {
    const [repeat, fold] = key.split('/').map(Number);
    const train = folds.filter((f) => f.repeat === repeat && f.fold !== fold).map((f) => f.row);
    const predict = fit(train);
    for (const f of folds) if (f.repeat === repeat && f.fold === fold) out.push({ ...f, prediction: predict(f.row) });
  }
  return out;
}

export function trainingMean(y: readonly number[]): Fit {
  return (train) => {
    let sum = 0;
    for (const r of train) sum += y[r];
    const m = sum / train.length;
    return () => m;
  };
}

export function groupMean(y: readonly number[], group: readonly string[]): Fit {
  return (train) => {
    const sums = new Map<string, [number, number]>();
    let total = 0;
    for (const r of train) {
      const s = sums.get(group[r]) ?? [0, 0];
      s[0] += y[r];
      s[1] += 1;
      sums.set(group[r], s);
      total += y[r];
    }
    const overall = total / train.length;
    return (row) => {
      const s = sums.get(group[row]);
      return s ? s[0] / s[1] : overall;
    };
  };
}

export function oofCsv(lines: readonly (FoldLine & { prediction: number })[]): string {
  return `row,repeat,fold,prediction\n${lines.map((l) => `${l.row},${l.repeat},${l.fold},${l.prediction}`).join('\n')}\n`;
}

function main(): void {
  const { values } = parseArgs({
    options: {
      data: { type: 'string' }, folds: { type: 'string' }, out: { type: 'string' },
      model: { type: 'string', default: 'mean' }, column: { type: 'string' }, target: { type: 'string', default: 'purchaseValue' },
      rows: { type: 'string' },
    },
  });
  if (!values.data || !values.folds || !values.out) throw new Error('usage: --data data.csv --folds folds.csv --out oof.csv [--model mean|group-mean --column NAME] [--rows N]');
  let records = parse(readFileSync(values.data, 'utf8'), { columns: true, skip_empty_lines: true }) as Record<string, string>[];
  if (values.rows) records = records.slice(0, Number(values.rows)); // data.rows: the first N rows of the file
  const y = records.map((r) => (r[values.target!] === '' ? 0 : Number(r[values.target!])));
  const fit = values.model === 'group-mean' ? groupMean(y, records.map((r) => r[values.column ?? ''] ?? '')) : trainingMean(y);
  writeFileSync(values.out, oofCsv(outOfFold(readFoldsCsv(readFileSync(values.folds, 'utf8')), fit)));
}

if (process.argv[1] && import.meta.url.endsWith(process.argv[1].split('/').pop()!)) main();
