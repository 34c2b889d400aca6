/**
 * Bench section: the sequence model on the user-level data (experiments/users-sequence.yaml,
 * 30,000 sessions, 5 grouped folds, one repeat) against the no-history hurdle on the same data and
 * folds (users-hurdle.yaml), each in its own process via e2e-child.ts, same worker count.
 */
import { execFileSync } from 'node:child_process';
import path from 'node:path';

export interface SequenceBench {
  rows: number;
  workers: number;
  hurdle: { wallMs: number; r2: number | null };
  sequence: { wallMs: number; r2: number | null; maxRssMb: number };
  ratio: number;
}

export function benchSequence(root: string, outDir: string, opts: { quick: boolean; workers: number }): SequenceBench {
  const rows = opts.quick ? 6000 : 30000;
  const set = ['--set', 'cv.repeats=1', '--set', `data.rows=${rows}`];
  const run = (file: string) =>
    JSON.parse(
      execFileSync(process.execPath, ['--import', 'tsx', path.join(root, 'bench/e2e-child.ts'), path.join(root, 'experiments', file), String(opts.workers), outDir, ...set], {
        cwd: root, encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'],
      }).trim().split('\n').pop()!,
    ) as { wallMs: number; r2: number | null; maxRssMb: number };
  const hurdle = run('users-hurdle.yaml');
  const sequence = run('users-sequence.yaml');
  return { rows, workers: opts.workers, hurdle, sequence, ratio: sequence.wallMs / hurdle.wallMs };
}
