/**
 * Duplicates do not pile up: --resume of a finished run says "already complete"; --save-model
 * after a finished run (or from its result file) only refits; an existing model folder is kept
 * unless --force; --reproduce checks the data before rerunning; the reporter shows identical runs
 * once and states how it chose the baseline.
 */
import assert from 'node:assert/strict';
import { appendFileSync, copyFileSync, existsSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { runExpCommand } from '../../src/cli/exp.ts';
import { runReport } from '../../src/cli/report.ts';
import { writeSyntheticCsv } from '../../src/data/synthetic.ts';
import { defaultBaseline } from '../../src/report/dedupe.ts';
import { makeResult } from '../report/fixtures.ts';
import { repoRoot } from '../run/helpers.ts';

const dir = mkdtempSync(join(tmpdir(), 'hl-dup-'));
const out = join(dir, 'results');
const SMALL = ['data.rows=1200', 'train.epochs=1', 'cv.folds=3', 'model.hidden=[8]', 'data.synthetic.buyerRate=0.08'].flatMap((s) => ['--set', s]);
const baseline = join(repoRoot, 'experiments/baseline.yaml');

async function exp(args: string[]) {
  let stdout = '';
  let stderr = '';
  const io = { stdout: { write: (s: string) => ((stdout += s), true) }, stderr: { write: (s: string) => ((stderr += s), true) } } as never;
  const code = await runExpCommand(args, io);
  return { code, stdout, stderr };
}
const results = () => readdirSync(out).filter((f) => f.endsWith('.json')).sort();

test('--resume of a finished run: "already complete: FILE", no second result', async () => {
  assert.equal((await exp([baseline, '--out', out, '--workers', '1', '--quiet', ...SMALL])).code, 0);
  const [first] = results();
  const r = await exp([baseline, '--out', out, '--workers', '1', '--resume', ...SMALL]);
  assert.equal(r.code, 0);
  assert.match(r.stderr, new RegExp(`already complete: .*${first.replace('.', '\\.')}`));
  assert.deepEqual(results(), [first], 'no -2 copy');
});

test('--save-model after a finished run refits only; an existing model folder is refused unless --force', async () => {
  const model = join(dir, 'model');
  const r = await exp([baseline, '--out', out, '--workers', '1', '--quiet', '--save-model', model, ...SMALL]);
  assert.equal(r.code, 0, r.stderr);
  assert.match(r.stderr, /CV already complete: .*refitting on all rows only/);
  // --quiet still prints the refit messages.
  assert.match(r.stderr, /refitting the pipeline and the mlp model on all 1200 rows/);
  assert.ok(existsSync(join(model, 'model.json')));
  assert.equal(results().length, 1, 'no second result');
  const again = await exp([baseline, '--out', out, '--workers', '1', '--save-model', model, ...SMALL]);
  assert.notEqual(again.code, 0);
  assert.match(again.stderr, /already holds a saved mlp model \(baseline\); nothing was run\. .*--force/);
  // From the result file alone, with --force.
  const f = await exp([join(out, results()[0]), '--save-model', model, '--force']);
  assert.equal(f.code, 0, f.stderr);
  assert.match(f.stderr, /saved model \(refitted on all rows, from .*\.json\)/);
});

test('off a terminal, progress lines go to stderr; --quiet silences them but not the row count', async () => {
  const loud = await exp([baseline, '--out', join(dir, 'p1'), '--workers', '1', ...SMALL]);
  assert.match(loud.stderr, /baseline: 1\/3 folds done; .* elapsed, ETA /);
  const quiet = await exp([baseline, '--out', join(dir, 'p2'), '--workers', '1', '--quiet', ...SMALL]);
  assert.doesNotMatch(quiet.stderr, /folds done/);
  assert.match(quiet.stderr, /rows used 1,200 of 1,200/);
});

test('--seed abc names the flag and the text, not NaN', async () => {
  const r = await exp([baseline, '--seed', 'abc']);
  assert.equal(r.code, 2);
  assert.match(r.stderr, /`--seed`: bad --seed value\. Expected a non-negative integer such as 42, got "abc"\./);
  assert.doesNotMatch(r.stderr, /NaN/);
});

test('--reproduce checks the data first: a changed CSV is reported without rerunning the CV', async () => {
  const csv = join(dir, 'd.csv');
  await writeSyntheticCsv(csv, { rows: 900, seed: 3, buyerRate: 0.08, tailSigma: 1, leakage: 1 });
  writeFileSync(join(dir, 'csv.yaml'), `extends: ${baseline}\ndata:\n  source: csv\n  path: d.csv\n`);
  const csvOut = join(dir, 'csv-results');
  assert.equal((await exp([join(dir, 'csv.yaml'), '--out', csvOut, '--workers', '1', '--quiet', '--set', 'train.epochs=1', '--set', 'cv.folds=3', '--set', 'model.hidden=[8]'])).code, 0);
  const file = join(csvOut, readdirSync(csvOut).find((f) => f.endsWith('.json'))!);
  appendFileSync(csv, readFileSync(csv, 'utf8').split('\n')[1] + '\n');
  const r = await exp(['--reproduce', file]);
  assert.equal(r.code, 1);
  assert.match(r.stdout, /NOT reproduced .*: the data file changed: sha256 [0-9a-f]{12} then, [0-9a-f]{12} now .*; the cross-validation was not rerun\./);
  assert.doesNotMatch(r.stdout, /fold \d/);
});

test('report: identical copies shown once with a note; the baseline rule is stated', async () => {
  const [first] = results();
  copyFileSync(join(out, first), join(out, first.replace('.json', '-2.json')));
  let stdout = '';
  const code = await runReport([out, '--no-color', '--wide'], { stdout: { write: (s: string) => (stdout += s) }, stderr: { write: () => true }, isTTY: false, env: {} });
  assert.equal(code, 0);
  assert.match(stdout, /hurdle-lab report — 1 run\b/);
  assert.match(stdout, /Identical runs shown once: .*-s42-[0-9a-f]{8}\.json = .*-2\.json \(same config hash, seed, data and fold metrics\)/);
  assert.doesNotMatch(stdout, /\(.*-2\.json\)/, 'no -2 label');
});

test('default baseline: the run named baseline among the runs that share data and folds with the most others, else the earliest', () => {
  const a = makeResult({ name: 'baseline', seed: 1, rows: 500 }); // alone on its data
  const b = makeResult({ name: 'mlp-wide', seed: 2 });
  const c = makeResult({ name: 'hurdle', seed: 3, modelType: 'hurdle' });
  b.startedAt = '2026-01-02T00:00:00.000Z';
  c.startedAt = '2026-01-01T00:00:00.000Z';
  assert.deepEqual(defaultBaseline([a, b, c]), { index: 2, rule: 'the earliest run among the 2 runs that share data and folds' });
  const named = makeResult({ name: 'baseline', seed: 4 });
  assert.deepEqual(defaultBaseline([b, c, named]), { index: 2, rule: 'the run named "baseline" (all runs share data and folds)' });
});
