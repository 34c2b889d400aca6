/**
 * The exp CLI as a user meets it: exit codes, one-paragraph errors without stack traces,
 * --reproduce, and what survives SIGINT, SIGTERM, kill -9 and two runs writing at once.
 * Child processes run the real entry point (node --import tsx src/cli/exp.ts).
 */
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import test from 'node:test';
import { runExpCommand } from '../../src/cli/exp.ts';
import { readResults } from '../../src/results/read.ts';
import { repoRoot, SMALL, tempDir } from '../run/helpers.ts';

interface Done {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

function exp(args: string[], opts: { onSpawn?: (child: ReturnType<typeof spawn>) => void } = {}): Promise<Done> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ['--import', 'tsx', path.join(repoRoot, 'src/cli/exp.ts'), ...args], {
      cwd: repoRoot,
      env: { ...process.env, CI: '1' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout!.on('data', (d) => (stdout += d));
    child.stderr!.on('data', (d) => (stderr += d));
    child.on('exit', (code, signal) => resolve({ code, signal, stdout, stderr }));
    opts.onSpawn?.(child);
  });
}

const small = (extra: string[] = []) => [...SMALL, 'model.hidden=[16]', ...extra].flatMap((s) => ['--set', s]);
const jsonFiles = (dir: string) => (existsSync(dir) ? readdirSync(dir).filter((f) => f.endsWith('.json')).sort() : []);

/** Resolves when `dir/.partial` holds a checkpoint (at least one finished fold). */
async function waitForCheckpoint(dir: string, timeoutMs = 60_000): Promise<void> {
  const t0 = Date.now();
  while (Date.now() - t0 < timeoutMs) {
    const p = path.join(dir, '.partial');
    if (existsSync(p) && readdirSync(p).some((f) => f.endsWith('.json'))) return;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`no checkpoint appeared in ${dir}`);
}

test('a bad experiment key is one paragraph on stderr, exit 2, no stack trace', async () => {
  const dir = tempDir();
  const file = path.join(dir, 'bad.yaml');
  writeFileSync(file, 'extends: ' + path.join(repoRoot, 'experiments/baseline.yaml') + '\nname: bad\ntrian:\n  epochs: 2\n');
  const r = await exp([file, '--out', dir]);
  assert.equal(r.code, 2);
  assert.match(r.stderr, /bad\.yaml:3 `trian`: unknown key\. Did you mean `train`\?/);
  assert.doesNotMatch(r.stderr, /\n\s+at /, 'no stack trace');
  assert.equal(r.stderr.trim().split('\n').length, 1, 'one paragraph');
  assert.deepEqual(jsonFiles(dir), []);
});

test('usage errors: missing file, unknown option, bad --set', async () => {
  for (const [args, pattern] of [
    [['experiments/nope.yaml'], /nope\.yaml/],
    [['experiments/baseline.yaml', '--frobnicate'], /Unknown argument|frobnicate/i],
    [['experiments/baseline.yaml', '--set', 'train.epochs=zero'], /train\.epochs/],
    [['experiments/baseline.yaml', '--backend', 'tpu'], /tpu|Invalid values/],
  ] as const) {
    let stderr = '';
    const code = await runExpCommand([...args], { stdout: { write: () => true }, stderr: { write: (s: string) => (stderr += s) } });
    assert.equal(code, 2, args.join(' '));
    assert.match(stderr, pattern);
    assert.match(stderr, /^error: /);
    assert.doesNotMatch(stderr, /\n\s+at /, 'no stack trace');
  }
});

test('--help documents every option', async () => {
  const r = await exp(['--help']);
  assert.equal(r.code, 0);
  for (const o of ['--seed', '--set', '--backend', '--workers', '--out', '--resume', '--reproduce', '--sweep', '--quiet']) assert.ok(r.stdout.includes(o), `--help lacks ${o}`);
});

test('run, then --reproduce from the result file alone: every fold metric identical', async () => {
  const dir = tempDir();
  const r = await exp(['experiments/hurdle.yaml', '--out', dir, ...[...SMALL, 'model.purchaseHead=[8]', 'model.amountHead=[8]'].flatMap((s) => ['--set', s])]);
  assert.equal(r.code, 0, r.stderr);
  const [file] = jsonFiles(dir);
  assert.match(r.stdout, /r2\s+[-−]?\d/);
  const rep = await exp(['--reproduce', path.join(dir, file)]);
  assert.equal(rep.code, 0, rep.stdout + rep.stderr);
  assert.match(rep.stdout, /reproduced .*: all \d+ fold metrics identical/);
  assert.deepEqual(jsonFiles(dir), [file], '--reproduce writes nothing');
});

test('--reproduce names the metrics that differ', async () => {
  const dir = tempDir();
  assert.equal((await exp(['experiments/baseline.yaml', '--out', dir, ...small()])).code, 0);
  const [file] = jsonFiles(dir);
  // Forge a different fold value and re-seal the file, as if the run had produced another number.
  const { resultChecksum } = await import('../../src/results/checksum.ts');
  const result = JSON.parse(readFileSync(path.join(dir, file), 'utf8'));
  result.perFold[1].metrics.r2 = 0.123456;
  result.checksum = resultChecksum(result);
  writeFileSync(path.join(dir, file), JSON.stringify(result));
  const rep = await exp(['--reproduce', path.join(dir, file)]);
  assert.equal(rep.code, 1);
  assert.match(rep.stdout, /NOT reproduced.*1 of \d+ fold metrics differ/);
  assert.match(rep.stdout, /fold 1 r2: 0\.123456 → /);
});

test('a result file from before train.kernel, data.synthetic.rows/seed and metrics.tweediePower (the first version\'s config) still reproduces exactly; new files record the kernel per fold', async () => {
  const dir = tempDir();
  assert.equal((await exp(['experiments/baseline.yaml', '--out', dir, ...small(['train.kernel=tfjs'])])).code, 0);
  const [file] = jsonFiles(dir);
  const { resultChecksum } = await import('../../src/results/checksum.ts');
  const result = JSON.parse(readFileSync(path.join(dir, file), 'utf8'));
  assert.ok(result.perFold.every((f: { kernel: { used: string } }) => f.kernel.used === 'tfjs'));
  // Make it what an older hurdle-lab wrote: no train.kernel, no per-fold kernel.
  delete result.config.train.kernel;
  for (const f of result.perFold) delete f.kernel;
  // ...and before data.synthetic.rows (then `data.rows`), data.synthetic.seed (derived from the root seed), data.maxRows, metrics.tweediePower.
  const data = result.config.data;
  data.rows = data.synthetic.rows;
  delete data.synthetic.rows;
  delete data.synthetic.seed;
  delete data.maxRows;
  delete result.config.metrics.tweediePower;
  result.checksum = resultChecksum(result);
  writeFileSync(path.join(dir, file), JSON.stringify(result));
  const rep = await exp(['--reproduce', path.join(dir, file)]);
  assert.equal(rep.code, 0, rep.stdout + rep.stderr);
  assert.match(rep.stdout, /reproduced .*: all \d+ fold metrics identical/);
});

for (const sig of ['SIGINT', 'SIGTERM'] as const) {
  test(`${sig} mid-run: exit 130, no result file, finished folds kept; --resume completes with the uninterrupted numbers`, async () => {
    const dir = tempDir();
    const args = ['experiments/baseline.yaml', '--workers', '1', ...small(['cv.folds=4', 'train.epochs=3'])];
    const r = await exp([...args, '--out', dir], {
      onSpawn: (child) => void waitForCheckpoint(dir).then(() => child.kill(sig)),
    });
    assert.equal(r.code, 130, r.stderr);
    assert.match(r.stderr, /--resume/);
    assert.deepEqual(jsonFiles(dir), [], 'no result after an interruption');
    const resumed = await exp([...args, '--out', dir, '--resume']);
    assert.equal(resumed.code, 0, resumed.stderr);
    assert.match(resumed.stderr, /resuming: [1-3] of 4 folds/);
    const clean = tempDir();
    assert.equal((await exp([...args, '--out', clean])).code, 0);
    const a = (await readResults([path.join(dir, jsonFiles(dir)[0])])).ok[0].result;
    const b = (await readResults([path.join(clean, jsonFiles(clean)[0])])).ok[0].result;
    assert.deepEqual(a.perFold.map((f) => f.metrics), b.perFold.map((f) => f.metrics));
  });
}

test('kill -9 mid-run never leaves a partial result and never destroys an earlier one', async () => {
  const dir = tempDir();
  // Long enough (6 folds × 4 epochs on the slower tfjs step) that every kill lands while folds
  // are still running: on the wasm-simd kernels the last folds can finish inside the kill delay.
  const args = ['experiments/baseline.yaml', '--workers', '1', '--out', dir, ...small(['cv.folds=6', 'train.epochs=4', 'train.kernel=tfjs'])];
  assert.equal((await exp(args)).code, 0);
  const [earlier] = jsonFiles(dir);
  const before = readFileSync(path.join(dir, earlier), 'utf8');
  for (let i = 0; i < 3; i++) {
    // A fresh wait each time: a checkpoint left by the previous kill must not trigger this one early.
    rmSync(path.join(dir, '.partial'), { recursive: true, force: true });
    const r = await exp(args, { onSpawn: (child) => void waitForCheckpoint(dir).then(() => setTimeout(() => child.kill('SIGKILL'), 100 * i)) });
    assert.equal(r.signal, 'SIGKILL');
  }
  assert.equal(readFileSync(path.join(dir, earlier), 'utf8'), before, 'earlier result untouched');
  const { ok, skipped } = await readResults(jsonFiles(dir).map((f) => path.join(dir, f)));
  assert.deepEqual(skipped, [], 'every result file on disk is complete and verifies');
  assert.ok(ok.length >= 1);
});

test('two identical runs into one results/ at once both succeed with intact, distinct files', async () => {
  const dir = tempDir();
  const args = ['experiments/baseline.yaml', '--workers', '1', '--out', dir, ...small()];
  const [a, b] = await Promise.all([exp(args), exp(args)]);
  assert.equal(a.code, 0, a.stderr);
  assert.equal(b.code, 0, b.stderr);
  const files = jsonFiles(dir);
  assert.equal(files.length, 2);
  assert.equal(files.filter((f) => /-2\.json$/.test(f)).length, 1, 'the second claims the name with a -2 suffix');
  const { ok, skipped } = await readResults(files.map((f) => path.join(dir, f)));
  assert.deepEqual(skipped, []);
  assert.deepEqual(ok[0].result.perFold.map((f) => f.metrics), ok[1].result.perFold.map((f) => f.metrics));
});
