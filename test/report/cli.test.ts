import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { runReport } from '../../src/cli/report.ts';
import { makeResult } from './fixtures.ts';

const dir = mkdtempSync(join(tmpdir(), 'hl-report-cli-'));
after(() => rmSync(dir, { recursive: true, force: true }));
const put = (name: string, value: unknown) => writeFileSync(join(dir, name), typeof value === 'string' ? value : JSON.stringify(value));
put('baseline.json', makeResult({ name: 'baseline', seed: 1, r2: 0.3 }));
put('hurdle.json', makeResult({ name: 'hurdle', modelType: 'hurdle', seed: 2, r2: 0.36 }));
put('broken.json', '{"kind": "hurdle-lab/result", "schemaV');
put('bench-x.json', '{}');

async function run(argv: string[], opts: { isTTY?: boolean; env?: Record<string, string> } = {}) {
  let stdout = '';
  let stderr = '';
  const code = await runReport(argv, { stdout: { write: (s: string) => (stdout += s) }, stderr: { write: (s: string) => (stderr += s) }, isTTY: opts.isTTY ?? false, env: opts.env ?? {} });
  return { code, stdout, stderr };
}

test('a directory of results: report on stdout, broken file listed with its reason, bench file ignored', async () => {
  const r = await run([dir]);
  assert.equal(r.code, 0);
  assert.match(r.stdout, /hurdle-lab report — 2 runs, baseline: baseline/);
  assert.match(r.stdout, /hurdle is better than baseline/);
  assert.match(r.stdout, new RegExp(`${join(dir, 'broken.json').replace(/[.\\/]/g, '\\$&')}: not valid JSON \\(truncated`));
  assert.match(r.stderr, /ignored 1 file\(s\)/);
  assert.ok(!r.stdout.includes('\x1b['), 'not a TTY: no colour');
});

test('colour on a TTY, but not with NO_COLOR or --no-color', async () => {
  const files = [join(dir, 'baseline.json'), join(dir, 'hurdle.json')];
  assert.ok((await run(files, { isTTY: true })).stdout.includes('\x1b['));
  assert.ok(!(await run(files, { isTTY: true, env: { NO_COLOR: '1' } })).stdout.includes('\x1b['));
  assert.ok(!(await run([...files, '--no-color'], { isTTY: true })).stdout.includes('\x1b['));
});

test('literal glob, --format json --out and --html write files', async () => {
  const out = join(dir, 'report.json');
  const html = join(dir, 'report.html');
  const r = await run([join(dir, '*.json'), '--format', 'json', '--out', out, '--html', html, '--metrics', 'r2,gini']);
  assert.equal(r.code, 0, r.stderr);
  assert.equal(r.stdout, '');
  const parsed = JSON.parse(readFileSync(out, 'utf8'));
  assert.deepEqual(parsed.columns.map((c: { metric: string }) => c.metric), ['r2', 'gini']);
  assert.match(r.stderr, /warning: skipped .*broken\.json: not valid JSON/);
  assert.match(readFileSync(html, 'utf8'), /<svg/);
});

test('markdown to stdout', async () => {
  const r = await run([join(dir, 'baseline.json'), join(dir, 'hurdle.json'), '--format', 'md', '--sort', 'r2']);
  assert.equal(r.code, 0);
  assert.match(r.stdout, /^# hurdle-lab report/);
  assert.ok(r.stdout.indexOf('| hurdle |') < r.stdout.indexOf('| baseline (baseline) |'), '--sort r2 puts the better run first');
});

test('no valid result: exit 2 (bad input) listing the skipped files and why', async () => {
  const r = await run([join(dir, 'broken.json'), join(dir, 'absent.json')]);
  assert.equal(r.code, 2);
  assert.equal(r.stdout, '');
  assert.match(r.stderr, /error: no valid result file/);
  assert.match(r.stderr, /skipped .*broken\.json: not valid JSON/);
  assert.match(r.stderr, /skipped .*absent\.json: file not found/);
});

test('user errors: message only, no stack, exit 2', async () => {
  const bad = await run([dir, '--metrics', 'r2,auk']);
  assert.equal(bad.code, 2);
  assert.match(bad.stderr, /^error: `--metrics`: unknown metric "auk"\. Expected one of .*Did you mean "auc"\?\n$/);
  assert.ok(!bad.stderr.includes('    at '), 'no stack trace');
  const unknownFlag = await run([dir, '--colour']);
  assert.equal(unknownFlag.code, 2);
  assert.match(unknownFlag.stderr, /Unknown argument/);
  const fmt = await run([dir, '--format', 'pdf']);
  assert.equal(fmt.code, 2);
  assert.match(fmt.stderr, /Invalid values/);
});

test('--help documents every option', async () => {
  const r = await run(['--help']);
  assert.equal(r.code, 0);
  for (const opt of ['--baseline', '--metrics', '--sort', '--format', '--out', '--html', '--color', '--alpha']) assert.ok(r.stdout.includes(opt), opt);
  assert.match(r.stdout, /--no-color/);
});
