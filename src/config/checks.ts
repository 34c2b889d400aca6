/**
 * Rules that span keys, run once the per-key schema has passed. Each issue carries its whole
 * sentence as the message (plus an optional hint), and points at the entry to fix.
 */
import { closest } from '../errors.ts';
import type { ExperimentConfig } from './types.ts';

export type Ctx = { addIssue(issue: { code: 'custom'; path: (string | number)[]; message: string; params?: Record<string, unknown> }): void };

export function crossFieldChecks(c: ExperimentConfig, ctx: Ctx): void {
  const add = (path: (string | number)[], message: string, params: { found?: string; hint?: string } = {}) =>
    ctx.addIssue({ code: 'custom', path, message, params: { ...params, crossField: true } });
  const f = c.features;
  const d = c.data;

  if (d.source === 'csv' && d.path === null) add(['data', 'path'], 'is required when `data.source` is csv.', { hint: 'Set `data.path` to the CSV file (relative to this YAML file).' });
  if (d.source === 'synthetic' && d.path !== null) add(['data', 'path'], 'is only used when `data.source` is csv.', { hint: 'Remove `data.path`, or set `data.source: csv`.' });
  if (d.source === 'synthetic' && d.maxRows !== null) add(['data', 'maxRows'], 'is only used when `data.source` is csv.', { hint: 'Set the number of generated rows with `data.synthetic.rows`.' });

  // Every input column is claimed once, by one kind and (categorical) one encoding, so the pipeline
  // never encodes it twice and columnSpecsFor (features/specs.ts) can type it without asking.
  const owner = new Map<string, (string | number)[]>();
  const show = (p: (string | number)[]) => p.map((x) => (typeof x === 'number' ? `[${x}]` : `.${x}`)).join('').slice(1);
  const claim = (column: string, path: (string | number)[]) => {
    const prev = owner.get(column);
    const bothCategorical = prev?.[1] === 'categorical' && path[1] === 'categorical';
    if (prev) {
      add(path, `lists column ${JSON.stringify(column)} that is already listed at \`${show(prev)}\`.`, {
        hint: bothCategorical ? 'A categorical column takes one encoding: keep one of the two entries.' : 'A column may appear in only one of numeric, boolean, categorical and datetime.',
      });
    } else owner.set(column, path);
  };
  f.numeric.forEach((col, i) => claim(col, ['features', 'numeric', i]));
  f.boolean.forEach((col, i) => claim(col, ['features', 'boolean', i]));
  f.categorical.forEach((cat, i) => claim(cat.column, ['features', 'categorical', i]));
  if (f.datetime) claim(f.datetime.column, ['features', 'datetime']);
  const inputs = [...owner.keys()];

  const mustBeAmong = (list: string[], key: string, pool: string[], poolName: string) =>
    list.forEach((col, i) => {
      if (pool.includes(col)) return;
      const near = closest(col, pool);
      add(['features', key, i], `must name a column listed in ${poolName}, got ${JSON.stringify(col)}.`, {
        // Either side may hold the typo (a child's numeric list vs a parent's log1p): say both.
        hint: near ? `${poolName} has ${JSON.stringify(near)}: fix whichever of the two is misspelt.` : `Add ${JSON.stringify(col)} to ${poolName} first.`,
      });
    });
  mustBeAmong(f.log1p, 'log1p', f.numeric, '`features.numeric`');
  mustBeAmong(f.sessionEnd, 'sessionEnd', inputs, 'the features (numeric, boolean, categorical or datetime)');

  const used = f.dropSessionEnd ? inputs.filter((col) => !f.sessionEnd.includes(col)) : inputs;
  if (used.length === 0) {
    add(['features'], inputs.length ? 'leaves no input column once the session-end columns are dropped.' : 'must list at least one input column.', {
      hint: 'List columns under features.numeric, boolean, categorical or datetime.',
    });
  }
  const targetAt = owner.get(d.target);
  if (targetAt) add(targetAt, `is the target column ${JSON.stringify(d.target)}; using it as an input would leak the answer.`, { hint: 'Remove it from the features.' });
  const idAt = d.idColumn === null ? undefined : owner.get(d.idColumn);
  if (idAt) add(idAt, `is the id column ${JSON.stringify(d.idColumn)}; an id carries no signal that generalises.`, { hint: 'Remove it from the features.' });

  if (c.model.embeddingDim === 0) {
    const i = f.categorical.findIndex((cat) => cat.encoding === 'embedding');
    if (i >= 0) add(['features', 'categorical', i, 'encoding'], 'is embedding, but `model.embeddingDim` is 0.', { hint: 'Set model.embeddingDim to a positive size (e.g. 8), or use onehot/frequency.' });
  }
  if (c.model.type === 'sequence' && !(f.history && f.history.steps > 0)) {
    add(['model', 'type'], 'is sequence, which reads the previous sessions, but `features.history.steps` is not set.', {
      hint: 'Add `features: { history: { steps: 6 } }` (see experiments/users-sequence.yaml).',
    });
  }
  if (c.model.type === 'hurdle' && c.model.lossWeights.purchase + c.model.lossWeights.amount === 0) {
    add(['model', 'lossWeights'], 'must not both be 0 (nothing would be trained).');
  }
  const es = c.train.earlyStopping;
  if (es.enabled && es.validationFraction === 0) {
    add(['train', 'earlyStopping', 'validationFraction'], 'is 0, but early stopping needs a validation split.', { hint: 'Use e.g. 0.1, or set train.earlyStopping.enabled: false.' });
  }
  for (const key of Object.keys(c.sweep)) {
    if (key === 'sweep' || key.startsWith('sweep.')) add(['sweep', key], 'cannot sweep over the sweep itself.');
  }
}
