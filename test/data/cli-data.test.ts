import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runDataCommand } from '../../src/cli/data.ts';
import { E2V_TRAIN_COLUMNS } from '../../src/data/engage2value.ts';

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
  assert.match(c.out.join('\n'), /1,500 rows × 52 columns[\s\S]*buyers \d+ \(\d+\.\d\d%\), target sum .*, max .*, \d+\.\d\d s/);
});

test('usage and parameter errors: message only, exit 2', async () => {
  for (const [args, pattern] of [
    [['--rows', '10'], /Missing required argument: out/],
    [['--out', join(dir, 'x.csv'), '--bogus'], /Unknown argument/],
    [['--out', join(dir, 'x.csv'), '--buyer-rate', '2'], /`--buyer-rate`: invalid option\. Expected a share strictly between 0 and 1, got 2\./],
  ] as const) {
    const c = capture();
    assert.equal(await runDataCommand([...args], c.io), 2);
    assert.match(c.err.join('\n'), pattern);
    assert.ok(!c.err.join('\n').includes('    at '), 'no stack trace');
  }
});

test('describe summarises a CSV, and names a missing file', async () => {
  const path = join(dir, 'd.csv');
  writeFileSync(path, 'pageViews,deviceType,purchaseValue\n1.0,desktop,\n,mobile,5\n');
  const c = capture();
  assert.equal(await runDataCommand(['describe', path], c.io), 0);
  assert.match(c.out.join('\n'), /2 rows[\s\S]*buyers 1 \(50\.0%\)[\s\S]*pageViews\s+numeric\s+missing\s+50\.0%/);
  const m = capture();
  assert.equal(await runDataCommand(['describe', join(dir, 'none.csv')], m.io), 2);
  assert.match(m.err.join('\n'), /none\.csv: the data file does not exist/);
});
