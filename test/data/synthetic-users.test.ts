import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { test } from 'node:test';
import { generateSynthetic, syntheticSha256 } from '../../src/data/synthetic-generate.ts';
import { emptyHistory, historyShift, recordSession } from '../../src/data/synthetic-history.ts';
import type { SyntheticTable } from '../../src/data/synthetic-types.ts';

function contentHash(t: SyntheticTable): string {
  const h = createHash('sha256');
  for (const c of t.cells) h.update(c.join('\u0001') + '\u0002');
  h.update(Buffer.from(t.oracle.buffer));
  h.update(Buffer.from(t.target.buffer));
  return h.digest('hex');
}

test('session-level data is byte-for-byte what it was before user mode existed', () => {
  // Hashes taken from the generator at commit 0612ba9, before the user-level mode was added.
  const cases = [
    [{ rows: 3000, seed: 7, buyerRate: 0.03, tailSigma: 1, leakage: 1 }, 'f01ac22428b4a796afb455bd96688d41707905a19eb5d5ee1788615930008d40'],
    [{ rows: 500, seed: 1, buyerRate: 0.0127, tailSigma: 2, leakage: 0 }, '06d19f79c230eae5e6ecd4f49204cbd224d3b11c0ae2342e795dcf33a267efb0'],
  ] as const;
  for (const [opts, hash] of cases) {
    assert.equal(contentHash(generateSynthetic(opts)), hash);
    assert.equal(contentHash(generateSynthetic({ ...opts, mode: 'sessions' })), hash);
    assert.equal(syntheticSha256({ ...opts, mode: 'sessions' }), syntheticSha256(opts), 'identity unchanged');
  }
  const o = cases[0][0];
  assert.notEqual(syntheticSha256({ ...o, mode: 'users' }), syntheticSha256(o));
});

const N = 20000;
const t = generateSynthetic({ rows: N, seed: 5, buyerRate: 0.03, tailSigma: 1, leakage: 1, mode: 'users' });
const col = (name: string) => t.cells[t.header.indexOf(name)];

test('users have several sessions with increasing sessionNumber and sessionStart and a stable country', () => {
  const [user, num, start, country] = ['userId', 'sessionNumber', 'sessionStart', 'locationCountry'].map(col);
  const last = new Map<string, { num: number; start: number; country: string }>();
  const counts = new Map<string, number>();
  for (let i = 0; i < N; i++) {
    const prev = last.get(user[i]);
    const s = { num: Number(num[i]), start: Number(start[i]), country: country[i] };
    if (i > 0) assert.ok(Number(start[i]) >= Number(start[i - 1]), 'rows are in sessionStart order');
    if (prev) {
      assert.equal(s.num, prev.num + 1, `user ${user[i]}: sessionNumber follows ${prev.num}`);
      assert.ok(s.start > prev.start, `user ${user[i]}: sessionStart increases`);
      assert.equal(s.country, prev.country);
    } else assert.equal(s.num, 1, `user ${user[i]} starts at session 1`);
    last.set(user[i], s);
    counts.set(user[i], (counts.get(user[i]) ?? 0) + 1);
  }
  const single = [...counts.values()].filter((c) => c === 1).length / counts.size;
  assert.ok(single > 0.5 && single < 0.68, `share of one-session users ${single}`);
  assert.ok(Math.max(...counts.values()) >= 15, 'a long tail of frequent visitors');
});

test('history moves the purchase logit as documented (hand computation)', () => {
  const h = emptyHistory();
  assert.deepEqual(historyShift(h, 0), { buy: 0, amount: 0 });
  recordSession(h, 0, 12, 0); // a long browse, no purchase
  // Back after 2 days: 0.8·log 2 (one high-engagement session) − 0.4·log 3 + 2 (long-browse return).
  const back = historyShift(h, 2 * 86400);
  assert.ok(Math.abs(back.buy - (0.8 * Math.log(2) - 0.4 * Math.log(3) + 2)) < 1e-12);
  assert.equal(back.amount, 0);
  recordSession(h, 2 * 86400, 3, 2.4e8);
  const later = historyShift(h, 12 * 86400); // 10 days after a purchase of 2.4e8
  const expected = 0.8 * Math.log(2) + 1.5 * Math.log(2) - 0.4 * Math.log(11) + 1.5 * Math.exp(-10 / 30);
  assert.ok(Math.abs(later.buy - expected) < 1e-12, `${later.buy} vs ${expected}`);
  assert.ok(Math.abs(later.amount - 0.8 * Math.log(2)) < 1e-12);
});

test('the oracle P(buy | session, history) is calibrated, and the buyer rate is as asked', () => {
  const order = Array.from({ length: N }, (_, i) => i).sort((a, b) => t.oracleBuy[a] - t.oracleBuy[b]);
  const bins = 5;
  for (let b = 0; b < bins; b++) {
    const rows = order.slice((b * N) / bins, ((b + 1) * N) / bins);
    const expected = rows.reduce((s, i) => s + t.oracleBuy[i], 0);
    const observed = rows.filter((i) => t.target[i] > 0).length;
    const sd = Math.sqrt(rows.reduce((s, i) => s + t.oracleBuy[i] * (1 - t.oracleBuy[i]), 0));
    assert.ok(Math.abs(observed - expected) < 4 * sd + 1, `bin ${b}: ${observed} buyers vs ${expected.toFixed(1)} ± ${sd.toFixed(1)}`);
  }
  const meanBuy = t.oracleBuy.reduce((s, v) => s + v, 0) / N;
  assert.ok(Math.abs(meanBuy - 0.03) < 0.003, `mean P(buy) ${meanBuy}`);
  // Returning users with a purchase behind them buy far more often: the history is in the data.
  const user = col('userId');
  const bought = new Set<string>();
  let [after, afterBuys, fresh, freshBuys] = [0, 0, 0, 0];
  for (let i = 0; i < N; i++) {
    if (bought.has(user[i])) { after++; if (t.target[i] > 0) afterBuys++; } else { fresh++; if (t.target[i] > 0) freshBuys++; }
    if (t.target[i] > 0) bought.add(user[i]);
  }
  assert.ok(afterBuys / after > 3 * (freshBuys / fresh), `after a purchase ${afterBuys}/${after}, otherwise ${freshBuys}/${fresh}`);
});

test('the leakage knob still inflates a buying session\'s page views', () => {
  const clean = generateSynthetic({ rows: 8000, seed: 5, buyerRate: 0.05, tailSigma: 1, leakage: 0, mode: 'users' });
  const leaky = generateSynthetic({ rows: 8000, seed: 5, buyerRate: 0.05, tailSigma: 1, leakage: 3, mode: 'users' });
  const buyerPages = (x: SyntheticTable) => {
    const pv = x.cells[x.header.indexOf('pageViews')];
    const v = [...x.target.keys()].filter((i) => x.target[i] > 0).map((i) => Number(pv[i]));
    return v.reduce((s, a) => s + a, 0) / v.length;
  };
  assert.ok(buyerPages(leaky) > buyerPages(clean) + 5, `${buyerPages(leaky)} vs ${buyerPages(clean)}`);
});
