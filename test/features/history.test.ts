import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { FeatureConfig, HistoryFeatureConfig } from '../../src/features/config.ts';
import { E2V_TARGET } from '../../src/data/engage2value.ts';
import { datasetFromTable, generateSynthetic } from '../../src/data/synthetic.ts';
import type { Column, Dataset } from '../../src/data/types.ts';
import { applyPipeline, columnSpecsFor, fitPipeline } from '../../src/features/pipeline.ts';
import { cat, dataset, featureConfig, num } from './fixtures.ts';

const HISTORY: HistoryFeatureConfig = { groupBy: 'userId', time: 'sessionStart', counts: ['pageViews'], amount: 'purchaseValue', aggregates: true, steps: 0 };
const DAY = 86400;

test('aggregates of strictly earlier sessions, by hand; ties and other users are not history', () => {
  // Rows out of time order on purpose; u1 has sessions at day 0, 2, 2 (a tie), 7; u2 one session.
  const data = dataset({
    userId: cat('u1', 'u2', 'u1', 'u1', 'u1'),
    sessionStart: num(7 * DAY, 1 * DAY, 0, 2 * DAY, 2 * DAY),
    pageViews: num(5, 40, 12, 3, null),
    purchaseValue: num(9e9, 7e7, 0, 2e8, 0),
  });
  const config = featureConfig({ history: HISTORY });
  const state = fitPipeline(config, data, [0, 1, 2, 3, 4]);
  const h = state.history!;
  const raw = applyPipeline({ ...state, history: { ...h, center: h.center.map(() => 0), scale: h.scale.map(() => 1) } }, data);
  const row = (i: number) => Object.fromEntries(raw.featureNames.map((n, j) => [n, raw.x[i * raw.nFeatures + j]]));
  const close = (a: number, b: number) => Math.abs(a - b) < 1e-5;
  const want = (i: number, w: Record<string, number>) => {
    for (const [k, v] of Object.entries(w)) assert.ok(close(row(i)[k], v), `row ${i} ${k}: ${row(i)[k]} vs ${v}`);
  };
  const empty = { 'history.sessions': 0, 'history.first': 1, 'history.pageViews.sum': 0, 'history.purchases': 0, 'history.logAmount': 0 };
  want(2, empty); // u1's first session
  want(1, empty); // u2 has no history of its own, and u1's sessions are not it
  // Day 2 (both tied rows): only day 0 is earlier.
  for (const i of [3, 4]) want(i, { 'history.sessions': Math.log(2), 'history.first': 0, 'history.daysSincePrevious': Math.log1p(2), 'history.pageViews.sum': Math.log1p(12), 'history.purchases': 0 });
  // Day 7: days 0, 2, 2; page views 12 + 3 + missing(0); one purchase of 2e8 on day 2; its own 9e9 is not read.
  want(0, {
    'history.sessions': Math.log(4), 'history.daysSincePrevious': Math.log1p(5), 'history.pageViews.sum': Math.log1p(15),
    'history.pageViews.max': Math.log1p(12), 'history.purchases': Math.log(2), 'history.logAmount': Math.log1p(2e8),
    'history.daysSincePurchase': Math.log1p(5),
  });
  assert.equal(raw.rowsWithHistory, 3);
});

const table = generateSynthetic({ rows: 3000, seed: 9, buyerRate: 0.05, tailSigma: 1, leakage: 1, mode: 'users' });
const config: FeatureConfig = featureConfig({
  numeric: ['pageViews', 'totalHits', 'sessionNumber'], log1p: ['pageViews', 'totalHits', 'sessionNumber'], scaler: 'standard',
  categorical: [{ column: 'userChannel', encoding: 'onehot' }, { column: 'deviceType', encoding: 'onehot' }],
  history: { ...HISTORY, counts: ['pageViews', 'totalHits'], steps: 3 },
});
const base = datasetFromTable(table, columnSpecsFor(config), E2V_TARGET);

/** A copy of `data` with the numeric/categorical cells of `rows` replaced. */
function edited(data: Dataset, rows: number[]): Dataset {
  const columns: Record<string, Column> = {};
  for (const [name, c] of Object.entries(data.columns)) {
    if (name === 'userId' || name === 'sessionStart') columns[name] = c;
    else if (c.kind === 'categorical') columns[name] = { kind: 'categorical', values: c.values.map((v, i) => (rows.includes(i) ? 'Social' : v)) };
    else columns[name] = { ...c, values: c.values.map((v, i) => (rows.includes(i) ? v * 3 + 17 : v)) } as Column;
  }
  return { ...data, columns };
}

test('changing a session and every later one changes nothing for earlier sessions (and nothing in its own history)', () => {
  const state = fitPipeline(config, base, Array.from({ length: 1500 }, (_, i) => i * 2));
  const before = applyPipeline(state, base);
  const users = base.columns.userId.values as string[];
  const start = base.columns.sessionStart.values as Float64Array;
  const byUser = new Map<string, number[]>();
  users.forEach((u, i) => byUser.set(u, [...(byUser.get(u) ?? []), i]));
  const long = [...byUser.values()].filter((rows) => rows.length >= 4).slice(0, 25);
  assert.ok(long.length >= 10, 'the fixture has users with several sessions');
  const historyCols = before.featureNames.flatMap((n, j) => (n.startsWith('history.') || n.startsWith('previous') ? [j] : []));
  for (const rows of long) {
    const cut = rows[Math.floor(rows.length / 2)];
    const later = rows.filter((r) => start[r] >= start[cut]);
    const after = applyPipeline(state, edited(base, later));
    let changed = 0;
    for (let i = 0; i < base.rowCount; i++) {
      const own = before.x.subarray(i * before.nFeatures, (i + 1) * before.nFeatures);
      const now = after.x.subarray(i * after.nFeatures, (i + 1) * after.nFeatures);
      const same = own.every((v, j) => v === now[j]);
      if (!later.includes(i)) assert.ok(same, `row ${i} changed although only sessions at or after row ${cut} were edited`);
      else {
        if (!same) changed++;
        if (i === cut) for (const j of historyCols) assert.equal(now[j], own[j], `${before.featureNames[j]} of the edited session itself`);
      }
    }
    assert.ok(changed > 0, 'the edit is visible in the edited sessions');
  }
});

test('the sequence block holds the previous sessions, most recent first, and the state round-trips through JSON', () => {
  const state = fitPipeline(config, base, Array.from({ length: 3000 }, (_, i) => i));
  const m = applyPipeline(state, base);
  const seq = m.sequence!;
  assert.equal(seq.steps, 3);
  const names = m.featureNames;
  const at = (row: number, name: string) => m.x[row * m.nFeatures + names.indexOf(name)];
  const users = base.columns.userId.values as string[];
  const pv = (base.columns.pageViews.values as Float64Array);
  const prevOf = new Map<string, number[]>();
  for (let i = 0; i < base.rowCount; i++) {
    const prev = prevOf.get(users[i]) ?? []; // rows are in time order in user-level data
    for (let k = 1; k <= 3; k++) {
      const j = prev[prev.length - k];
      assert.equal(at(i, `previous${k}.history.present`), j === undefined ? 0 : 1);
      if (j !== undefined) assert.ok(Math.abs(at(i, `previous${k}.history.pageViews.log1p`) - Math.log1p(pv[j])) < 1e-6);
      if (j !== undefined) assert.equal(at(i, `previous${k}.pageViews`), m.x[j * m.nFeatures + names.indexOf('pageViews')]);
    }
    prevOf.set(users[i], [...prev, i]);
  }
  const again = applyPipeline(JSON.parse(JSON.stringify(state)), base);
  assert.deepEqual(Array.from(again.x), Array.from(m.x));
});

test('real-time mode drops the current session\'s counts but keeps the earlier sessions\' counts', () => {
  const rt = { ...config, sessionEnd: ['pageViews', 'totalHits'], dropSessionEnd: true };
  const data = datasetFromTable(table, columnSpecsFor(rt), E2V_TARGET);
  const m = applyPipeline(fitPipeline(rt, data, [0, 1, 2, 3, 4, 5, 6, 7, 8, 9]), data);
  assert.ok(!m.featureNames.includes('pageViews'));
  assert.ok(m.featureNames.includes('history.pageViews.sum') && m.featureNames.includes('previous1.history.pageViews.log1p'));
});
