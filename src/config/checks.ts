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
  if (d.source === 'synthetic' && d.rows === null) add(['data', 'rows'], 'must be a positive integer for synthetic data (null means "all rows" only for csv).');

  // Every input column is claimed by exactly one kind, so the pipeline never encodes it twice.
  const owner = new Map<string, (string | number)[]>();
  const show = (p: (string | number)[]) => p.map((x) => (typeof x === 'number' ? `[${x}]` : `.${x}`)).join('').slice(1);
  const claim = (column: string, path: (string | number)[]) => {
    const prev = owner.get(column);
    if (prev) add(path, `lists column ${JSON.stringify(column)} that is already listed at \`${show(prev)}\`.`, { hint: 'A column may appear in only one of numeric, boolean, categorical and datetime.' });
    else owner.set(column, path);
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
        hint: near ? `Did you mean ${JSON.stringify(near)}?` : `Add ${JSON.stringify(col)} to ${poolName} first.`,
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
