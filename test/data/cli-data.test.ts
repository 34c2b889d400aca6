import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runDataCommand } from '../../src/cli/data.ts';
import { E2V_TRAIN_COLUMNS } from '../../src/data/engage2value.ts';
import { loadExperiment } from '../../src/config/load.ts';
import { userErrorOf } from '../config/helpers.ts';

const dir = mkdtempSync(join(tmpdir(), 'hl-cli-'));
function capture() {
  const out: string[] = [];
  const err: string[] = [];
  return { io: { stdout: { write: (s: string) => out.push(s) }, stderr: { write: (s: string) => err.push(s) } }, out, err };
}

test('generates the 52-column CSV, the oracle sidecar and a summary', async () => {
  const c = capture();
  const out = join(dir, 'sub', 'synth.csv');
  const code = await runDataCommand(['--rows', '1500', '--seed', '3', '--out', out, '--buyer-rate', '0.05', '--tail-sigma', '1.2', '--leakage', '0.5', '--oracle'], c.io);
  assert.equal(code, 0, c.err.join('\n'));
  assert.equal(readFileSync(out, 'utf8').split('\n', 1)[0], E2V_TRAIN_COLUMNS.join(','));
  assert.ok(existsSync(`${out}.oracle.csv`));
  assert.match(c.out.join('\n'), /1,500 rows × 52 columns[\s\S]*buyers \d+ \(\d+(\.\d+)?%\), target sum \d+(\.\d+)?[kMG]?, max \d+(\.\d+)?[kMG]? \(micros\), [\d.]+ s/);
});

test('usage and parameter errors: message only, exit 2', async () => {
  for (const [args, pattern] of [
    [['--rows', '10'], /Missing required argument: out/],
    [['--out', join(dir, 'x.csv'), '--bogus'], /Unknown argument/],
    [['--out', join(dir, 'x.csv'), '--buyer-rate', '2'], /^error: `--buyer-rate`: must be a share in \(0, 1\), got 2\.\n$/],
    [['--out', join(dir, 'x.csv'), '--rows', '0'], /^error: `--rows`: must be a positive integer, got 0\.\n$/],
    // The text typed, not NaN.
    [['--out', join(dir, 'x.csv'), '--seed', 'abc'], /^error: `--seed`: must be a non-negative integer, got "abc"\.\n$/],
    [['--out', join(dir, 'x.csv'), '--tail-sigma', '6'], /`--tail-sigma`: must be a number in \[0, 5\], got 6\./],
    [['--out', join(dir, 'x.csv'), '--leakage', '-1'], /`--leakage`: must be a number in \[0, 20\], got -1\./],
    [['--out', join(dir, 'x.csv'), '--seed', '-1'], /`--seed`: must be a non-negative integer, got -1\./],
    [['--out', join(dir, 'x.csv'), '--mode', 'user'], /`--mode`: must be one of "sessions", "users", got "user"\. Did you mean "users"\?/],
    [['--out', join(dir, 'x.csv'), '--rows', '0', '--buyer-rate', '0'], /`--rows`: must be a positive integer, got 0\. \(2 problems, listed below\)\n  also: `--buyer-rate`: must be a share in \(0, 1\), got 0\./],
  ] as const) {
    const c = capture();
    assert.equal(await runDataCommand([...args], c.io), 2);
    assert.match(c.err.join('\n'), pattern);
    assert.ok(!c.err.join('\n').includes('    at '), 'no stack trace');
  }
  assert.ok(!existsSync(join(dir, 'x.csv')), 'nothing written');
});

test('a generator flag and its experiment key have one rule and one wording (the schema of data.synthetic)', async () => {
  const fx = mkdtempSync(join(tmpdir(), 'hl-cli-'));
  for (const [flag, key, value] of [['--buyer-rate', 'buyerRate', '1'], ['--tail-sigma', 'tailSigma', '5.5'], ['--rows', 'rows', '2.5']]) {
    const c = capture();
    assert.equal(await runDataCommand(['--out', join(fx, 'x.csv'), flag, value], c.io), 2);
    writeFileSync(join(fx, 'x.yaml'), `features:\n  numeric: [pageViews]\ndata:\n  synthetic:\n    ${key}: ${value}\n`);
    const yaml = userErrorOf(() => loadExperiment(join(fx, 'x.yaml')));
    assert.match(yaml.message, new RegExp(`x\\.yaml:5 \`data\\.synthetic\\.${key}\`: `));
    assert.equal(c.err.join('').replace(`error: \`${flag}\`: `, '').trim(), yaml.message.replace(/^.*?: /, ''), flag);
  }
});

test('describe summarises a CSV, and names a missing file', async () => {
  const path = join(dir, 'd.csv');
  writeFileSync(path, 'pageViews,deviceType,purchaseValue\n1.0,desktop,\n,mobile,5\n');
  const c = capture();
  assert.equal(await runDataCommand(['describe', path], c.io), 0);
  assert.match(c.out.join('\n'), /2 rows × 3 columns\ntarget purchaseValue: 1 rows > 0 \(50%\)[\s\S]*pageViews\s+numeric\s+integer 1 \.\. 1[\s\S]*50% missing/);
  const m = capture();
  assert.equal(await runDataCommand(['describe', join(dir, 'none.csv')], m.io), 2);
  // A path given on the command line is resolved from the current directory, not from an experiment file.
  assert.match(m.err.join('\n'), /none\.csv: the data file does not exist\. Looked for .*; the path is resolved from the current directory\./);
  assert.doesNotMatch(m.err.join('\n'), /data\.path/);
});
