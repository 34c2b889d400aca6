/**
 * From a FeatureConfig to the columns a loader must materialise. With `dropSessionEnd`, every
 * `sessionEnd` column is removed from all feature lists here, before anything is loaded or
 * fitted, so a real-time model cannot see them even by accident.
 */
import type { FeatureConfig } from './config.ts';
import type { ColumnKind, ColumnSpec } from '../data/types.ts';
import { UserError } from '../errors.ts';

/** The config with every dropped session-end column removed (identity when nothing is dropped). */
export function effectiveConfig(config: FeatureConfig): FeatureConfig {
  if (!config.dropSessionEnd) return config;
  const drop = new Set(config.sessionEnd);
  const keep = (c: string) => !drop.has(c);
  return {
    ...config,
    numeric: config.numeric.filter(keep),
    log1p: config.log1p.filter(keep),
    boolean: config.boolean.filter(keep),
    categorical: config.categorical.filter((f) => keep(f.column)),
    datetime: config.datetime && keep(config.datetime.column) ? config.datetime : null,
  };
}

/** Columns to load and how to type them, after `dropSessionEnd`. A column listed under two kinds is an error. */
export function columnSpecsFor(config: FeatureConfig): ColumnSpec[] {
  const eff = effectiveConfig(config);
  const specs: ColumnSpec[] = [];
  const kindOf = new Map<string, { kind: ColumnKind; key: string }>();
  const seenEncodings = new Set<string>();
  const add = (name: string, kind: ColumnKind, key: string, repeatable: boolean) => {
    const prev = kindOf.get(name);
    if (prev === undefined) {
      kindOf.set(name, { kind, key });
      specs.push({ name, kind });
    } else if (prev.kind !== kind || !repeatable) {
      throw new UserError('CONFIG_INVALID', `column ${JSON.stringify(name)} is listed more than once (under \`${prev.key}\` and \`${key}\`).`, {
        key,
        expected: 'each column under exactly one feature kind, once',
        found: `${JSON.stringify(name)} as ${prev.kind} and as ${kind}`,
        hint: 'Remove the duplicate entry.',
      });
    }
  };
  for (const c of eff.numeric) add(c, 'numeric', 'features.numeric', false);
  for (const c of eff.boolean) add(c, 'boolean', 'features.boolean', false);
  for (const f of eff.categorical) {
    // One column may feed several encodings (e.g. onehot and frequency), but not the same one twice.
    const id = `${f.column}\u0000${f.encoding}`;
    if (seenEncodings.has(id)) add(f.column, 'categorical', 'features.categorical', false);
    seenEncodings.add(id);
    add(f.column, 'categorical', 'features.categorical', true);
  }
  if (eff.datetime) add(eff.datetime.column, 'datetime', 'features.datetime.column', false);
  // History reads earlier sessions' columns (session-end ones included: those sessions are over),
  // so it loads them even in real-time mode; a column already loaded is read as it is.
  const h = config.history;
  if (h) {
    const addOnce = (name: string, kind: ColumnKind) => {
      if (!kindOf.has(name)) add(name, kind, 'features.history', false);
    };
    addOnce(h.groupBy, 'categorical');
    addOnce(h.time, 'numeric');
    for (const c of h.counts) addOnce(c, 'numeric');
    addOnce(h.amount, 'numeric');
  }
  return specs;
}
