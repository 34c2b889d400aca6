import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, watch, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { isUserError } from '../../src/errors.ts';
import { resultChecksum } from '../../src/results/checksum.ts';
import { resultFileName } from '../../src/results/name.ts';
import { RESULT_KIND, RESULT_SCHEMA_VERSION, type ResultFile } from '../../src/results/types.ts';
import { writeResultAtomic } from '../../src/results/write.ts';
import { makeRng } from '../../src/seeds.ts';

const root = mkdtempSync(join(tmpdir(), 'hl-write-'));
after(() => rmSync(root, { recursive: true, force: true }));
let dirCount = 0;
const freshDir = (): string => join(root, `d${++dirCount}`);
const repoRoot = fileURLToPath(new URL('../../', import.meta.url));
const writeModule = new URL('../../src/results/write.ts', import.meta.url).href;

/** A result with `historyLength` epochs per fold, so the file can be made large (≈ 60 bytes per epoch). */
function makeResult(name: string, historyLength = 3, finishedAt = '2025-01-01T00:00:10.000Z'): Omit<ResultFile, 'checksum'> {
  const history = Array.from({ length: historyLength }, (_, e) => ({ epoch: e + 1, loss: 1 / (e + 1), valLoss: e % 2 ? null : 2 / (e + 1) }));
  return {
    kind: RESULT_KIND,
    schemaVersion: RESULT_SCHEMA_VERSION,
    name,
    status: 'complete',
    config: { name, seed: 7 } as unknown as ResultFile['config'],
    configHash: 'abcdef0123456789abcdef0123456789abcdef0123456789abcdef0123456789',
    origin: { file: 'experiments/x.yaml', extends: [], overrides: [] },
    seeds: { root: 7, derived: { 'cv/0': 123 } },
    folds: { k: 2, repeats: 1, stratify: 'purchase', fingerprint: 'f'.repeat(64), testSizes: [5, 5] },
    data: { source: 'synthetic', path: null, rows: 10, sha256: '0'.repeat(64), buyerRate: 0.2, columns: ['a'] },
    perFold: [0, 1].map((index) => ({
      index, repeat: 0, fold: index, status: 'ok' as const, nTrain: 5, nTest: 5, nTestBuyers: 1,
      metrics: { r2: 0.1 * index, auc: null }, notes: { auc: 'no buyers' },
      timings: { pipelineMs: 1, fitMs: 2, predictMs: 3 }, epochsRun: historyLength, bestEpoch: 1, history,
      modelInfo: { params: 10 }, deciles: null, seeds: { init: 5 },
    })),
    summary: {},
    timings: { loadMs: 1, totalMs: 2 },
    environment: { node: 'v20', tfjs: '4.22.0', backend: 'cpu', os: 'linux', cpu: 'x', cores: 2, host: 'h', git: { commit: null, dirty: null }, packages: {} },
    startedAt: '2025-01-01T00:00:00.000Z',
    finishedAt,
    reproduce: 'npm run exp -- experiments/x.yaml',
    sweep: null,
  };
}

function readVerified(path: string): ResultFile {
  const parsed = JSON.parse(readFileSync(path, 'utf8')) as ResultFile;
  assert.equal(parsed.checksum, resultChecksum(parsed as unknown as Record<string, unknown>), `${path}: checksum verifies`);
  return parsed;
}

const visibleFiles = (dir: string): string[] => readdirSync(dir).filter((f) => !f.startsWith('.')).sort();
// The writer's temporaries: `.<name>.<pid>-<thread>.<n>.tmp` (files/atomic.ts).
const tempFiles = (dir: string): string[] => readdirSync(dir).filter((f) => f.startsWith('.') && f.endsWith('.tmp'));

test('writes <name>-s<seed>-<hash8>.json whose content parses and whose checksum verifies', async () => {
  const dir = freshDir();
  const path = await writeResultAtomic(dir, makeResult('baseline'));
  assert.equal(path, join(dir, 'baseline-s7-abcdef01.json'));
  const back = readVerified(path);
  assert.equal(back.name, 'baseline');
  assert.deepEqual(back.perFold[1].metrics, { r2: 0.1, auc: null });
  assert.deepEqual(tempFiles(dir), []);
  // a hand edit breaks the checksum
  const edited = { ...back, name: 'tampered' };
  assert.notEqual(resultChecksum(edited as unknown as Record<string, unknown>), back.checksum);
});

test('a NaN in the result is written as null and the checksum still verifies the file as read', async () => {
  const r = makeResult('nan');
  r.perFold[0].history[0].loss = Number.NaN;
  const back = readVerified(await writeResultAtomic(freshDir(), r));
  assert.equal(back.perFold[0].history[0].loss, null);
});

test('collision policy suffix: -2, -3, earlier files untouched', async () => {
  const dir = freshDir();
  const first = await writeResultAtomic(dir, makeResult('run', 3, 'first'));
  const second = await writeResultAtomic(dir, makeResult('run', 3, 'second'));
  const third = await writeResultAtomic(dir, makeResult('run', 3, 'third'), { overwrite: 'suffix' });
  assert.deepEqual([first, second, third].map((p) => p.slice(dir.length + 1)), ['run-s7-abcdef01.json', 'run-s7-abcdef01-2.json', 'run-s7-abcdef01-3.json']);
  assert.deepEqual([first, second, third].map((p) => readVerified(p).finishedAt), ['first', 'second', 'third']);
  assert.deepEqual(tempFiles(dir), []);
});

test("collision policy error: RESULT_EXISTS names the file and leaves it alone; replace swaps it", async () => {
  const dir = freshDir();
  const path = await writeResultAtomic(dir, makeResult('run', 3, 'old'));
  await assert.rejects(
    writeResultAtomic(dir, makeResult('run', 3, 'new'), { overwrite: 'error' }),
    (e: unknown) => isUserError(e) && e.code === 'RESULT_EXISTS' && e.message.includes(path),
  );
  assert.equal(readVerified(path).finishedAt, 'old');
  assert.equal(await writeResultAtomic(dir, makeResult('run', 3, 'new'), { overwrite: 'replace' }), path);
  assert.equal(readVerified(path).finishedAt, 'new');
  assert.deepEqual(visibleFiles(dir), ['run-s7-abcdef01.json']);
  assert.deepEqual(tempFiles(dir), []);
});

test('concurrent writers of the same name all keep intact, distinct files', async () => {
  const dir = freshDir();
  const paths = await Promise.all([1, 2, 3, 4, 5].map((i) => writeResultAtomic(dir, makeResult('same', 200, `writer ${i}`))));
  assert.equal(new Set(paths).size, 5);
  assert.deepEqual(visibleFiles(dir), ['same-s7-abcdef01-2.json', 'same-s7-abcdef01-3.json', 'same-s7-abcdef01-4.json', 'same-s7-abcdef01-5.json', 'same-s7-abcdef01.json']);
  const writers = paths.map((p) => readVerified(p).finishedAt).sort();
  assert.deepEqual(writers, ['writer 1', 'writer 2', 'writer 3', 'writer 4', 'writer 5']);
  assert.deepEqual(tempFiles(dir), []);
});

test('unsafe experiment names become safe, visible file names', () => {
  assert.equal(resultFileName({ name: '../a b/c', seeds: { root: 1 }, configHash: '0123456789' }), '_a_b_c-s1-01234567.json');
  assert.equal(resultFileName({ name: '.hidden', seeds: { root: 2 }, configHash: 'ffffffffff' }, 3), 'hidden-s2-ffffffff-3.json');
});

/**
 * A child process that writes `resultFile`'s result into `dir`. With `hang`, the atomic step
 * (link / rename) never happens: the child reports "ready" with the temp file fully written and
 * waits there to be killed. Without it, the child writes the result once, reports "ready", and
 * keeps rewriting it in place until killed.
 */
interface Writer {
  ready: Promise<void>;
  /** Rejects if the child exits on its own (it should only ever be killed). */
  died: Promise<never>;
  kill: () => Promise<void>;
}

function startWriter(dir: string, resultFile: string, policy: string, hang: boolean): Writer {
  const code = `
    import fs from 'node:fs';
    const { writeResultAtomic } = await import(process.env.HL_WRITE_MODULE);
    const result = JSON.parse(fs.readFileSync(process.env.HL_RESULT, 'utf8'));
    if (process.env.HL_HANG === '1') {
      setInterval(() => {}, 60_000);
      const stall = () => { process.stdout.write('ready\\n'); return new Promise(() => {}); };
      fs.promises.link = stall;
      fs.promises.rename = stall;
      await writeResultAtomic(process.env.HL_DIR, result, { overwrite: process.env.HL_POLICY });
    } else {
      for (let i = 0; ; i++) {
        result.finishedAt = 'loop ' + i;
        await writeResultAtomic(process.env.HL_DIR, result, { overwrite: process.env.HL_POLICY });
        if (i === 0) process.stdout.write('ready\\n');
      }
    }`;
  const child = spawn(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', code], {
    cwd: repoRoot,
    env: { ...process.env, HL_WRITE_MODULE: writeModule, HL_RESULT: resultFile, HL_DIR: dir, HL_POLICY: policy, HL_HANG: hang ? '1' : '0' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stderr = '';
  child.stderr.on('data', (d) => (stderr += d));
  let killed = false;
  const exited = new Promise<void>((resolve) => child.on('exit', () => resolve()));
  const died = exited.then(() => {
    throw new Error(`writer child exited on its own: ${stderr}`);
  });
  died.catch(() => {}); // observed only when awaited: a kill is the normal end
  const ready = new Promise<void>((resolve, reject) => {
    child.stdout.on('data', (d) => String(d).includes('ready') && resolve());
    void exited.then(() => killed || reject(new Error(`writer child exited before it was ready: ${stderr}`)));
  });
  return {
    ready,
    died,
    kill: async () => {
      killed = true;
      child.kill('SIGKILL');
      await exited;
    },
  };
}

test('kill -9 after the temp file is written but before the rename: no final file appears', async () => {
  const dir = freshDir();
  const resultFile = join(root, 'big-1.json');
  writeFileSync(resultFile, JSON.stringify(makeResult('crash', 5_000)));
  const writer = startWriter(dir, resultFile, 'suffix', true);
  await writer.ready;
  await writer.kill();
  assert.deepEqual(visibleFiles(dir), [], 'no result file, partial or whole');
  assert.equal(tempFiles(dir).length, 1, 'only the temp dotfile remains, which readers skip');
});

test('kill -9 before the rename over an earlier result leaves the earlier file intact', async () => {
  for (const policy of ['replace', 'suffix']) {
    const dir = freshDir();
    const earlier = await writeResultAtomic(dir, makeResult('crash', 3, 'earlier'));
    const resultFile = join(root, `big-${policy}.json`);
    writeFileSync(resultFile, JSON.stringify(makeResult('crash', 5_000, 'later')));
    const writer = startWriter(dir, resultFile, policy, true);
    await writer.ready;
    await writer.kill();
    assert.deepEqual(visibleFiles(dir), ['crash-s7-abcdef01.json'], policy);
    assert.equal(readVerified(earlier).finishedAt, 'earlier', policy);
  }
});

test('kill -9 at random moments of a rewrite loop never leaves a partial result', async () => {
  const dir = freshDir();
  const resultFile = join(root, 'big-loop.json');
  writeFileSync(resultFile, JSON.stringify(makeResult('loop', 25_000))); // a few MB per write
  const rng = makeRng(99);
  let intact = 0;
  const rounds = 6;
  for (let round = 0; round < rounds; round++) {
    const writer = startWriter(dir, resultFile, 'replace', false);
    await writer.ready;
    const mode = round % 3;
    if (mode === 0) {
      await Promise.race([writer.died, new Promise((resolve) => setTimeout(resolve, Math.floor(rng() * 300)))]);
    } else {
      // Kill the moment the next write touches the directory: mode 1 at the first event (a temp
      // file being created, so bytes are still being written), mode 2 at the first event on the
      // result's own name (where a non-atomic writer would be mid-write).
      const watcher = watch(dir);
      try {
        await Promise.race([
          writer.died,
          new Promise<void>((resolve) => {
            watcher.on('change', (_event, file) => (mode === 1 || file === 'loop-s7-abcdef01.json') && resolve());
          }),
        ]);
      } finally {
        watcher.close();
      }
    }
    await writer.kill();
    for (const f of visibleFiles(dir)) {
      assert.equal(f, 'loop-s7-abcdef01.json');
      assert.match(readVerified(join(dir, f)).finishedAt, /^loop \d+$/);
      intact++;
    }
    for (const t of tempFiles(dir)) rmSync(join(dir, t));
  }
  // Each child completed one write before the kill, and a rewrite in progress never removes it.
  assert.equal(intact, rounds);
});
