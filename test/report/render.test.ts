import assert from 'node:assert/strict';
import { test } from 'node:test';
import { buildReport } from '../../src/report/build.ts';
import { decilePoints, foldPoints } from '../../src/report/charts.ts';
import { escapeHtml, renderHtml } from '../../src/report/html.ts';
import { renderJson } from '../../src/report/json.ts';
import { renderMarkdown } from '../../src/report/markdown.ts';
import { renderTerminal } from '../../src/report/terminal.ts';
import { BEST_MARK } from '../../src/report/table.ts';
import { makeResult } from './fixtures.ts';

const entries = [
  { path: 'results/baseline.json', result: makeResult({ name: 'baseline', seed: 1, r2: 0.3 }) },
  { path: 'results/hurdle.json', result: makeResult({ name: 'hurdle', modelType: 'hurdle', seed: 2, r2: 0.36, config: { train: { epochs: 40 } } }) },
  { path: 'results/evil.json', result: makeResult({ name: '<img src="http://x/y.png">|evil', seed: 3, r2: 0.29, foldSeed: 99 }) },
];
const skipped = [{ path: 'results/edited.json', reason: 'checksum mismatch: edited by hand or corrupted' }];
const report = buildReport(entries, { skipped });

test('terminal: aligned table, colour only when asked', () => {
  const plain = renderTerminal(report, { colour: false, wide: true });
  assert.ok(!plain.includes('\x1b['), 'no escape codes without colour');
  const lines = plain.split('\n');
  const header = lines.findIndex((l) => l.startsWith('run ') && l.includes('D² Tweedie'));
  const ruleWidth = [...lines[header + 1]].length;
  for (const l of lines.slice(header + 2, header + 5)) assert.ok([...l].length <= ruleWidth, `row wider than the rule: ${l}`);
  // Right-aligned metric columns: every row's R² cell ends at the same column.
  const r2End = [...lines[header]].join('').indexOf('R²') + 'R²'.length;
  for (const l of lines.slice(header + 2, header + 5)) assert.match(l.slice(0, r2End + 1), /\d[*†]?\s?$/);
  assert.match(plain, /hurdle is better than baseline \(Δ R² \+0\.\d{2,5}, 95% CI \[\+0\.\d{2,5}, \+0\.\d{2,5}\], Holm p [<\d.]+; paired over 10 folds\)\./);
  assert.match(plain, /not paired: figures only/);
  assert.ok(!/Welch/.test(plain), 'no unpaired test');
  // The diagnostics in their own section, never marked best, never given a verdict.
  const section = plain.split('\nOutlier sensitivity\n')[1]?.split('\n\n')[0];
  assert.ok(section, 'an outlier sensitivity section');
  assert.match(section, /R² −top1.*R² −top10/);
  assert.ok(!section.split('\n').slice(2, 5).some((l) => l.includes(BEST_MARK)), 'no best mark on a diagnostic');
  assert.match(plain, /\nTwo-part heads\n/);
  const verdictMetrics = new Set(report.comparisons.filter((c) => c.verdict).map((c) => c.metric));
  for (const m of verdictMetrics) assert.ok(['r2', 'd2Tweedie', 'd2Poisson', 'gini'].includes(m), m);
  assert.match(plain, /train\.epochs\s+30 → 40/);
  assert.match(plain, /results\/edited\.json: checksum mismatch/);
  assert.match(plain, /hurdle:\n\s+npm run exp -- --reproduce results\/hurdle\.json/);
  const coloured = renderTerminal(report, { colour: true, wide: true });
  assert.ok(coloured.includes('\x1b[1m') && coloured.includes('\x1b[32mbetter'), 'bold best, green verdict');
  assert.equal(coloured.replace(/\x1b\[\d+m/g, ''), plain, 'colour changes nothing but escape codes');
});

test('markdown: one table row per run and per comparison, pipes escaped', () => {
  const md = renderMarkdown(report);
  const runTable = md.split('## Runs')[1].split('\n\n')[1].split('\n');
  assert.equal(runTable.length, 2 + 3, 'header, separator, three runs');
  for (const row of runTable) assert.equal(row.split(/(?<!\\)\|/).length - 2, 5 + report.columns.length + 1, `cells in ${row}`);
  assert.match(runTable[3], /^\| hurdle \| hurdle \| wasm \| 5×2 \| complete \| \*\*0\.\d{2,4} ± 0\.\d{3,6}\\\*\*\* \|/);
  assert.ok(md.includes('\\<img src="http://x/y.png"\\>\\|evil'));
  assert.match(md, /\| `train\.epochs` \| 30 \| 40 \|/);
  const cmp = md.split('## Compared with baseline')[1].split('## Config differences')[0];
  const cmpRows = cmp.split('\n').filter((l) => l.startsWith('| ') && !l.startsWith('| run') && !l.startsWith('| :'));
  assert.equal(cmpRows.length, report.comparisons.filter((c) => c.diff !== null || c.p !== null).length);
});

test('json: the computed comparison parses and holds every run and comparison', () => {
  const parsed = JSON.parse(renderJson(report));
  assert.equal(parsed.kind, 'hurdle-lab/report');
  assert.equal(parsed.baseline, 'baseline');
  assert.deepEqual(parsed.runs.map((r: { label: string }) => r.label), ['baseline', 'hurdle', '<img src="http://x/y.png">|evil']);
  const c = parsed.comparisons.find((x: { run: string; metric: string }) => x.run === 'hurdle' && x.metric === 'r2');
  assert.equal(c.verdict, 'better');
  assert.equal(typeof c.p, 'number');
  assert.equal(c.ci.length, 2);
  assert.deepEqual(parsed.skipped, skipped);
  // ±Infinity (constant differences) survives as a string, not a silent null.
  // Dyadic values keep the differences exactly 0.5, so their variance is exactly 0.
  const withR2 = (name: string, shift: number) => ({ ...entries[0].result, name, perFold: entries[0].result.perFold.map((f, i) => ({ ...f, metrics: { ...f.metrics, r2: i / 8 + shift } })) });
  const same = buildReport([{ path: 'b.json', result: withR2('baseline', 0) }, { path: 'x.json', result: withR2('shifted', 0.5) }], { metrics: ['r2'] });
  const j = JSON.parse(renderJson(same));
  assert.equal(j.comparisons[0].tests.corrected.t, 'Infinity');
  assert.equal(j.comparisons[0].p, 0);
});

test('html: self-contained, inline SVG charts, result text escaped', async () => {
  const html = await renderHtml(report, entries);
  assert.ok(html.startsWith('<!doctype html>'));
  const svgs = html.match(/<svg[\s>]/g) ?? [];
  assert.equal(svgs.length, 5, 'fold, sensitivity curve, reliability, gains, calibration charts');
  for (const id of ['folds', 'sensitivity', 'reliability', 'gains', 'calibration']) assert.ok(html.includes(`id="chart-${id}"`));
  // The curve sits in the outlier-sensitivity section, the reliability chart with the heads.
  const outlier = html.split('<h2>Outlier sensitivity</h2>')[1].split('<h2>')[0];
  assert.ok(outlier.includes('id="chart-sensitivity"') && outlier.includes('<table>'));
  assert.ok(!/td class="r best"/.test(outlier), 'no diagnostic marked best');
  assert.ok(html.split('<h2>Two-part heads</h2>')[1].split('<h2>')[0].includes('id="chart-reliability"'));
  assert.ok(!/<script/i.test(html), 'no scripts');
  assert.ok(!/<link/i.test(html) && !/@import|url\(/i.test(html), 'no external styles or fonts');
  // Attributes inside real tags only (text content has its '<' escaped, so cannot start a tag).
  const tags = html.match(/<[a-zA-Z][^<>]*>/g) ?? [];
  const refs = tags.flatMap((t) => [...t.matchAll(/\s(?:src|href|xlink:href)\s*=\s*["']([^"']*)["']/gi)].map((m) => m[1]));
  assert.ok(tags.length > 100, 'the tag scan sees the page');
  assert.deepEqual(refs.filter((r) => /http/i.test(r)), [], 'no external URLs in src/href attributes');
  assert.ok(!/<img/i.test(html), 'a run name cannot inject markup');
  assert.ok(html.includes(escapeHtml('<img src="http://x/y.png">|evil')));
  assert.match(html, /<td class="l good">better<\/td>/);
});

test('chart data: fold points keyed by fingerprint, deciles averaged over folds', () => {
  const runs = entries.map((e) => ({ label: e.result.name, result: e.result }));
  const pts = foldPoints(runs);
  assert.equal(pts.length, 30);
  const keys = (run: string) => new Set(pts.filter((p) => p.run === run).map((p) => p.foldKey));
  assert.equal([...keys('baseline')].filter((k) => keys('hurdle').has(k)).length, 10, 'same folds: lines join');
  assert.equal([...keys('baseline')].filter((k) => keys('<img src="http://x/y.png">|evil').has(k)).length, 0, 'other folds: no lines');
  const dec = decilePoints(runs).filter((d) => d.run === 'baseline');
  assert.equal(dec.length, 10);
  const folds = entries[0].result.perFold;
  const expected = folds.reduce((a, f) => a + f.deciles!.cumulativeActualShare[2], 0) / folds.length;
  assert.ok(Math.abs(dec[2].cumulativeActualShare - expected) < 1e-12);
  assert.equal(dec[9].cumulativeActualShare, 1);
});

test('html charts: decile axes carry units and our number format; gains curves differ in dash and shape', async () => {
  const { calibrationSpec, gainsSpec } = await import('../../src/report/charts.ts');
  const runs = entries.map((e) => ({ label: e.result.name, result: e.result }));
  const labels = runs.map((r) => r.label);
  const cal = JSON.stringify(calibrationSpec(decilePoints(runs), labels, 'micros'));
  assert.match(cal, /mean predicted purchase value per decile \(currency units, log-like\)/);
  assert.match(cal, /datum\.value === 1000000 \? \\"1\\"/, 'a tick of 10⁶ micros reads 1 (currency unit)');
  assert.doesNotMatch(cal, /'~s'/, 'not vega\'s own SI format (which writes 10M and 1m)');
  const gains = gainsSpec(decilePoints(runs), labels) as unknown as { layer: { encoding?: Record<string, unknown> }[] };
  assert.ok(gains.layer.some((l) => l.encoding?.strokeDash && l.encoding?.shape), 'a dash and a shape per run');
});
