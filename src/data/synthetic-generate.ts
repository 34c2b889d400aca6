/**
 * Seeded synthetic Engage2Value sessions as raw CSV text: the 52-column training schema with the
 * real file's conventions (constant "not available in demo dataset" columns, True/False, counts
 * as "10.0", empty cells, adwords fields empty outside paid traffic, `date` = the Los Angeles
 * calendar day of `sessionStart`, `sessionId` = `sessionStart` mostly), plus the target and the
 * exact oracle. Outcome process and oracle: synthetic-process.ts; category tables:
 * synthetic-tables.ts.
 *
 * Default buyer rate 0.0127: the share of sessions with revenue in the GA Customer Revenue
 * competition's train set (11,515 of 903,653), the same store and era as Engage2Value.
 * ga-sessions.csv has 3.97%, a May-Aug 2017 extract; pass `buyerRate: 0.04` to mimic it.
 */
import { sha256 } from '../hash.ts';
import { makeRng } from '../seeds.ts';
import { UserError } from '../errors.ts';
import { E2V_CONSTANT_COLUMNS, E2V_TARGET, E2V_TRAIN_COLUMNS, NOT_AVAILABLE } from './engage2value.ts';
import { drawLatents, effectsOf, oracle, realise, solveIntercept, BUY_ENGAGEMENT, type Effects, type Latents } from './synthetic-process.ts';
import { COUNTRIES, CITY_BLANKED, DEVICES, DISPLAY_AD_CONTENT, HOURS, SEARCH_AD_CONTENT, TRAFFIC } from './synthetic-tables.ts';
import { fromLosAngeles, losAngelesTime } from './synthetic-time.ts';

export const SYNTHETIC_GENERATOR = 'hurdle-lab/engage2value-synthetic';
/** Bump when the generated data for given parameters changes; it is part of the data identity. */
export const SYNTHETIC_VERSION = 1;
export const SYNTHETIC_DEFAULTS = { buyerRate: 0.0127, tailSigma: 1.0, leakage: 1.0 } as const;
/** Parameter ranges the generator supports; the config schema enforces the same ones at load time. */
export const SYNTHETIC_LIMITS = { tailSigma: { min: 0, max: 5 }, leakage: { min: 0, max: 20 } } as const;

export interface SyntheticOptions {
  rows: number;
  seed: number;
  /** Mean purchase probability over the generated sessions. */
  buyerRate: number;
  /** σ of log(amount | purchase). */
  tailSigma: number;
  /** Scale of the page views and hits a purchase adds (0 = none). */
  leakage: number;
}

export interface SyntheticTable {
  options: SyntheticOptions;
  /** E2V_TRAIN_COLUMNS. */
  header: readonly string[];
  /** Column-major raw cell text, in header order: `cells[c][row]`. */
  cells: string[][];
  rowCount: number;
  target: Float64Array;
  /** Exact E[y | observed columns]. */
  oracle: Float64Array;
  /** Exact P(y > 0 | observed columns). */
  oracleBuy: Float64Array;
  /** The solved purchase-logit intercept. */
  intercept: number;
}

// 2016-08-01 .. 2018-04-30 in Los Angeles days since the epoch: the real file's range.
const FIRST_DAY = Date.UTC(2016, 7, 1) / 86400000;
const DAYS = Date.UTC(2018, 4, 1) / 86400000 - FIRST_DAY;

export function validateSyntheticOptions(o: SyntheticOptions): void {
  const bad = (key: string, expected: string, found: number) =>
    new UserError('CONFIG_INVALID', `invalid synthetic data parameter.`, { key, expected, found: String(found) });
  if (!Number.isInteger(o.rows) || o.rows < 1) throw bad('data.rows', 'a positive integer', o.rows);
  if (!Number.isInteger(o.seed)) throw bad('seed', 'an integer', o.seed);
  if (!(o.buyerRate > 0 && o.buyerRate < 1)) throw bad('data.synthetic.buyerRate', 'a share strictly between 0 and 1', o.buyerRate);
  if (!(o.tailSigma >= SYNTHETIC_LIMITS.tailSigma.min && o.tailSigma <= SYNTHETIC_LIMITS.tailSigma.max)) throw bad('data.synthetic.tailSigma', `a number in [${SYNTHETIC_LIMITS.tailSigma.min}, ${SYNTHETIC_LIMITS.tailSigma.max}]`, o.tailSigma);
  if (!(o.leakage >= SYNTHETIC_LIMITS.leakage.min && o.leakage <= SYNTHETIC_LIMITS.leakage.max)) throw bad('data.synthetic.leakage', `a number in [${SYNTHETIC_LIMITS.leakage.min}, ${SYNTHETIC_LIMITS.leakage.max}]`, o.leakage);
}

/** sha256 over the canonical generator identity: name, version and every parameter incl. the seed. */
export function syntheticSha256(o: SyntheticOptions): string {
  const canonical = JSON.stringify({
    generator: SYNTHETIC_GENERATOR, version: SYNTHETIC_VERSION,
    rows: o.rows, seed: o.seed, buyerRate: o.buyerRate, tailSigma: o.tailSigma, leakage: o.leakage,
  });
  return sha256(canonical);
}

export function generateSynthetic(options: SyntheticOptions): SyntheticTable {
  validateSyntheticOptions(options);
  const n = options.rows;
  const rng = makeRng(options.seed);
  const cells = E2V_TRAIN_COLUMNS.map((name) => new Array<string>(n).fill(E2V_CONSTANT_COLUMNS[name] ?? ''));
  const col = (name: string) => cells[E2V_TRAIN_COLUMNS.indexOf(name)];
  const [channel, date, browser, deviceType, isMobile, os, city, continent, country, metro, domain, region, subContinent] =
    ['userChannel', 'date', 'browser', 'deviceType', 'device.isMobile', 'os', 'geoNetwork.city', 'geoNetwork.continent',
      'locationCountry', 'geoNetwork.metro', 'geoNetwork.networkDomain', 'geoNetwork.region', 'geoNetwork.subContinent'].map(col);
  const [bounces, hits, newVisits, pageViews, adContent, adNetwork, videoAd, adPage, adSlot, campaign, trueDirect, keyword,
    medium, referralPath, source, sessionId, sessionNumber, sessionStart, userId, geoCluster, gclId, purchaseValue] =
    ['totals.bounces', 'totalHits', 'new_visits', 'pageViews', 'trafficSource.adContent', 'trafficSource.adwordsClickInfo.adNetworkType',
      'trafficSource.adwordsClickInfo.isVideoAd', 'trafficSource.adwordsClickInfo.page', 'trafficSource.adwordsClickInfo.slot',
      'trafficSource.campaign', 'trafficSource.isTrueDirect', 'trafficSource.keyword', 'trafficSource.medium',
      'trafficSource.referralPath', 'trafficSource', 'sessionId', 'sessionNumber', 'sessionStart', 'userId', 'geoCluster',
      'gclIdPresent', E2V_TARGET].map(col);

  const effects: Effects[] = new Array(n);
  const latents: Latents[] = new Array(n);
  const buyScore = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const t = TRAFFIC.pick(rng());
    const d = DEVICES.pick(rng());
    const g = COUNTRIES.pick(rng());
    const start = fromLosAngeles(FIRST_DAY + Math.floor(rng() * DAYS), HOURS.pick(rng()) * 3600 + Math.floor(rng() * 3600));
    const local = losAngelesTime(start);
    // A discrete Pareto tail for returning visitors: ~12% of them are on their 10th visit or later.
    const visit = rng() < 0.72 ? 1 : Math.min(400, Math.floor(2 * Math.pow(1 - rng(), -1 / 1.3)));

    channel[i] = t.channel;
    medium[i] = t.medium;
    source[i] = t.source;
    trueDirect[i] = rng() < t.trueDirect ? 'True' : '';
    keyword[i] = t.keywords.pick(rng());
    referralPath[i] = t.referralPaths.pick(rng());
    campaign[i] = t.campaign.pick(rng());
    if (t.ads) {
      adNetwork[i] = t.ads === 'search' ? 'Google Search' : 'Content';
      adSlot[i] = t.ads === 'search' ? 'Top' : 'RHS';
      videoAd[i] = 'False';
      adPage[i] = rng() < 0.95 ? '1.0' : '2.0';
      adContent[i] = (t.ads === 'search' ? SEARCH_AD_CONTENT : DISPLAY_AD_CONTENT).pick(rng());
      gclId[i] = '1';
    } else gclId[i] = '0';
    deviceType[i] = d.deviceType;
    isMobile[i] = d.isMobile;
    os[i] = d.os;
    browser[i] = d.browser;
    country[i] = g.name;
    continent[i] = g.continent;
    subContinent[i] = g.subContinent;
    const [c, m, r] = rng() < CITY_BLANKED ? [NOT_AVAILABLE, NOT_AVAILABLE, NOT_AVAILABLE] : g.cities.pick(rng());
    city[i] = c;
    metro[i] = m;
    region[i] = r;
    domain[i] = `domain${1 + Math.floor(rng() * 3)}`;
    geoCluster[i] = `Region_${1 + Math.floor(rng() * 5)}`;
    sessionStart[i] = String(start);
    // GA's visitId is usually the start time, sometimes a few minutes earlier (3 of 232 real rows).
    sessionId[i] = String(rng() < 0.013 ? start - 1 - Math.floor(rng() * 420) : start);
    date[i] = local.date;
    userId[i] = String(1 + Math.floor(rng() * 125000));
    sessionNumber[i] = String(visit);
    newVisits[i] = visit === 1 ? '1.0' : '';

    const fx = effectsOf({
      channel: t.channel, medium: t.medium, deviceType: d.deviceType, country: g.name, continent: g.continent,
      hour: local.hour, sessionNumber: visit,
    });
    effects[i] = fx;
    latents[i] = drawLatents(rng, fx, options.leakage);
    buyScore[i] = fx.buy + BUY_ENGAGEMENT * Math.log(latents[i].v0);
  }

  const intercept = solveIntercept(buyScore, options.buyerRate);
  const target = new Float64Array(n);
  const oracleMean = new Float64Array(n);
  const oracleBuy = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const out = realise(effects[i], latents[i], intercept, options.tailSigma);
    target[i] = out.amount;
    purchaseValue[i] = String(out.amount);
    pageViews[i] = `${out.pageViews}.0`;
    hits[i] = String(out.pageViews + out.events);
    bounces[i] = out.pageViews === 1 ? '1.0' : '';
    const o = oracle(effects[i], out.pageViews, out.events, intercept, options.tailSigma, options.leakage);
    oracleMean[i] = o.mean;
    oracleBuy[i] = o.buy;
  }
  return { options: { ...options }, header: E2V_TRAIN_COLUMNS, cells, rowCount: n, target, oracle: oracleMean, oracleBuy, intercept };
}
