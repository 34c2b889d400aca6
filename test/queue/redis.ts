/**
 * A real Redis for the queue tests. `.ci/run` starts one and exports HURDLE_TEST_REDIS_URL; without
 * it, each test file starts its own redis-server from PATH on a free loopback port with a temp data
 * directory (AOF on). Without redis-server the tests FAIL, unless HURDLE_QUEUE_TESTS=offline is
 * set, which skips them with a loud message. Tests that restart Redis always use a private one.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import test from 'node:test';
import { Redis } from 'ioredis';

export const OFFLINE = process.env.HURDLE_QUEUE_TESTS === 'offline';
const OFFLINE_MESSAGE =
  '!!! QUEUE TESTS SKIPPED: HURDLE_QUEUE_TESTS=offline. The BullMQ/Redis path (npm run exp --queue, npm run worker) is NOT tested in this run. Run `bash .ci/run`, or install redis-server, to test it. !!!';

let warned = false;
/** `test` that needs Redis: skipped loudly in offline mode, otherwise run (and failing without Redis). */
export function queueTest(name: string, opts: { timeout?: number }, fn: (t: test.TestContext) => Promise<void>): void {
  if (OFFLINE) {
    if (!warned) process.stderr.write(`\n${OFFLINE_MESSAGE}\n\n`);
    warned = true;
    test(name, { skip: OFFLINE_MESSAGE }, () => {});
    return;
  }
  test(name, { timeout: opts.timeout ?? 240_000 }, fn);
}

export interface TestRedis {
  url: string;
  /** Only for a private server: stop it (SIGTERM: Redis writes its AOF first) and start it again on the same port and data. */
  restart?: () => Promise<void>;
  stop(): Promise<void>;
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = net.createServer();
    s.on('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address() as net.AddressInfo;
      s.close(() => resolve(port));
    });
  });
}

function redisServerOnPath(): string {
  const found = spawnSync('sh', ['-c', 'command -v redis-server'], { encoding: 'utf8' }).stdout.trim();
  if (!found)
    throw new Error(
      'redis-server is not installed, and HURDLE_TEST_REDIS_URL is not set: the queue tests need a real Redis. Install it (`apt-get install -y redis-server`), run the suite with `bash .ci/run` (which installs and starts it), or set HURDLE_QUEUE_TESTS=offline to skip these tests (loudly).',
    );
  return found;
}

function startServer(bin: string, port: number, dir: string): Promise<ChildProcess> {
  return new Promise((resolve, reject) => {
    const child = spawn(bin, ['--bind', '127.0.0.1', '--port', String(port), '--dir', dir, '--appendonly', 'yes', '--save', '', '--daemonize', 'no'], { stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    const timer = setTimeout(() => reject(new Error(`redis-server did not start on port ${port}:\n${out}`)), 15_000);
    child.stdout!.on('data', (d) => {
      out += d;
      if (/Ready to accept connections/.test(out)) {
        clearTimeout(timer);
        resolve(child);
      }
    });
    child.on('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`redis-server exited with code ${code}:\n${out}`));
    });
  });
}

export async function privateRedis(): Promise<TestRedis> {
  const bin = redisServerOnPath();
  const dir = mkdtempSync(path.join(os.tmpdir(), 'hurdle-redis-'));
  const port = await freePort();
  let server = await startServer(bin, port, dir);
  const stopServer = () =>
    new Promise<void>((resolve) => {
      if (server.exitCode !== null) return resolve();
      server.removeAllListeners('exit');
      server.once('exit', () => resolve());
      server.kill('SIGTERM');
    });
  return {
    url: `redis://127.0.0.1:${port}/0`,
    async restart() {
      await stopServer();
      server = await startServer(bin, port, dir);
    },
    async stop() {
      await stopServer();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** The CI's Redis (database `db`, emptied first) when there is one, else a private server. */
export async function testRedis(db: number): Promise<TestRedis> {
  const shared = process.env.HURDLE_TEST_REDIS_URL;
  if (!shared) return privateRedis();
  const url = `${shared.replace(/\/\d*$/, '')}/${db}`;
  const client = new Redis(url, { maxRetriesPerRequest: 1 });
  await client.flushdb();
  await client.quit();
  return { url, stop: async () => {} };
}
