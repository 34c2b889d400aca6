/**
 * Shared set-up of the fault tests: experiment arguments, local reference metrics, job watching,
 * and the scene each test plays in (its Redis, the fold queue, the processes it starts).
 */
import path from 'node:path';
import type { TestContext } from 'node:test';
import type { Queue } from 'bullmq';
import { runExpCommand } from '../../src/cli/exp.ts';
import { repoRoot, tempDir } from '../run/helpers.ts';
import { cli, foldQueue, resultsIn, stopAll, worker, type Cli } from './helpers.ts';
import type { TestRedis } from './redis.ts';

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

export interface FaultScene {
  redis: TestRedis;
  /** The fold queue, to look at job states from the test. */
  q: Queue;
  /** `npm run exp` of the baseline with `sets`, on this Redis, writing to `out`. */
  submit(sets: string[], out: string): Cli;
  /** `npm run worker` on this Redis. */
  worker(extra?: string[]): Cli;
  /** A worker that is already waiting for fold jobs. */
  readyWorker(extra?: string[]): Promise<Cli>;
}

/** Every process the scene starts is killed, and the queue and Redis stopped, after the test. */
export function faultScene(t: TestContext, redis: TestRedis): FaultScene {
  const q = foldQueue(redis.url);
  const clis: Cli[] = [];
  t.after(async () => {
    await stopAll(clis);
    await q.close();
    await redis.stop();
  });
  const started = (c: Cli) => (clis.push(c), c);
  const scene: FaultScene = {
    redis,
    q,
    submit: (sets, out) => started(cli('exp', [...expArgs(sets), '--queue', redis.url, '--out', out])),
    worker: (extra = []) => started(worker(redis.url, extra)),
    async readyWorker(extra = []) {
      const w = scene.worker(extra);
      await w.waitFor(/waiting for fold jobs/);
      return w;
    },
  };
  return scene;
}
