/**
 * No silent row cap: a CSV experiment extending a synthetic parent reads every row; a CSV limit is
 * the explicit `data.maxRows`; every run prints and records "rows used N of M".
 */
import assert from 'node:assert/strict';
import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { runExpCommand } from '../../src/cli/exp.ts';
import { writeSyntheticCsv } from '../../src/data/synthetic.ts';
import type { ResultFile } from '../../src/results/types.ts';
import { repoRoot } from '../run/helpers.ts';

const dir = mkdtempSync(join(tmpdir(), 'hl-rows-'));
const csv = join(dir, 'sessions.csv');
const written = writeSyntheticCsv(csv, { rows: 1500, seed: 5, buyerRate: 0.08, tailSigma: 1, leakage: 1 });
const SMALL = ['train.epochs=1', 'cv.folds=3', 'model.hidden=[8]'].flatMap((s) => ['--set', s]);

// An older-style parent: `data.rows` meant "rows to generate" (and, inherited by a CSV child, a row cap).
writeFileSync(join(dir, 'parent.yaml'), `extends: ${join(repoRoot, 'experiments/baseline.yaml')}\ndata:\n  rows: 1000\n`);

async function exp(file: string, extra: string[] = []) {
  let stdout = '';
  let stderr = '';
  const io = { stdout: { write: (s: string) => ((stdout += s), true) }, stderr: { write: (s: string) => ((stderr += s), true) } } as never;
  const out = mkdtempSync(join(dir, 'out-'));
  const code = await runExpCommand([file, '--out', out, '--workers', '1', ...SMALL, ...extra], io);
  const files = readdirSync(out).filter((f) => f.endsWith('.json'));
  const result = files.length ? (JSON.parse(readFileSync(join(out, files[0]), 'utf8')) as ResultFile) : null;
  return { code, stdout, stderr, result };
}

test('a CSV child of a parent with data.rows reads every row, and says so', async () => {
  await written;
  writeFileSync(join(dir, 'child.yaml'), 'extends: parent.yaml\ndata:\n  source: csv\n  path: sessions.csv\n');
  const r = await exp(join(dir, 'child.yaml'));
  assert.equal(r.code, 0, r.stderr);
  assert.match(r.stderr, /data: .*sessions\.csv: rows used 1,500 of 1,500\n/);
  assert.match(r.stdout, /rows used 1,500 of 1,500/);
  assert.equal(r.result!.data.rows, 1500);
  assert.equal(r.result!.data.rowsInFile, 1500);
});

test('data.maxRows limits a CSV on purpose: printed with the limit, recorded with the rows in the file', async () => {
  await written;
  writeFileSync(join(dir, 'capped.yaml'), 'extends: parent.yaml\ndata:\n  source: csv\n  path: sessions.csv\n  maxRows: 900\n');
  const r = await exp(join(dir, 'capped.yaml'), ['--quiet']);
  assert.equal(r.code, 0, r.stderr);
  // --quiet still says it: a row limit is never silent.
  assert.match(r.stderr, /rows used 900 of 1,500 — limited by data\.maxRows: 900/);
  assert.deepEqual([r.result!.data.rows, r.result!.data.rowsInFile], [900, 1500]);
});

test('data.rows beside source: csv is refused at its line, with the explicit spelling', async () => {
  writeFileSync(join(dir, 'old.yaml'), 'extends: parent.yaml\ndata:\n  source: csv\n  path: sessions.csv\n  rows: 700\n');
  const r = await exp(join(dir, 'old.yaml'));
  assert.equal(r.code, 2);
  assert.match(r.stderr, /old\.yaml:5 `data\.rows`: is not a CSV setting.*`maxRows: 700`/);
});

test('synthetic: data.rows stays a shorthand for data.synthetic.rows, on the command line too', async () => {
  const r = await exp(join(dir, 'parent.yaml'), ['--set', 'data.rows=1200', '--quiet']);
  assert.equal(r.code, 0, r.stderr);
  assert.match(r.stderr, /synthetic data \(data\.synthetic\.rows\): rows used 1,200 of 1,200/);
  assert.equal(r.result!.config.data.synthetic.rows, 1200);
});
