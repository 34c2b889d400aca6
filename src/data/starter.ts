/**
 * `npm run data -- init FILE --target COL --out experiments/mine.yaml`: a starter experiment from
 * the inferred column kinds (infer.ts), with a comment on every choice. It stands alone (no
 * `extends`, so nothing synthetic is inherited) and runs as written: `data.path` is relative to
 * the YAML's own folder, as the loader resolves it.
 */
import path from 'node:path';
import { formatCount, formatNumber, formatShare } from '../numbers.ts';
import type { InferredColumn } from './infer.ts';

/** At most this many categories one-hot encoded; more get frequency encoding. */
export const ONEHOT_MAX_CATEGORIES = 30;

export interface StarterOptions {
  /** The CSV as given (absolute or relative to the working directory). */
  file: string;
  /** The YAML to write (its folder anchors `data.path`). */
  out: string;
  target: string;
  name: string;
}

const key = (s: string) => (/^[A-Za-z_][\w.-]*$/.test(s) ? s : JSON.stringify(s));
const pad = (s: string, comment: string) => (comment ? `${s.padEnd(34)} # ${comment}` : s);

/** The YAML text, and the choices made (for the CLI's summary). */
export function starterExperiment(columns: InferredColumn[], o: StarterOptions): { yaml: string; choices: string[] } {
  const target = columns.find((c) => c.name === o.target)!;
  const rows = target.rows;
  const positive = rows - target.missing - (target.zeros ?? 0);
  const zeroShare = 1 - positive / rows;
  const rel = path.relative(path.dirname(path.resolve(o.out)), path.resolve(o.file)).split(path.sep).join('/');

  const inputs = columns.filter((c) => c.name !== o.target);
  const skipped: string[] = [];
  const ids = inputs.filter((c) => c.kind === 'categorical' && c.unique);
  const useful = inputs.filter((c) => {
    if (c.kind === 'empty') return skipped.push(`${c.name} (every cell empty)`), false;
    if (c.distinct <= 1) return skipped.push(`${c.name} (one value only)`), false;
    if (ids.includes(c)) return skipped.push(`${c.name} (every value different: an id, not a feature)`), false;
    return true;
  });
  const numeric = useful.filter((c) => c.kind === 'numeric');
  const booleans = useful.filter((c) => c.kind === 'boolean');
  const categorical = useful.filter((c) => c.kind === 'categorical');
  const datetime = useful.filter((c) => c.kind === 'datetime');
  const anyMissing = numeric.some((c) => c.missing > 0);
  // Two-part models need buyers in every fold; with a mostly-zero target they are the point of the project.
  const twoPart = zeroShare >= 0.5 && positive >= 100;

  const L: string[] = [
    `# Starter experiment for ${path.basename(o.file)}, written by \`npm run data -- init\` from the column types it inferred.`,
    `# Run:     npm run exp -- ${o.out}`,
    `# Compare: npm run report -- results/*.json          Every key and its default: experiments/baseline.yaml`,
    `name: ${key(o.name)}`,
    `description: ${JSON.stringify(`${twoPart ? 'Hurdle model' : 'MLP'} on ${path.basename(o.file)} (starter from data init)`)}`,
    'seed: 42',
    '',
    'data:',
    '  source: csv',
    pad(`  path: ${JSON.stringify(rel)}`, 'relative to this file'),
    pad(`  target: ${key(o.target)}`, `${formatCount(positive)} of ${formatCount(rows)} rows > 0 (${formatShare(positive / rows)}); empty = 0`),
    pad('  targetUnit: null', 'micros | cents | units: how reports show RMSE/MAE; null = raw'),
    pad(`  idColumn: ${ids[0] ? key(ids[0].name) : 'null'}`, ids[0] ? 'all values different: copied into predictions' : 'a column copied into predictions, if any'),
    pad('  maxRows: null', 'null = every row; a number reads only the first N'),
    '',
    'features:',
  ];
  const choices: string[] = [];
  if (numeric.length) {
    L.push('  numeric:');
    for (const c of numeric) {
      const what = `${c.integer ? 'integer' : 'decimal'} ${formatNumber(c.min)}..${formatNumber(c.max)}, median ${formatNumber(c.median)}${c.missing ? `, ${formatShare(c.missing / c.rows)} empty` : ''}`;
      L.push(pad(`    - ${key(c.name)}`, `${what}${c.skewed ? '; right-skewed → log1p' : ''}`));
    }
    const logged = numeric.filter((c) => c.skewed);
    L.push(pad(`  log1p: [${logged.map((c) => key(c.name)).join(', ')}]`, 'skewed counts/durations: log1p before scaling'));
    L.push(pad(`  missing: ${anyMissing ? 'median' : 'zero'}`, anyMissing ? 'empty numeric cells → the training fold\'s median' : 'no empty numeric cells'));
    L.push(pad('  scaler: standard', 'fitted on the training fold only'));
    choices.push(`numeric: ${numeric.map((c) => c.name).join(', ')}${logged.length ? ` (log1p: ${logged.map((c) => c.name).join(', ')})` : ''}`);
  }
  if (booleans.length) {
    L.push(pad(`  boolean: [${booleans.map((c) => key(c.name)).join(', ')}]`, 'True/False → 1/0'));
    choices.push(`boolean: ${booleans.map((c) => c.name).join(', ')}`);
  }
  if (categorical.length) {
    L.push('  categorical:');
    for (const c of categorical) {
      if (c.distinct <= ONEHOT_MAX_CATEGORIES) L.push(pad(`    - ${key(c.name)}`, `${c.distinct} values → one-hot`));
      else L.push(pad(`    - { column: ${key(c.name)}, encoding: frequency }`, `${formatCount(c.distinct)} values → frequency (one-hot would add a column each; or embedding with model.embeddingDim)`));
    }
    L.push(pad('  minCategoryCount: 10', 'rarer categories (in the training fold) fold into "other"'));
    choices.push(`categorical: ${categorical.map((c) => `${c.name} (${c.distinct <= ONEHOT_MAX_CATEGORIES ? 'one-hot' : 'frequency'})`).join(', ')}`);
  }
  if (datetime[0]) {
    const d = datetime[0];
    L.push('  datetime:', pad(`    column: ${key(d.name)}`, `${d.format} → hour of day and day of week`), '    timezone: UTC', pad('    cyclical: true', 'sin/cos, so 23h sits next to 0h'));
    choices.push(`datetime: ${d.name}`);
  }
  for (const d of datetime.slice(1)) skipped.push(`${d.name} (a second datetime column; one is expanded)`);
  L.push(pad('  sessionEnd: []', 'columns only known when the session ends (they may reflect the purchase)'));
  if (skipped.length) L.push(`  # not used: ${skipped.join('; ')}`);
  L.push('', 'model:');
  if (twoPart) {
    L.push(pad('  type: hurdle', `${formatShare(zeroShare)} of targets are 0: P(buy) × E[amount | buy]`), '  purchaseHead: [64, 32]', '  amountHead: [64, 32]', '  dropout: 0.1');
  } else {
    L.push(pad('  type: mlp', positive < 100 ? 'too few positive targets for a two-part model' : 'the target is mostly non-zero'), '  hidden: [128, 64]', '  dropout: 0.1');
  }
  L.push('', 'train:', '  epochs: 10', '  batchSize: 256', '  learningRate: 0.001', '', 'cv:', '  folds: 5', pad('  stratify: purchase', 'every fold gets the same share of rows > 0'), '');
  choices.push(`model: ${twoPart ? 'hurdle' : 'mlp'}`);
  if (skipped.length) choices.push(`not used: ${skipped.join('; ')}`);
  return { yaml: L.join('\n'), choices };
}
