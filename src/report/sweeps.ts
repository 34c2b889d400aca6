/** Sweep grouping: runs that are points of one sweep, and which keys vary across them. */
import type { ResultFile } from '../results/types.ts';
import { flattenConfig, sameValue } from './config-diff.ts';

export interface SweepGroup {
  id: string;
  members: { label: string; point: Record<string, unknown> }[];
  /** Flattened point keys whose value is not the same for every member. */
  varying: string[];
}

export function groupSweeps(runs: { label: string; result: ResultFile }[]): SweepGroup[] {
  const groups = new Map<string, SweepGroup>();
  for (const { label, result } of runs) {
    if (!result.sweep) continue;
    const g = groups.get(result.sweep.id) ?? { id: result.sweep.id, members: [], varying: [] };
    g.members.push({ label, point: flattenConfig(result.sweep.point) });
    groups.set(result.sweep.id, g);
  }
  for (const g of groups.values()) {
    const keys = [...new Set(g.members.flatMap((m) => Object.keys(m.point)))].sort();
    g.varying = keys.filter((k) => g.members.some((m) => !sameValue(m.point[k], g.members[0].point[k])));
  }
  return [...groups.values()];
}
