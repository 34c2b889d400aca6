/** Shared set-up of the fault tests: experiment arguments, local reference metrics, job watching. */
import path from 'node:path';
import type { Queue } from 'bullmq';
import { runExpCommand } from '../../src/cli/exp.ts';
import { repoRoot, tempDir } from '../run/helpers.ts';
import { resultsIn } from './helpers.ts';

/** Folds of a few seconds each (no early stopping), so a kill or a restart lands mid-fold. */
export const LONG = ['data.rows=3000', 'cv.folds=2', 'train.epochs=150', 'train.earlyStopping.enabled=false', 'model.hidden=[32]', 'data.synthetic.buyerRate=0.08'];
export const SHORT = ['data.rows=1500', 'cv.folds=3', 'train.epochs=20', 'train.earlyStopping.enabled=false', 'model.hidden=[16]', 'data.synthetic.buyerRate=0.08'];

export const expArgs = (sets: string[], extra: string[] = []) => [path.join(repoRoot, 'experiments/baseline.yaml'), ...sets.flatMap((s) => ['--set', s]), '--backend', 'wasm', ...extra];

const quietIo = () => {
  let text = '';
  const stream = { write: (s: string) => ((text += s), true) } as unknown as NodeJS.WritableStream;
  return { io: { stdout: stream, stderr: stream }, text: () => text };
};

/** Fold metrics of the same experiment computed here, without the queue. */
export async function localMetrics(sets: string[]): Promise<unknown[]> {
  const dir = tempDir('hurdle-q-ref-');
  const out = quietIo();
  const code = await runExpCommand([...expArgs(sets), '--workers', '1', '--quiet', '--out', dir], out.io);
  if (code !== 0) throw new Error(`local reference run failed:\n${out.text()}`);
  return resultsIn(dir)[0].perFold.map((f) => f.metrics);
}

/** Resolves with the job id once some fold job is active and has reported at least `epochs` epochs. */
export async function activeJobPastEpoch(q: Queue, epochs: number, timeoutMs = 120_000): Promise<string> {
  const end = Date.now() + timeoutMs;
  while (Date.now() < end) {
    for (const job of await q.getJobs(['active'])) {
      const p = job?.progress as { epoch?: number } | undefined;
      if (job?.id && typeof p === 'object' && (p.epoch ?? 0) >= epochs) return job.id;
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`no fold job reached epoch ${epochs} within ${timeoutMs / 1000} s`);
}
