/**
 * User-level synthetic sessions (`data.synthetic.mode: users`): the same 52 columns and session
 * process as synthetic-generate.ts, but sessions belong to users with a history.
 *
 *  - Sessions per user: 1 + NegBin(mean 1.2, size 0.35), at most 200: 59% of users come once, a
 *    few dozen times (mean 2.2 sessions per user, so about half the sessions have history).
 *  - A user keeps their country and, per session with probability 0.85, their device; the traffic
 *    source repeats the previous one with probability 0.5, else it is drawn afresh.
 *  - The first session starts uniformly in the real file's date range at a realistic hour; each
 *    gap to the next is a mixture: 30% Exp(mean 3 h) (same-day return), 45% Exp(mean 4 days),
 *    25% Exp(mean 45 days), at least a minute. A user's sessions past the range are dropped.
 *  - `sessionNumber` counts the user's sessions from 1; `userId` is stable; rows are in
 *    `sessionStart` order (ties by user), so nothing can be read off the row order.
 *  - The outcome of a session is the session process (synthetic-process.ts) with its purchase
 *    logit and log amount shifted by what the user's earlier sessions show (synthetic-history.ts).
 *
 * The intercept α is solved (bisection) so the mean purchase probability over all sessions is the
 * buyer rate; every random number is drawn before α is known and the history is replayed for each
 * trial α, so the data for a given α is exactly the data the oracle describes.
 */
import { makeRng, type Rng } from '../seeds.ts';
import { E2V_TRAIN_COLUMNS } from './engage2value.ts';
import { emptyCells, writeContextCells, writeOutcomeCells, type SessionDraw } from './synthetic-cells.ts';
import { emptyHistory, historyShift, recordSession, type UserHistory } from './synthetic-history.ts';
import { drawLatents, effectsOf, oracle, realise, sampleNegBin, sigmoid, BUY_ENGAGEMENT, type Effects, type Latents, type Outcome } from './synthetic-process.ts';
import { COUNTRIES, DEVICES, HOURS, TRAFFIC } from './synthetic-tables.ts';
import { fromLosAngeles, SYNTHETIC_DAYS, SYNTHETIC_FIRST_DAY } from './synthetic-time.ts';
import type { SyntheticOptions, SyntheticTable } from './synthetic-types.ts';

/** Bump when the user-level process (this file, synthetic-history.ts) changes; part of the data identity. */
export const USERS_VERSION = 1;
export const SESSIONS_MEAN_EXTRA = 1.2;
export const SESSIONS_SIZE = 0.35;
const MAX_SESSIONS = 200;
const RANGE_END = (SYNTHETIC_FIRST_DAY + SYNTHETIC_DAYS) * 86400;

interface PlannedSession extends SessionDraw {
  user: number;
}

function exponential(rng: Rng, mean: number): number {
  return -mean * Math.log(1 - rng());
}

function gapSeconds(rng: Rng): number {
  const u = rng();
  const mean = u < 0.3 ? 3 * 3600 : u < 0.75 ? 4 * 86400 : 45 * 86400;
  return 60 + Math.floor(exponential(rng, mean));
}

/** Users' sessions until there are `rows` of them (the last user may be cut short). */
function planSessions(rng: Rng, rows: number): PlannedSession[] {
  const plan: PlannedSession[] = [];
  for (let user = 0; plan.length < rows; user++) {
    const count = Math.min(MAX_SESSIONS, 1 + sampleNegBin(rng, SESSIONS_MEAN_EXTRA, SESSIONS_SIZE));
    const country = COUNTRIES.pick(rng());
    let device = DEVICES.pick(rng());
    let traffic = TRAFFIC.pick(rng());
    let start = fromLosAngeles(SYNTHETIC_FIRST_DAY + Math.floor(rng() * SYNTHETIC_DAYS), HOURS.pick(rng()) * 3600 + Math.floor(rng() * 3600));
    for (let s = 1; s <= count && plan.length < rows && start < RANGE_END; s++) {
      plan.push({ user, traffic, device, country, start, sessionNumber: s });
      start += gapSeconds(rng);
      if (rng() >= 0.85) device = DEVICES.pick(rng());
      if (rng() >= 0.5) traffic = TRAFFIC.pick(rng());
    }
  }
  return plan.sort((a, b) => a.start - b.start || a.user - b.user);
}

interface Replay {
  outcomes: Outcome[];
  /** Context effects shifted by the user's history, per row. */
  effects: Effects[];
  meanBuy: number;
}

/** Play every user's sessions forward in time for intercept `alpha`. */
function replay(plan: PlannedSession[], effects: Effects[], latents: Latents[], alpha: number, tailSigma: number, users: number): Replay {
  const histories: UserHistory[] = Array.from({ length: users }, emptyHistory);
  const outcomes: Outcome[] = new Array(plan.length);
  const shifted: Effects[] = new Array(plan.length);
  let buySum = 0;
  for (let i = 0; i < plan.length; i++) {
    const h = histories[plan[i].user];
    const shift = historyShift(h, plan[i].start);
    const fx = { engagement: effects[i].engagement, buy: effects[i].buy + shift.buy, amount: effects[i].amount + shift.amount };
    shifted[i] = fx;
    buySum += sigmoid(alpha + fx.buy + BUY_ENGAGEMENT * Math.log(latents[i].v0));
    outcomes[i] = realise(fx, latents[i], alpha, tailSigma);
    recordSession(h, plan[i].start, outcomes[i].pageViews, outcomes[i].amount);
  }
  return { outcomes, effects: shifted, meanBuy: buySum / plan.length };
}

export function generateUserSessions(options: SyntheticOptions): SyntheticTable {
  const n = options.rows;
  const rng = makeRng(options.seed);
  const plan = planSessions(rng, n);
  const users = plan.reduce((m, s) => Math.max(m, s.user + 1), 0);
  const { cells, cols } = emptyCells(n);
  const effects: Effects[] = new Array(n);
  const latents: Latents[] = new Array(n);
  for (let i = 0; i < n; i++) {
    const s = plan[i];
    const local = writeContextCells(cols, i, rng, s, () => String(100001 + s.user));
    effects[i] = effectsOf({
      channel: s.traffic.channel, medium: s.traffic.medium, deviceType: s.device.deviceType, country: s.country.name,
      continent: s.country.continent, hour: local.hour, sessionNumber: s.sessionNumber,
    });
    latents[i] = drawLatents(rng, effects[i], options.leakage);
  }
  // Mean P(buy) rises with α (a purchase feeds later sessions' propensity, which raises it further).
  let lo = -60;
  let hi = 60;
  for (let iter = 0; iter < 60 && hi - lo > 1e-10; iter++) {
    const mid = (lo + hi) / 2;
    if (replay(plan, effects, latents, mid, options.tailSigma, users).meanBuy < options.buyerRate) lo = mid;
    else hi = mid;
  }
  const intercept = (lo + hi) / 2;
  const played = replay(plan, effects, latents, intercept, options.tailSigma, users);
  const target = new Float64Array(n);
  const oracleMean = new Float64Array(n);
  const oracleBuy = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const out = played.outcomes[i];
    target[i] = out.amount;
    writeOutcomeCells(cols, i, out);
    const o = oracle(played.effects[i], out.pageViews, out.events, intercept, options.tailSigma, options.leakage);
    oracleMean[i] = o.mean;
    oracleBuy[i] = o.buy;
  }
  return { options: { ...options }, header: E2V_TRAIN_COLUMNS, cells, rowCount: n, target, oracle: oracleMean, oracleBuy, intercept };
}
