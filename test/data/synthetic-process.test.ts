import { test } from 'node:test';
import assert from 'node:assert/strict';
import { makeRng } from '../../src/seeds.ts';
import { drawLatents, effectsOf, oracle, realise, sampleNegBin, samplePoisson, type SessionContext } from '../../src/data/synthetic-process.ts';

const PROFILES: SessionContext[] = [
  { channel: 'Referral', medium: 'referral', deviceType: 'desktop', country: 'United States', continent: 'Americas', hour: 13, sessionNumber: 1 },
  { channel: 'Organic Search', medium: 'organic', deviceType: 'mobile', country: 'India', continent: 'Asia', hour: 3, sessionNumber: 4 },
  { channel: 'Direct', medium: '(none)', deviceType: 'tablet', country: 'Canada', continent: 'Americas', hour: 20, sessionNumber: 12 },
];

/**
 * Monte Carlo check of the Bayes oracle: simulate the generator's own process for fixed contexts,
 * group draws by what is observed (page views V, other hits E) and compare the empirical mean
 * purchase rate and amount in each well-populated cell with the oracle, within 5 standard errors.
 */
for (const leakage of [0, 1, 2.5]) {
  test(`oracle equals the Monte Carlo conditional mean (leakage ${leakage})`, () => {
    const alpha = -4;
    const tailSigma = 1;
    let cellsChecked = 0;
    PROFILES.forEach((ctx, k) => {
      const fx = effectsOf(ctx);
      const rng = makeRng(1000 + k);
      const cells = new Map<string, { n: number; buys: number; sum: number; sumSq: number; V: number; E: number }>();
      let totalY = 0;
      let totalY2 = 0;
      let totalOracle = 0;
      const draws = 100_000;
      const oracleCache = new Map<string, number>();
      for (let i = 0; i < draws; i++) {
        const out = realise(fx, drawLatents(rng, fx, leakage), alpha, tailSigma);
        const key = `${out.pageViews}/${out.events}`;
        let c = cells.get(key);
        if (!c) cells.set(key, (c = { n: 0, buys: 0, sum: 0, sumSq: 0, V: out.pageViews, E: out.events }));
        c.n++;
        c.buys += out.buy ? 1 : 0;
        c.sum += out.amount;
        c.sumSq += out.amount * out.amount;
        totalY += out.amount;
        totalY2 += out.amount * out.amount;
        let o = oracleCache.get(key);
        if (o === undefined) oracleCache.set(key, (o = oracle(fx, out.pageViews, out.events, alpha, tailSigma, leakage).mean));
        totalOracle += o;
      }
      for (const c of cells.values()) {
        if (c.n < 300 || c.buys < 30) continue;
        const o = oracle(fx, c.V, c.E, alpha, tailSigma, leakage);
        const rate = c.buys / c.n;
        const seRate = Math.sqrt(Math.max(o.buy * (1 - o.buy), 1e-12) / c.n);
        assert.ok(Math.abs(rate - o.buy) < 5 * seRate + 1e-9, `P(buy | V=${c.V}, E=${c.E}): empirical ${rate}, oracle ${o.buy} (se ${seRate})`);
        const mean = c.sum / c.n;
        const sd = Math.sqrt(Math.max(c.sumSq / c.n - mean * mean, 0));
        const se = sd / Math.sqrt(c.n);
        assert.ok(Math.abs(mean - o.mean) < 5 * se, `E[y | V=${c.V}, E=${c.E}]: empirical ${mean}, oracle ${o.mean} (se ${se})`);
        cellsChecked++;
      }
      // Law of total expectation over all draws, including the sparse cells skipped above.
      const meanY = totalY / draws;
      const seY = Math.sqrt((totalY2 / draws - meanY * meanY) / draws);
      assert.ok(Math.abs(meanY - totalOracle / draws) < 5 * seY, `profile ${k}: mean y ${meanY} vs mean oracle ${totalOracle / draws} (se ${seY})`);
    });
    console.log(`leakage ${leakage}: ${cellsChecked} (V, E) cells checked`);
    assert.ok(cellsChecked >= 10, `only ${cellsChecked} cells had enough buyers to test`);
  });
}

test('with leakage 0 the oracle is the plain purchase model: P(buy | V) = σ(α + β + γ log V)', () => {
  const fx = effectsOf(PROFILES[0]);
  for (const V of [1, 2, 7, 30]) {
    const o = oracle(fx, V, Math.round(0.25 * (V - 1)), -5, 1, 0);
    const p = 1 / (1 + Math.exp(-(-5 + fx.buy + 2 * Math.log(V))));
    assert.ok(Math.abs(o.buy - p) < 1e-12, `V=${V}: ${o.buy} vs ${p}`);
  }
});

test('with leakage a single-page session is rarely a buyer, unlike without it', () => {
  const fx = effectsOf(PROFILES[0]);
  assert.ok(oracle(fx, 1, 0, -3, 1, 1).buy < 0.25 * oracle(fx, 1, 0, -3, 1, 0).buy);
});

test('samplers match their pmf (mean and zero mass)', () => {
  const rng = makeRng(3);
  const n = 200_000;
  let sumNb = 0;
  let zerosNb = 0;
  let sumP = 0;
  for (let i = 0; i < n; i++) {
    const k = sampleNegBin(rng, 4, 0.5);
    sumNb += k;
    if (k === 0) zerosNb++;
    sumP += samplePoisson(rng, 2.5);
  }
  assert.ok(Math.abs(sumNb / n - 4) < 0.06, `NB mean ${sumNb / n}`);
  assert.ok(Math.abs(zerosNb / n - Math.sqrt(0.5 / 4.5)) < 0.005, `NB P(0) ${zerosNb / n}`);
  assert.ok(Math.abs(sumP / n - 2.5) < 0.02, `Poisson mean ${sumP / n}`);
});
