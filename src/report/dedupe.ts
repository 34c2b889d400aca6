/**
 * Two choices the reporter makes before comparing: identical runs (same config hash, seed, data
 * and fold metrics: a rerun, a `-2` copy) are shown once, since comparing a run with its copy
 * only dilutes the Holm correction; and the default baseline is picked by a stated rule among
 * the runs that can be paired with the most others.
 */
import { canonicalJson } from '../hash.ts';
import type { ResultFile } from '../results/types.ts';

export interface Entry {
  path: string;
  result: ResultFile;
}

export interface Collapsed {
  kept: string;
  dropped: string[];
}

const identity = (r: ResultFile) =>
  canonicalJson({ hash: r.configHash, seed: r.seeds.root, data: r.data.sha256, rows: r.data.rows, folds: r.folds.fingerprint, metrics: r.perFold.map((f) => [f.status, f.metrics]) });

/** Earliest file name first (`x.json` before `x-2.json`), then the earliest run. */
const preference = (a: Entry, b: Entry) => a.path.length - b.path.length || a.result.startedAt.localeCompare(b.result.startedAt) || a.path.localeCompare(b.path);

export function collapseIdentical(entries: Entry[]): { entries: Entry[]; collapsed: Collapsed[] } {
  const groups = new Map<string, Entry[]>();
  for (const e of entries) {
    const id = identity(e.result);
    groups.set(id, [...(groups.get(id) ?? []), e]);
  }
  const keep = new Set<Entry>();
  const collapsed: Collapsed[] = [];
  for (const g of groups.values()) {
    const [first, ...rest] = [...g].sort(preference);
    keep.add(first);
    if (rest.length) collapsed.push({ kept: first.path, dropped: rest.map((e) => e.path) });
  }
  return { entries: entries.filter((e) => keep.has(e)), collapsed };
}

/**
 * The default baseline: among the runs that share data and folds with the most others (so the
 * most comparisons can be paired), the run named "baseline", else the one that started first.
 * Returns the index and the rule as the report states it.
 */
export function defaultBaseline(results: ResultFile[]): { index: number; rule: string } {
  const key = (r: ResultFile) => `${r.data.sha256}|${r.data.rows}|${r.folds.fingerprint}`;
  const size = new Map<string, number>();
  for (const r of results) size.set(key(r), (size.get(key(r)) ?? 0) + 1);
  const largest = Math.max(...size.values());
  const pool = results.map((r, i) => ({ r, i })).filter(({ r }) => size.get(key(r)) === largest);
  const groups = new Set(pool.map(({ r }) => key(r))).size;
  const where = results.length === 1 ? '' : largest === results.length ? ' (all runs share data and folds)' : ` among the ${largest} runs that share data and folds${groups > 1 ? ' (first such group)' : ''}`;
  const named = pool.find(({ r }) => r.name === 'baseline');
  if (named) return { index: named.i, rule: `the run named "baseline"${where}` };
  const first = [...pool].sort((a, b) => a.r.startedAt.localeCompare(b.r.startedAt) || a.i - b.i)[0];
  return { index: first.i, rule: `the earliest run${where}` };
}
