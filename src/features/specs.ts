/**
 * From a FeatureConfig to the columns a loader must materialise. With `dropSessionEnd`, every
 * `sessionEnd` column is removed from all feature lists here, before anything is loaded or
 * fitted, so a real-time model cannot see them even by accident.
 */
import type { FeatureConfig } from './config.ts';
import type { ColumnKind, ColumnSpec } from '../data/types.ts';

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

/** Columns to load and how to type them, after `dropSessionEnd`. The config boundary (config/checks.ts) lists each column under one kind, once. */
export function columnSpecsFor(config: FeatureConfig): ColumnSpec[] {
  const eff = effectiveConfig(config);
  const specs: ColumnSpec[] = [];
  const listed = new Set<string>();
  const add = (name: string, kind: ColumnKind) => {
    if (listed.has(name)) return;
    listed.add(name);
    specs.push({ name, kind });
  };
  for (const c of eff.numeric) add(c, 'numeric');
  for (const c of eff.boolean) add(c, 'boolean');
  for (const f of eff.categorical) add(f.column, 'categorical');
  if (eff.datetime) add(eff.datetime.column, 'datetime');
  // History reads earlier sessions' columns (session-end ones included: those sessions are over),
  // so it loads them even in real-time mode; a column already loaded is read as it is.
  const h = config.history;
  if (h) {
    add(h.groupBy, 'categorical');
    add(h.time, 'numeric');
    for (const c of h.counts) add(c, 'numeric');
    add(h.amount, 'numeric');
  }
  return specs;
}
