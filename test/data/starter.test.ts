/**
 * A CSV in a schema hurdle-lab has never seen (seeded, written to a temp dir): `data describe`
 * infers every column's kind, `data init` writes a starter experiment whose data.path resolves
 * from the YAML's own folder, and that YAML runs as written.
 */
import assert from 'node:assert/strict';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { runDataCommand } from '../../src/cli/data.ts';
import { runExpCommand } from '../../src/cli/exp.ts';
import { loadExperiment } from '../../src/config/load.ts';
import { inferColumn } from '../../src/data/infer.ts';
import { makeRng } from '../../src/seeds.ts';

const dir = mkdtempSync(join(tmpdir(), 'hl-starter-'));
const csv = join(dir, 'data', 'shop.csv');

/** ~2000 sessions: unix start, counts, a duration with empty cells, categoricals (one of 150 values), True/False, a target empty when 0. */
function writeShopCsv(rows = 2000): void {
  const rng = makeRng(20261201);
  const pickIndex = (n: number) => Math.floor(rng() * n);
  const lines = ['started,clicks,pages,duration_s,channel,city,returning,order_value'];
  let t = 1_714_521_600;
  for (let i = 0; i < rows; i++) {
    t += 5 + pickIndex(120);
    const pages = 1 + Math.floor(-Math.log(1 - rng()) * 3);
    const clicks = pages + pickIndex(4) + (rng() < 0.01 ? 150 : 0);
    const duration = pages === 1 && rng() < 0.6 ? '' : String(pages * (10 + pickIndex(90)));
    const returning = rng() < 0.35;
    const buy = rng() < 0.03 + 0.02 * Math.min(pages, 5) + (returning ? 0.03 : 0);
    const value = buy ? (5 + rng() * 300).toFixed(2) : '';
    lines.push([t, clicks, pages, duration, ['organic', 'paid', 'email', 'direct'][pickIndex(4)], `city_${pickIndex(150)}`, returning ? 'True' : 'False', value].join(','));
  }
  mkdirSync(join(dir, 'data'), { recursive: true });
  writeFileSync(csv, `${lines.join('\n')}\n`);
}
writeShopCsv();

function capture() {
  const out: string[] = [];
  const err: string[] = [];
  const lines = (sink: string[]) => (s: string) => sink.push(...s.replace(/\n$/, '').split('\n'));
  return { io: { stdout: { write: lines(out) }, stderr: { write: lines(err) } }, out, err };
}

test('inference: numeric, boolean, categorical and datetime, each with its figures', () => {
  const n = inferColumn('clicks', ['1', '2', '3', '200', null, '0']);
  assert.deepEqual([n.kind, n.min, n.max, n.median, n.zeros, n.missing, n.integer], ['numeric', 0, 200, 2, 1, 1, true]);
  assert.equal(inferColumn('flag', ['True', 'False', 'True', null]).kind, 'boolean');
  assert.equal(inferColumn('flag', ['True', 'False', 'True', null]).trueCount, 2);
  const c = inferColumn('device', ['a', 'b', 'a', 'c', '(not set)']);
  assert.deepEqual([c.kind, c.distinct, c.top![0]], ['categorical', 4, ['a', 2]]);
  const d = inferColumn('sessionStart', ['1714521600', '1714525200']);
  assert.deepEqual([d.kind, d.format, d.min], ['datetime', 'unix seconds', 1714521600]);
  assert.equal(inferColumn('when', ['2024-05-01', '2024-05-03T10:00:00Z']).kind, 'datetime');
  assert.equal(inferColumn('date', ['20170508', '20170509']).format, 'YYYYMMDD');
  // Ten-digit integers that repeat a lot in a column with no time-like name are a count, not a time.
  assert.equal(inferColumn('visits', Array.from({ length: 100 }, (_, i) => String(1_000_000_000 + (i % 3)))).kind, 'numeric');
});

test('describe: every column of a foreign schema gets its kind and range (not "categorical")', async () => {
  const c = capture();
  assert.equal(await runDataCommand(['describe', csv, '--target', 'order_value'], c.io), 0, c.err.join('\n'));
  const text = c.out.join('\n');
  assert.match(text, /2,000 rows × 8 columns/);
  assert.match(text, /target order_value: \d+ rows > 0 \([\d.]+%\); empty cells count as 0/);
  assert.match(text, /started\s+datetime\s+unix seconds, 2024-05-01 00:\d\d \.\. 2024-05-0\d \d\d:\d\d UTC/);
  assert.match(text, /clicks\s+numeric\s+integer 1 \.\. \d+, median \d+, p99 \d+/);
  assert.match(text, /duration_s\s+numeric\s+integer .*\n\s+0 zeros \(0%\), [\d.]+% missing/);
  assert.match(text, /channel\s+categorical\s+4 distinct, none missing\n\s+top: "/);
  assert.match(text, /city\s+categorical\s+150 distinct/);
  assert.match(text, /returning\s+boolean\s+[\d.]+% true/);
});

test('init writes a commented starter that runs as it is, from another working directory', async () => {
  const out = join(dir, 'experiments', 'mine.yaml');
  const c = capture();
  assert.equal(await runDataCommand(['init', csv, '--target', 'order_value', '--out', out], c.io), 0, c.err.join('\n'));
  assert.match(c.out.join('\n'), /wrote .*mine\.yaml[\s\S]*categorical: channel \(one-hot\), city \(frequency\)[\s\S]*datetime: started/);
  const yaml = readFileSync(out, 'utf8');
  assert.match(yaml, /path: "\.\.\/data\/shop\.csv" +# relative to this file/);
  assert.match(yaml, /- \{ column: city, encoding: frequency \} # 150 values → frequency/);
  assert.match(yaml, /- channel +# 4 values → one-hot/);
  assert.match(yaml, /log1p: \[[^\]]*clicks[^\]]*\]/);
  assert.match(yaml, /boolean: \[returning\]/);
  assert.match(yaml, /column: started +# unix seconds → hour of day and day of week/);
  assert.match(yaml, /missing: median/);
  assert.doesNotMatch(yaml, /extends/);
  const { config } = loadExperiment(out);
  assert.equal(config.data.path, csv, 'data.path resolves from the YAML folder');
  // A second init does not overwrite it.
  const again = capture();
  assert.equal(await runDataCommand(['init', csv, '--target', 'order_value', '--out', out], again.io), 2);
  assert.match(again.err.join('\n'), /already exists.*--force/);
  // It runs as written (smaller for the test: fewer epochs and folds).
  const results = join(dir, 'results');
  let stdout = '';
  const sink = { write: (s: string) => ((stdout += s), true) } as never;
  const code = await runExpCommand([out, '--out', results, '--set', 'train.epochs=1', '--set', 'cv.folds=3', '--workers', '1'], { stdout: { write: (s: string) => ((stdout += s), true) } as never, stderr: sink });
  assert.equal(code, 0);
  assert.match(stdout, /rows used 2,000 of 2,000/);
  assert.ok(existsSync(results));
});

test('init: a target that is not a column lists the columns; a text target is refused', async () => {
  const c = capture();
  assert.equal(await runDataCommand(['init', csv, '--target', 'order_valeu', '--out', join(dir, 'x.yaml')], c.io), 2);
  assert.match(c.err.join('\n'), /unknown target column "order_valeu".*Did you mean "order_value"\?/);
  const t = capture();
  assert.equal(await runDataCommand(['init', csv, '--target', 'channel', '--out', join(dir, 'x.yaml')], t.io), 2);
  assert.match(t.err.join('\n'), /"channel" is categorical, not numeric/);
});
