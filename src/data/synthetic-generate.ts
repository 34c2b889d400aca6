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
import { E2V_TRAIN_COLUMNS } from './engage2value.ts';
import { emptyCells, writeContextCells, writeOutcomeCells } from './synthetic-cells.ts';
import { drawLatents, effectsOf, oracle, realise, solveIntercept, BUY_ENGAGEMENT, type Effects, type Latents } from './synthetic-process.ts';
import { COUNTRIES, DEVICES, HOURS, TRAFFIC } from './synthetic-tables.ts';
import { fromLosAngeles, SYNTHETIC_DAYS as DAYS, SYNTHETIC_FIRST_DAY as FIRST_DAY } from './synthetic-time.ts';
import type { SyntheticOptions, SyntheticTable } from './synthetic-types.ts';
import { generateUserSessions, USERS_VERSION } from './synthetic-users.ts';

export const SYNTHETIC_GENERATOR = 'hurdle-lab/engage2value-synthetic';
/** Bump when the generated data for given parameters changes; it is part of the data identity. */
export const SYNTHETIC_VERSION = 1;
export const SYNTHETIC_DEFAULTS = { buyerRate: 0.0127, tailSigma: 1.0, leakage: 1.0, mode: 'sessions' } as const;
/**
 * Parameter ranges the generator supports. The config schema enforces them (config/schema.ts
 * `syntheticSchema`, also used for `npm run data`'s flags); the generator trusts its options.
 */
export const SYNTHETIC_LIMITS = { tailSigma: { min: 0, max: 5 }, leakage: { min: 0, max: 20 } } as const;

export type { SyntheticMode, SyntheticOptions, SyntheticTable } from './synthetic-types.ts';

/** sha256 over the canonical generator identity: name, version and every parameter incl. the seed. */
export function syntheticSha256(o: SyntheticOptions): string {
  const canonical = JSON.stringify({
    generator: SYNTHETIC_GENERATOR, version: SYNTHETIC_VERSION,
    rows: o.rows, seed: o.seed, buyerRate: o.buyerRate, tailSigma: o.tailSigma, leakage: o.leakage,
    // Only user-level data names its mode, so the session generator's identities stay as they were.
    ...(o.mode === 'users' ? { mode: 'users', usersVersion: USERS_VERSION } : {}),
  });
  return sha256(canonical);
}

export function generateSynthetic(options: SyntheticOptions): SyntheticTable {
  if (options.mode === 'users') return generateUserSessions(options);
  const n = options.rows;
  const rng = makeRng(options.seed);
  const { cells, cols } = emptyCells(n);
  const effects: Effects[] = new Array(n);
  const latents: Latents[] = new Array(n);
  const buyScore = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const traffic = TRAFFIC.pick(rng());
    const device = DEVICES.pick(rng());
    const country = COUNTRIES.pick(rng());
    const start = fromLosAngeles(FIRST_DAY + Math.floor(rng() * DAYS), HOURS.pick(rng()) * 3600 + Math.floor(rng() * 3600));
    // A discrete Pareto tail for returning visitors: ~12% of them are on their 10th visit or later.
    const visit = rng() < 0.72 ? 1 : Math.min(400, Math.floor(2 * Math.pow(1 - rng(), -1 / 1.3)));
    const local = writeContextCells(cols, i, rng, { traffic, device, country, start, sessionNumber: visit }, () => String(1 + Math.floor(rng() * 125000)));
    const fx = effectsOf({
      channel: traffic.channel, medium: traffic.medium, deviceType: device.deviceType, country: country.name, continent: country.continent,
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
    writeOutcomeCells(cols, i, out);
    const o = oracle(effects[i], out.pageViews, out.events, intercept, options.tailSigma, options.leakage);
    oracleMean[i] = o.mean;
    oracleBuy[i] = o.buy;
  }
  return { options: { ...options }, header: E2V_TRAIN_COLUMNS, cells, rowCount: n, target, oracle: oracleMean, oracleBuy, intercept };
}
