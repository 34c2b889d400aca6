/**
 * `npm run queue -- status`: per run, how many of its fold jobs are waiting, active, retrying,
 * completed and failed, plus the reason of each failure. Read-only.
 */
import type { Job } from 'bullmq';
import type { QueueClient } from './client.ts';
import { decodeFailure, type FoldJobData, type RunJobData } from './jobs.ts';

export const FOLD_STATES = ['waiting', 'active', 'delayed', 'completed', 'failed'] as const;
export type FoldState = (typeof FOLD_STATES)[number];

export interface RunStatus {
  run: string;
  name: string;
  state: string;
  folds: number;
  counts: Record<FoldState, number>;
  failures: { fold: number; reason: string }[];
}

export async function queueStatus(q: QueueClient): Promise<RunStatus[]> {
  const runs = new Map<string, RunStatus>();
  const runJobs = (await q.runs.getJobs(['waiting-children', 'waiting', 'active', 'completed', 'failed'])) as Job<RunJobData>[];
  for (const r of runJobs) {
    if (!r?.id) continue;
    runs.set(r.id, { run: r.id, name: r.data.name, state: await r.getState(), folds: r.data.folds, counts: zero(), failures: [] });
  }
  for (const state of FOLD_STATES) {
    const jobs = (await q.folds.getJobs([state === 'waiting' ? 'wait' : state])) as Job<FoldJobData>[];
    if (state === 'waiting') jobs.push(...((await q.folds.getJobs(['prioritized', 'waiting-children'])) as Job<FoldJobData>[]));
    for (const j of jobs) {
      if (!j?.id) continue;
      const runId = j.parent?.id ?? '(no run)';
      const entry = runs.get(runId) ?? { run: runId, name: j.data.config?.name ?? '?', state: 'unknown', folds: 0, counts: zero(), failures: [] };
      runs.set(runId, entry);
      entry.counts[state]++;
      if (state === 'failed') entry.failures.push({ fold: j.data.index + 1, reason: decodeFailure(j.failedReason ?? '').message });
    }
  }
  return [...runs.values()].sort((a, b) => a.name.localeCompare(b.name) || a.run.localeCompare(b.run));
}

function zero(): Record<FoldState, number> {
  return { waiting: 0, active: 0, delayed: 0, completed: 0, failed: 0 };
}

/** A table that fits 100 columns: names are cut, counts right-aligned. */
export function formatStatus(url: string, runs: RunStatus[]): string[] {
  if (runs.length === 0) return [`queue ${url}: no runs`];
  const head = ['run', 'name', 'state', 'waiting', 'active', 'retrying', 'done', 'failed'];
  const rows = runs.map((r) => [r.run.slice(0, 28), r.name.slice(0, 20), r.state, ...FOLD_STATES.map((s) => String(r.counts[s]))]);
  const width = head.map((h, i) => Math.max(h.length, ...rows.map((row) => row[i].length)));
  const line = (cells: string[]) => cells.map((c, i) => (i < 3 ? c.padEnd(width[i]) : c.padStart(width[i]))).join('  ');
  const total = zero();
  for (const r of runs) for (const s of FOLD_STATES) total[s] += r.counts[s];
  const out = [`queue ${url}: ${runs.length} run(s); fold jobs ${FOLD_STATES.map((s) => `${total[s]} ${s === 'delayed' ? 'retrying' : s === 'completed' ? 'done' : s}`).join(', ')}`, line(head), ...rows.map(line)];
  for (const r of runs) for (const f of r.failures) out.push(`  ${r.name} fold ${f.fold} failed: ${f.reason}`);
  return out;
}
