import assert from 'node:assert/strict';
import test from 'node:test';
import { buildReport } from '../../src/report/build.ts';
import { renderHtml } from '../../src/report/html.ts';
import { runImportance } from '../../src/report/importance.ts';
import { renderMarkdown } from '../../src/report/markdown.ts';
import { renderTerminal } from '../../src/report/terminal.ts';
import type { ResultFile } from '../../src/results/types.ts';
import { makeResult } from './fixtures.ts';

// 5 folds × 1 repeat of 38,007 rows: n_test/n_train = 7601.4 / 30405.6 = 0.25 (to 6 digits).
const drops: Record<string, number[]> = {
  pageViews: [0.1, 0.12, 0.08, 0.11, 0.09],
  channel: [0.02, 0.01, 0.03, 0.02, 0.02],
  noise: [0.001, -0.002, 0.0, 0.001, -0.001],
};
function withImportance(): ResultFile {
  const r = makeResult({ name: 'hurdle', modelType: 'hurdle', k: 5, repeats: 1 });
  r.perFold.forEach((f, i) => {
    const columns = Object.fromEntries(Object.entries(drops).map(([c, v]) => [c, { r2: v[i], auc: c === 'channel' ? 0.05 : 0, amountR2: 0 }]));
    f.importance = { seed: 1, repeats: 3, base: { r2: 0.2, auc: 0.9, amountR2: 0.1 }, columns, ms: 100 };
  });
  return r;
}

test('ranked by mean drop per head, with the Nadeau–Bengio corrected interval computed by hand', () => {
  const imp = runImportance({ label: 'hurdle', result: withImportance() })!;
  assert.deepEqual(imp.heads.map((h) => h.head), ['r2', 'auc', 'amountR2']);
  const r2 = imp.heads[0].columns;
  assert.deepEqual(r2.map((c) => c.column), ['pageViews', 'channel', 'noise']);
  // pageViews: mean 0.1, sample variance 0.00025; se = sqrt((1/5 + ratio) · s²); t(0.975, 4) = 2.776445.
  const ratio = (38007 / 5) / (38007 - 38007 / 5);
  const half = 2.776445 * Math.sqrt((1 / 5 + ratio) * 0.00025);
  assert.ok(Math.abs(r2[0].mean - 0.1) < 1e-12);
  assert.ok(Math.abs(r2[0].ci![0] - (0.1 - half)) < 1e-5 && Math.abs(r2[0].ci![1] - (0.1 + half)) < 1e-5, `${r2[0].ci}`);
  assert.ok(r2[2].ci![0] < 0 && r2[2].ci![1] > 0);
  assert.equal(imp.heads[1].columns[0].column, 'channel'); // matters for purchase, not for amount
  assert.equal(imp.ms, 500);
});

test('terminal, Markdown and HTML show the importance table; HTML adds a bar chart with one panel per head', async () => {
  const entries = [{ path: 'h.json', result: withImportance() }, { path: 'b.json', result: makeResult({ name: 'baseline' }) }];
  const report = buildReport(entries);
  assert.equal(report.importance.length, 1);
  const text = renderTerminal(report, { colour: false });
  assert.match(text, /Permutation importance — hurdle \(5 folds × 3 shuffles per column; added 500 ms\)/);
  assert.match(text, /1 +pageViews +\+0\.1 /);
  assert.match(renderMarkdown(report), /## Permutation importance — hurdle/);
  const html = await renderHtml(report, entries);
  const chart = html.slice(html.indexOf('id="chart-importance-hurdle"'));
  assert.ok(html.includes('id="chart-importance-hurdle"'));
  for (const panel of ['ΔR²', 'ΔAUC (purchase)', 'Δamount R² (buyers)']) assert.ok(chart.includes(panel), panel);
});
