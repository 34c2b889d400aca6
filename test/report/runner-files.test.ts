/**
 * Contract check with the real runner: result files written by `runExperiment` (tiny synthetic
 * runs) pass the reader's checksum and schema checks and produce a paired comparison. The other
 * report tests use fixtures; this one catches drift between the writer and the reader.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { loadExperiment } from '../../src/config/load.ts';
import { buildReport } from '../../src/report/build.ts';
import { renderHtml } from '../../src/report/html.ts';
import { readResults } from '../../src/results/read.ts';
import { runExperiment } from '../../src/run/experiment.ts';

const out = mkdtempSync(join(tmpdir(), 'hl-report-runner-'));
after(() => rmSync(out, { recursive: true, force: true }));
const experiments = new URL('../../experiments/', import.meta.url);

test('files written by the runner are read, paired and charted', async () => {
  const paths: string[] = [];
  for (const file of ['baseline.yaml', 'hurdle.yaml']) {
    const path = new URL(file, experiments).pathname;
    const { config, origin } = loadExperiment(path, { overrides: ['train.epochs=1', 'data.rows=1500', 'cv.folds=3', 'cv.repeats=1', 'cv.workers=1'] });
    const run = await runExperiment(config, origin, { outDir: out, backend: 'wasm', workers: 1, resume: false, write: true, reproduce: `npm run exp -- experiments/${file}` });
    assert.ok(run.path, 'the runner wrote a file');
    paths.push(run.path);
  }
  const { ok, skipped } = await readResults(paths);
  assert.deepEqual(skipped, [], 'a freshly written result file must pass the checksum and the schema');
  const report = buildReport(ok, { metrics: ['r2', 'gini'] });
  assert.equal(report.baseline, 'baseline');
  const c = report.comparisons.find((x) => x.run === 'hurdle' && x.metric === 'r2')!;
  assert.equal(c.mode, 'paired', 'same data and seed ⇒ same folds ⇒ paired');
  assert.equal(c.n, 3);
  assert.ok(c.p !== null && c.p >= 0 && c.p <= 1);
  const html = await renderHtml(report, ok);
  assert.ok((html.match(/<svg[\s>]/g) ?? []).length >= 2);
});
