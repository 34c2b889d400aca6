/**
 * Signals through npm, the way users start runs: `npm run exp -- ...`. SIGINT, SIGTERM and SIGHUP
 * sent to npm must end the run as when sent to node: node stops (npm does not forward SIGTERM or
 * SIGHUP; node notices its parent is gone), finished folds are kept, no result file is written,
 * and the message says "interrupted" and how to resume. Then --resume completes the run.
 */
import assert from 'node:assert/strict';
import { execFileSync, spawn } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import test from 'node:test';
import { repoRoot, SMALL, tempDir } from '../run/helpers.ts';

// The slower tfjs step: on the kernels the whole run can end before a parent-watch poll notices npm is gone.
const slow = [...SMALL, 'cv.folds=6', 'train.epochs=6', 'model.hidden=[16]', 'train.kernel=tfjs'].flatMap((s) => ['--set', s]);
const jsonFiles = (dir: string) => (existsSync(dir) ? readdirSync(dir).filter((f) => f.endsWith('.json')) : []);
const alive = (pid: number) => {
  try {
    return !readFileSync(`/proc/${pid}/stat`, 'utf8').includes(') Z ');
  } catch {
    return false;
  }
};

function parentOf(pid: number): number | null {
  try {
    // stat is "pid (comm) state ppid ...": comm may hold spaces, so split after its last ')'.
    return Number(readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ').pop()!.split(' ')[1]);
  } catch {
    return null;
  }
}

/** The node process running exp.ts among the descendants of `pid`. */
function findNode(pid: number): number | null {
  const children = readdirSync('/proc').filter((e) => /^\d+$/.test(e)).map(Number).filter((c) => parentOf(c) === pid);
  for (const c of children) {
    let cmd = '';
    try {
      cmd = readFileSync(`/proc/${c}/cmdline`, 'utf8');
    } catch {
      continue; // exited meanwhile
    }
    if (cmd.includes('src/cli/exp.ts')) return c;
    const deeper = findNode(c);
    if (deeper) return deeper;
  }
  return null;
}

async function until(what: string, ok: () => boolean, timeoutMs = 90_000): Promise<void> {
  const t0 = Date.now();
  while (!ok()) {
    if (Date.now() - t0 > timeoutMs) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

for (const [signal, target] of [['SIGTERM', 'npm'], ['SIGHUP', 'npm'], ['SIGINT', 'npm'], ['SIGHUP', 'node']] as const) {
  test(`${signal} to ${target} of \`npm run exp\`: node stops, folds kept, no result, "interrupted" with how to resume`, async () => {
    const out = tempDir();
    const npm = spawn('npm', ['run', '--silent', 'exp', '--', 'experiments/baseline.yaml', '--workers', '1', '--backend', 'wasm', '--out', out, ...slow], {
      cwd: repoRoot,
      env: { ...process.env, CI: '1' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stderr = '';
    npm.stderr!.on('data', (d) => (stderr += d));
    npm.stdout!.resume();
    // Every writer of the pipe (npm and node) has exited once it closes.
    const closed = new Promise<void>((r) => npm.stderr!.on('close', () => r()));
    let node: number | null = null;
    try {
      await until('node under npm', () => (node = findNode(npm.pid!)) !== null);
      await until('a finished fold', () => jsonFiles(path.join(out, '.partial')).length > 0);
      process.kill(target === 'npm' ? npm.pid! : node!, signal);
      await until('node to exit', () => !alive(node!));
      await closed;
    } finally {
      for (const pid of [node, npm.pid]) if (pid && alive(pid)) process.kill(pid, 'SIGKILL');
    }
    assert.deepEqual(jsonFiles(out), [], `no result file was written: ${stderr}`);
    assert.equal(jsonFiles(path.join(out, '.partial')).length, 1, 'the finished folds are kept');
    assert.match(stderr, /interrupted/);
    assert.match(stderr, /Rerun the same command with --resume/);
    if (signal === 'SIGTERM') {
      const resumed = execFileSync(process.execPath, ['--import', 'tsx', 'src/cli/exp.ts', 'experiments/baseline.yaml', '--workers', '1', '--backend', 'wasm', '--out', out, '--resume', ...slow], { cwd: repoRoot, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
      assert.match(resumed, /folds reused from the interrupted run/);
      assert.equal(jsonFiles(out).length, 1, 'the resumed run writes its result');
    }
  });
}
