/**
 * Queue speed-up and overhead (issue 18's figures): a 4-point sweep (2×2) run locally on one
 * thread, then on the queue with 1, 2 and 3 `npm run worker` processes (concurrency 1 each), on a
 * private redis-server. Wall times are the submitter's, process start to exit, like a user's.
 * Then the per-job overhead (tiny folds) and the bytes each job ships both ways.
 *
 *   node --import tsx scripts/queue-speedup.ts [--rows 20000] [--epochs 10] [--folds 5] [--workers 1,2,3]
 *
 * Needs redis-server on PATH. Wall times on a shared machine are noisy: compare within one run.
 */
import { spawn } from 'node:child_process';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { Queue } from 'bullmq';
import { FOLD_QUEUE, parseQueueUrl } from '../src/queue/connection.ts';
import { tempDir, repoRoot } from '../test/run/helpers.ts';
import { privateRedis } from '../test/queue/redis.ts';
import { cli, resultsIn, stopAll, type Cli } from '../test/queue/helpers.ts';

const { values } = parseArgs({
  options: { rows: { type: 'string', default: '20000' }, epochs: { type: 'string', default: '10' }, folds: { type: 'string', default: '5' }, workers: { type: 'string', default: '1,2,3' } },
});
const sets = [`data.rows=${values.rows}`, `train.epochs=${values.epochs}`, `cv.folds=${values.folds}`, 'train.earlyStopping.enabled=false'];
const sweep = ['--sweep', 'train.learningRate=0.001,0.0003', '--sweep', 'model.hidden=[64],[32]'];
const exp = (seed: number, extra: string[], s = sets) => [path.join(repoRoot, 'experiments/baseline.yaml'), ...s.flatMap((x) => ['--set', x]), '--seed', String(seed), '--backend', 'wasm', '--quiet', ...extra];

function timed(args: string[]): Promise<{ ms: number; out: string }> {
  const t = performance.now();
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', path.join(repoRoot, 'src/cli/exp.ts'), ...args], { cwd: repoRoot, env: { ...process.env, CI: '1' } });
    let out = '';
    child.stdout.on('data', (d) => (out += d));
    child.stderr.on('data', (d) => (out += d));
    child.on('exit', (code) => (code === 0 ? resolve({ ms: performance.now() - t, out }) : reject(new Error(`exp exited ${code}:\n${out}`))));
  });
}

const redis = await privateRedis();
const workers: Cli[] = [];
const s = (ms: number) => `${(ms / 1000).toFixed(1)} s`;
try {
  console.log(`machine: ${os.cpus().length} cores (${os.cpus()[0]?.model}), load average ${os.loadavg().map((l) => l.toFixed(1)).join(' ')}`);
  console.log(`sweep: 4 points × ${values.folds} folds, ${values.rows} synthetic rows, ${values.epochs} epochs, baseline MLP`);
  const localDir = tempDir('hurdle-qbench-local-');
  const local = await timed(exp(1, ['--workers', '1', '--out', localDir, ...sweep]));
  const localFoldMs = resultsIn(localDir).flatMap((r) => r.perFold).reduce((a, f) => a + f.timings.pipelineMs + f.timings.fitMs + f.timings.predictMs, 0);
  console.log(`local, 1 thread:        ${s(local.ms)} wall (fold compute ${s(localFoldMs)})`);
  const rows: string[] = [];
  for (const n of values.workers.split(',').map(Number)) {
    while (workers.length < n) workers.push(cli('worker', ['--queue', redis.url, '--concurrency', '1', '--backend', 'wasm']));
    await Promise.all(workers.map((w) => w.waitFor(/waiting for fold jobs/)));
    // Warm-up: every worker's fold process boots (tsx, tfjs, wasm) on its first job; not timed.
    await timed(exp(900 + n, ['--out', tempDir('hurdle-qbench-warm-'), '--queue', redis.url], ['data.rows=600', 'train.epochs=1', 'cv.stratify=none', `cv.folds=${Math.max(2, 2 * n)}`]));
    const dir = tempDir('hurdle-qbench-q-');
    // Seed n + 1: new job ids, so every fold is computed (the same seed would reuse finished jobs).
    const run = await timed(exp(n === 1 ? 1 : n + 1, ['--out', dir, '--queue', redis.url, ...sweep]));
    const results = resultsIn(dir);
    const folds = results.flatMap((r) => r.queue!.folds);
    const compute = results.flatMap((r) => r.perFold).reduce((a, f) => a + f.timings.pipelineMs + f.timings.fitMs + f.timings.predictMs, 0);
    const runMs = folds.reduce((a, f) => a + f.runMs, 0);
    const identical = n === 1 ? JSON.stringify(results.map((r) => r.perFold.map((f) => f.metrics))) === JSON.stringify(resultsIn(localDir).map((r) => r.perFold.map((f) => f.metrics))) : null;
    rows.push(
      `queue, ${n} worker process(es): ${s(run.ms)} wall, speed-up ×${(local.ms / run.ms).toFixed(2)} vs local; worker-side overhead ${((runMs - compute) / folds.length).toFixed(0)} ms/job over the fold's own ${(compute / folds.length).toFixed(0)} ms` +
        (identical === null ? '' : `; fold metrics identical to local: ${identical}`),
    );
    console.log(rows.at(-1));
  }

  // Per-job overhead, from the jobs' own timestamps (robust to a noisy machine): 40 tiny folds
  // through one worker. Worker side: job run time minus the fold's own compute (IPC to the fold
  // process, data cache, fold recomputation, result write). Hand-off: from one job's end to the
  // next one's start on that worker (Redis round trips). Collection: last job's end to the
  // submitter's exit (noticing it, writing the result file, exiting).
  await stopAll(workers.splice(1));
  const tinySets = ['data.rows=2000', 'train.epochs=1', 'cv.folds=40', 'cv.stratify=none', 'model.hidden=[8]'];
  const tinyDir = tempDir('hurdle-qbench-t-');
  const tStart = Date.now();
  await timed(exp(7, ['--out', tinyDir, '--queue', redis.url], tinySets));
  const tEnd = Date.now();
  const [tinyResult] = resultsIn(tinyDir);
  const fq = new Queue(FOLD_QUEUE, { connection: parseQueueUrl(redis.url) });
  const tinyJobs = (await Promise.all(tinyResult.queue!.folds.map((f) => fq.getJob(f.job)))).filter((j) => j).sort((a, b) => a!.processedOn! - b!.processedOn!);
  await fq.close();
  const avg = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / Math.max(1, xs.length);
  const own = (i: number) => {
    const t = tinyResult.perFold[i].timings;
    return t.pipelineMs + t.fitMs + t.predictMs;
  };
  const workerSide = avg(tinyJobs.map((j) => j!.finishedOn! - j!.processedOn! - own(j!.data.index)));
  const handOff = avg(tinyJobs.slice(1).map((j, k) => j!.processedOn! - tinyJobs[k]!.finishedOn!));
  console.log(
    `per-job overhead (40 tiny folds, 1 worker): worker side ${workerSide.toFixed(0)} ms/job, hand-off between jobs ${handOff.toFixed(0)} ms/job; collection after the last job ${s(tEnd - tinyJobs.at(-1)!.finishedOn!)}; submission ${s(tinyJobs[0]!.timestamp - tStart)} (process start, data, 40 jobs queued)`,
  );

  const q = new Queue(FOLD_QUEUE, { connection: parseQueueUrl(redis.url) });
  const jobs = (await q.getJobs(['completed'])).filter((j) => j?.data?.config?.train?.epochs === Number(values.epochs));
  const bytes = (v: unknown) => Buffer.byteLength(JSON.stringify(v));
  const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;
  console.log(`data shipped per job: ${mean(jobs.map((j) => bytes(j.data))).toFixed(0)} B to the worker (config + data identity + fold), ${mean(jobs.map((j) => bytes(j.returnvalue))).toFixed(0)} B back (the fold result); no rows: synthetic data is regenerated, CSV read from the worker's copy`);
  await q.close();
} finally {
  await stopAll(workers);
  await redis.stop();
}
