/**
 * Reports fit the terminal: at 80 and 100 columns no line of the terminal report is wider, for a
 * few runs (metrics become rows) and for many runs (columns wrap into blocks that repeat the run
 * column); `--wide` keeps one line per row. Commands wrap with `\` continuations that still run.
 */
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { test } from 'node:test';
import { buildReport } from '../../src/report/build.ts';
import { fitGrid, transposeGrid, wrapCommand, wrapLine } from '../../src/report/fit.ts';
import { comparisonGrid, runGrid } from '../../src/report/table.ts';
import { renderGridText, renderTerminal } from '../../src/report/terminal.ts';
import { makeResult } from './fixtures.ts';

const cols = (s: string) => Math.max(...s.split('\n').map((l) => [...l].length));

const many = Array.from({ length: 7 }, (_, i) => ({
  path: `results/run${i}.json`,
  result: makeResult({ name: i ? `hurdle-sweep-point-${i}` : 'baseline', modelType: i % 2 ? 'hurdle' : 'mlp', seed: i + 1, r2: 0.3 + i / 100 }),
}));
const few = many.slice(0, 2);

for (const width of [80, 100]) {
  test(`terminal report fits ${width} columns, few runs and many`, () => {
    for (const entries of [few, many]) {
      const report = buildReport(entries, { metrics: ['r2', 'rmse', 'r2Trimmed', 'r2TrimDelta', 'topSseShare', 'r2Log1p', 'gini', 'auc', 'spearman'] });
      const text = renderTerminal(report, { colour: false, width });
      for (const line of text.split('\n')) assert.ok([...line].length <= width, `wider than ${width}: ${JSON.stringify(line)}`);
      // Nothing is lost: every run and every metric label is still in the text.
      for (const r of report.runs) assert.ok(text.includes(r.label), `run ${r.label} shown`);
      for (const c of report.columns) assert.ok(text.includes(c.label), `column ${c.label} shown`);
      assert.ok(text.includes('Holm') && text.includes('verdict'));
    }
  });

  test(`comparison table fits ${width} columns and keeps run and metric beside every value`, () => {
    const report = buildReport(many, { metrics: ['r2', 'rmse', 'gini', 'auc'] });
    const text = fitGrid(comparisonGrid(report), (g) => renderGridText(g, false), { width, keyColumns: 2 });
    assert.ok(cols(text) <= width, text);
    const headers = text.split('\n').filter((l) => l.startsWith('run '));
    assert.ok(headers.length >= 1 && headers.every((h) => /^run\s+metric/.test(h)), 'every block starts with run, metric');
  });
}

test('without fitting, the same report is far wider than 100 columns (the problem this solves)', () => {
  const report = buildReport(many, { metrics: ['r2', 'rmse', 'r2Trimmed', 'r2TrimDelta', 'topSseShare', 'r2Log1p', 'gini', 'auc', 'spearman'] });
  const wide = renderTerminal(report, { colour: false, wide: true });
  assert.ok(cols(wide) > 150, `wide is one line per row: ${cols(wide)}`);
  const header = wide.split('\n').find((l) => l.startsWith('run '))!;
  for (const label of ['R²', 'RMSE', 'Spearman', 'fit / fold']) assert.ok(header.includes(label), `--wide keeps ${label} on the header line`);
});

test('few runs: metrics become rows (transposed), a run per column', () => {
  const report = buildReport(few);
  const text = renderTerminal(report, { colour: false, width: 80 });
  const header = text.split('\n').find((l) => l.includes('baseline (baseline)') && l.includes('hurdle-sweep-point-1'))!;
  assert.ok(header, 'runs as the header');
  assert.match(text, /^D² Tweedie\s+\S/m, 'a metric as a row');
  const t = transposeGrid(runGrid(report));
  assert.equal(t.rows.length, runGrid(report).header.length - 1);
});

test('constant columns move into a note; the p (plain) column is the first to hide', () => {
  const report = buildReport(few, { metrics: ['r2', 'gini'] });
  const text = fitGrid(comparisonGrid(report), (g) => renderGridText(g, false), { width: 80, keyColumns: 2 });
  assert.match(text, /\(same in every row: .*test paired, n=10/);
  assert.ok(cols(text) <= 80);
});

test('prose wraps at spaces; commands wrap with \\ continuations outside quotes and still parse the same', () => {
  const line = `  note: ${'word '.repeat(40).trim()}`;
  for (const l of wrapLine(line, 50).split('\n')) assert.ok(l.length <= 50);
  const cmd = "    npm run exp -- experiments/hurdle.yaml --set 'model.hidden=[64, 32]' --set train.epochs=2 --set data.synthetic.rows=1500 --seed 42 --backend wasm";
  const wrapped = wrapCommand(cmd, 60);
  assert.ok(wrapped.split('\n').length > 1 && cols(wrapped) <= 60, wrapped);
  const argv = (s: string) => execFileSync('sh', ['-c', `printf '%s\\n' ${s.replace(/^\s*npm run exp --/, '')}`], { encoding: 'utf8' });
  assert.equal(argv(wrapped), argv(cmd), 'the shell sees the same arguments');
  assert.match(argv(wrapped), /^model\.hidden=\[64, 32\]$/m);
});
