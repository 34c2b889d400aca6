/** Child processes for the queue tests: the real CLI entry points, with their output captured. */
import { spawn, type ChildProcess } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { Queue } from 'bullmq';
import { FOLD_QUEUE, parseQueueUrl } from '../../src/queue/connection.ts';
import type { ResultFile } from '../../src/results/types.ts';
import { repoRoot } from '../run/helpers.ts';

export interface Cli {
  child: ChildProcess;
  output(): string;
  /** Resolves once the output matches (rejects after timeoutMs). */
  waitFor(pattern: RegExp, timeoutMs?: number): Promise<void>;
  done: Promise<{ code: number | null; signal: NodeJS.Signals | null; output: string }>;
}

export function cli(command: 'exp' | 'worker' | 'queue', args: string[]): Cli {
  const child = spawn(process.execPath, ['--import', 'tsx', path.join(repoRoot, `src/cli/${command}.ts`), ...args], {
    cwd: repoRoot,
    env: { ...process.env, CI: '1' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  const listeners = new Set<() => void>();
  const onData = (d: Buffer) => {
    output += d;
    for (const l of listeners) l();
  };
  child.stdout!.on('data', onData);
  child.stderr!.on('data', onData);
  const done = new Promise<{ code: number | null; signal: NodeJS.Signals | null; output: string }>((resolve) => child.on('exit', (code, signal) => resolve({ code, signal, output })));
  return {
    child,
    output: () => output,
    done,
    waitFor(pattern, timeoutMs = 120_000) {
      return new Promise((resolve, reject) => {
        const check = () => {
          if (!pattern.test(output)) return;
          listeners.delete(check);
          clearTimeout(timer);
          resolve();
        };
        const timer = setTimeout(() => {
          listeners.delete(check);
          reject(new Error(`timed out waiting for ${pattern} in:\n${output}`));
        }, timeoutMs);
        listeners.add(check);
        void done.then(() => {
          if (!pattern.test(output) && listeners.has(check)) {
            listeners.delete(check);
            clearTimeout(timer);
            reject(new Error(`process exited before ${pattern}:\n${output}`));
          }
        });
        check();
      });
    },
  };
}

export function worker(url: string, extra: string[] = []): Cli {
  // Short enough for a quick stall detection, long enough that a loaded machine never misses a heartbeat.
  const lock = extra.includes('--lock-seconds') ? [] : ['--lock-seconds', '4'];
  return cli('worker', ['--queue', url, '--concurrency', '1', ...lock, ...extra]);
}

/** Kill what is still running (tests call this in t.after). */
export function stopAll(clis: Cli[]): Promise<unknown> {
  return Promise.all(
    clis.map((c) => {
      if (c.child.exitCode !== null || c.child.signalCode !== null) return;
      c.child.kill('SIGKILL');
      return c.done;
    }),
  );
}

export function resultsIn(dir: string): ResultFile[] {
  return readdirSync(dir)
    .filter((f) => f.endsWith('.json'))
    .sort()
    .map((f) => JSON.parse(readFileSync(path.join(dir, f), 'utf8')) as ResultFile);
}

/** The fold queue, to look at job states and attempts from the test. */
export function foldQueue(url: string): Queue {
  const q = new Queue(FOLD_QUEUE, { connection: parseQueueUrl(url) });
  q.on('error', () => {});
  return q;
}

/** How often each job id was started, per the workers' logs. */
export function starts(workers: Cli[]): Map<string, number> {
  const count = new Map<string, number>();
  for (const w of workers) for (const m of w.output().matchAll(/started .* \((fold-[^,]+), attempt/g)) count.set(m[1], (count.get(m[1]) ?? 0) + 1);
  return count;
}
