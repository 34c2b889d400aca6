/**
 * Permutation importance against the truth: the synthetic generator's documented process
 * (src/data/synthetic-process.ts) reads channel, medium, device type, country, continent, the
 * hour of sessionStart, sessionNumber and the session's page views / hits (bounce = one page
 * view). Every other feature column is ignored by the process (some are proxies of what it
 * reads, e.g. device.isMobile of deviceType; geoCluster and networkDomain are pure noise).
 * A hurdle model's importance ranking must put process inputs first.
 */
import assert from 'node:assert/strict';
import test from 'node:test';
import { initBackend } from '../../src/backend.ts';
import { runImportance } from '../../src/report/importance.ts';
import { runExperiment } from '../../src/run/experiment.ts';
import { repoRoot } from './helpers.ts';
import { loadExperiment } from '../../src/config/load.ts';
import path from 'node:path';

const USED = new Set(['userChannel', 'trafficSource.medium', 'deviceType', 'locationCountry', 'geoNetwork.continent', 'sessionStart', 'sessionNumber', 'pageViews', 'totalHits', 'totals.bounces']);

test('hurdle on synthetic data: no column the process ignores ranks in the top three; process inputs rank higher on average', async () => {
  await initBackend('wasm');
  const overrides = ['metrics.importance=true', 'metrics.importanceRepeats=2', 'data.rows=6000', 'data.synthetic.buyerRate=0.06', 'train.epochs=4', 'cv.folds=3', 'model.purchaseHead=[32]', 'model.amountHead=[32]'];
  const { config, origin } = loadExperiment(path.join(repoRoot, 'experiments/hurdle.yaml'), { overrides });
  const { result } = await runExperiment(config, origin, { outDir: '/nonexistent', backend: 'wasm', workers: 1, resume: false, write: false, reproduce: 'test' });
  assert.ok(result.perFold.every((f) => f.status === 'ok' && f.importance?.repeats === 2));
  const imp = runImportance({ label: 'hurdle', result })!;
  const featureColumns = Object.keys(result.perFold[0].importance!.columns);
  assert.ok(featureColumns.length > 20 && [...USED].every((c) => featureColumns.includes(c)));

  const r2 = imp.heads.find((h) => h.head === 'r2')!.columns.map((c) => c.column);
  const ranking = r2.map((c, i) => `${i + 1}. ${c}${USED.has(c) ? '' : ' (ignored)'}`).join(', ');
  const intruders = r2.slice(0, 3).filter((c) => !USED.has(c));
  assert.deepEqual(intruders, [], `ignored column(s) in the top three by R² drop: ${ranking}`);
  const meanRank = (used: boolean) => {
    const ranks = r2.flatMap((c, i) => (USED.has(c) === used ? [i + 1] : []));
    return ranks.reduce((a, b) => a + b, 0) / ranks.length;
  };
  assert.ok(meanRank(true) < meanRank(false), `mean rank of process inputs ${meanRank(true)} vs ignored ${meanRank(false)}: ${ranking}`);

  const auc = imp.heads.find((h) => h.head === 'auc')!.columns.map((c) => c.column);
  assert.deepEqual(auc.slice(0, 2).filter((c) => !USED.has(c)), [], `purchase head: ${auc.join(', ')}`);
});
