/**
 * The outcome process behind the synthetic sessions, and its exact oracle E[y | x_observed].
 *
 * Per session, given its observed context c (channel, medium, device type, country, continent,
 * Los Angeles hour of sessionStart, sessionNumber):
 *
 *   engagement   v0 = 1 + K,  K ~ NegBin(mean m(c), size R)          pre-purchase page views
 *   other hits   e0 | v0 ~ Poisson(κ (v0 − 1))                        events, clicks...
 *   purchase     b | c, v0 ~ Bernoulli(σ(α + β(c) + γ log v0))        α solved for the buyer rate
 *   leakage      lv ~ Poisson(δv · leakage), le ~ Poisson(δe · leakage) checkout pages/events, added only if b = 1
 *   observed     pageViews V = v0 + b·lv,  totalHits = V + E with E = e0 + b·le,  bounce = (V = 1)
 *   amount       y = 0 if b = 0, else log y ~ Normal(μ(c) + λ log v0, tailSigma²), in micros
 *
 * Engagement v0 is latent once a purchase inflates the counts, so the oracle sums over it (Bayes):
 *   w1(v0) = NB(v0 − 1) · σ(η(v0)) · Pois(V − v0; δv L) · Pois(E; κ(v0 − 1) + δe L),  v0 = 1..V
 *   w0     = NB(V − 1) · (1 − σ(η(V))) · Pois(E; κ(V − 1))
 *   P(b = 1 | x) = Σ w1 / (Σ w1 + w0),  E[y | x] = Σ w1 · exp(μ(v0) + tailSigma²/2) / (Σ w1 + w0)
 * (a sum of independent Poissons is Poisson, which makes the event likelihood closed-form). The sum
 * is finite and exact; with leakage 0 it collapses to v0 = V. Amounts are rounded to whole cents
 * (1e4 micros) in the file; the oracle ignores that rounding, whose effect on a mean of ~1e8 is
 * far below 1e-9 relative.
 */
import { normal, type Rng } from '../seeds.ts';

export const ENGAGEMENT_SIZE = 0.5; // R: small size → heavy-tailed page views, ~38% single-page sessions
export const EVENT_RATE = 0.25; // κ: non-pageview hits per extra page view
export const BUY_ENGAGEMENT = 2.0; // γ
export const AMOUNT_ENGAGEMENT = 0.15; // λ
export const LEAK_PAGES = 4; // δv: checkout funnel page views at leakage 1
export const LEAK_EVENTS = 2; // δe
const BASE_ENGAGEMENT = Math.log(3.5);
const BASE_LOG_AMOUNT = Math.log(0.63e8); // → median positive amount ≈ 1.2e8 micros, as in ga-sessions

export interface SessionContext {
  channel: string;
  medium: string;
  deviceType: string;
  country: string;
  continent: string;
  /** Los Angeles hour of sessionStart, 0..23. */
  hour: number;
  sessionNumber: number;
}

/** The context's additive contributions: log mean engagement, purchase logit (without α and γ log v0), log amount (without λ log v0). */
export interface Effects {
  engagement: number;
  buy: number;
  amount: number;
}

// [engagement, buy, amount] by channel: referrals from Google staff buy often and big, social visitors browse.
const CHANNEL: Record<string, [number, number, number]> = {
  'Organic Search': [0, 0, -0.25],
  Referral: [0.5, 1.4, 0.45],
  Direct: [0.1, 0.6, 0.1],
  Social: [-0.6, -1.2, -0.4],
  'Paid Search': [0.1, 0.8, -0.1],
  Display: [0, 0.6, 0.35],
  Affiliates: [-0.3, -0.6, 0.6],
  '(Other)': [0, 0, 0],
};
const DEVICE: Record<string, [number, number, number]> = { desktop: [0, 0, 0], mobile: [-0.3, -0.9, -0.3], tablet: [-0.2, -0.6, -0.2] };
const COUNTRY_BUY: Record<string, number> = { 'United States': 1.0, Canada: 0.5, Mexico: 0.1 };
const CONTINENT_BUY: Record<string, number> = { Americas: -0.2, Europe: -0.5, Asia: -0.9, Oceania: -0.4, Africa: -1.2 };

export function effectsOf(c: SessionContext): Effects {
  const ch = CHANNEL[c.channel] ?? [0, 0, 0];
  const dev = DEVICE[c.deviceType] ?? [0, 0, 0];
  const dayCycle = Math.cos((2 * Math.PI * (c.hour - 13)) / 24); // peaks at 1 pm in Los Angeles
  const returning = Math.log(c.sessionNumber);
  const us = c.country === 'United States';
  return {
    engagement: BASE_ENGAGEMENT + ch[0] + dev[0] + 0.1 * dayCycle + 0.15 * returning,
    buy: ch[1] + (c.medium === '(none)' ? 0.2 : 0) + dev[1] + (COUNTRY_BUY[c.country] ?? CONTINENT_BUY[c.continent] ?? -0.5) + 0.35 * dayCycle + 0.35 * returning,
    amount: BASE_LOG_AMOUNT + ch[2] + dev[2] + (us ? 0 : 0.25),
  };
}

export const sigmoid = (x: number) => (x >= 0 ? 1 / (1 + Math.exp(-x)) : Math.exp(x) / (1 + Math.exp(x)));
const logSigmoid = (x: number) => (x >= 0 ? -Math.log1p(Math.exp(-x)) : x - Math.log1p(Math.exp(x)));

/** Inversion sampling with the same recursive pmf the oracle uses: one uniform per draw. */
export function sampleNegBin(rng: Rng, mean: number, size: number): number {
  const q = mean / (size + mean);
  let p = Math.pow(size / (size + mean), size);
  let cdf = p;
  const u = rng();
  let k = 0;
  while (u >= cdf && k < 1e6) {
    p *= ((k + size) / (k + 1)) * q;
    k++;
    cdf += p;
    if (p === 0 && cdf < u) break; // float cdf stalls just below u: return the tail point reached
  }
  return k;
}

/** Inversion sampling; always consumes one uniform, so leakage 0 and 1 keep the same random stream. */
export function samplePoisson(rng: Rng, rate: number): number {
  const u = rng();
  if (rate <= 0) return 0;
  let p = Math.exp(-rate);
  let cdf = p;
  let k = 0;
  while (u >= cdf && k < 1e6) {
    k++;
    p *= rate / k;
    cdf += p;
    if (p === 0 && k > rate) break;
  }
  return k;
}

const logFactorials: number[] = [0];
function logFactorial(n: number): number {
  for (let k = logFactorials.length; k <= n; k++) logFactorials[k] = logFactorials[k - 1] + Math.log(k);
  return logFactorials[n];
}

function logPoisson(n: number, rate: number): number {
  if (rate === 0) return n === 0 ? 0 : -Infinity;
  return n * Math.log(rate) - rate - logFactorial(n);
}

/** Everything random about one session's outcome, drawn before the intercept α is known. */
export interface Latents {
  v0: number;
  e0: number;
  leakPages: number;
  leakEvents: number;
  uBuy: number;
  zAmount: number;
}

export function drawLatents(rng: Rng, fx: Effects, leakage: number): Latents {
  const v0 = 1 + sampleNegBin(rng, Math.exp(fx.engagement), ENGAGEMENT_SIZE);
  return {
    v0,
    e0: samplePoisson(rng, EVENT_RATE * (v0 - 1)),
    leakPages: samplePoisson(rng, LEAK_PAGES * leakage),
    leakEvents: samplePoisson(rng, LEAK_EVENTS * leakage),
    uBuy: rng(),
    zAmount: normal(rng),
  };
}

export interface Outcome {
  buy: boolean;
  pageViews: number;
  events: number;
  amount: number;
}

export function realise(fx: Effects, lat: Latents, alpha: number, tailSigma: number): Outcome {
  const buy = lat.uBuy < sigmoid(alpha + fx.buy + BUY_ENGAGEMENT * Math.log(lat.v0));
  if (!buy) return { buy, pageViews: lat.v0, events: lat.e0, amount: 0 };
  const logAmount = fx.amount + AMOUNT_ENGAGEMENT * Math.log(lat.v0) + tailSigma * lat.zAmount;
  return {
    buy,
    pageViews: lat.v0 + lat.leakPages,
    events: lat.e0 + lat.leakEvents,
    amount: Math.max(1e4, Math.round(Math.exp(logAmount) / 1e4) * 1e4),
  };
}

/** The intercept α such that the mean purchase probability over the drawn sessions equals `rate`. */
export function solveIntercept(buyScore: Float64Array, rate: number): number {
  let lo = -60;
  let hi = 60;
  for (let iter = 0; iter < 100 && hi - lo > 1e-12; iter++) {
    const mid = (lo + hi) / 2;
    let sum = 0;
    for (let i = 0; i < buyScore.length; i++) sum += sigmoid(mid + buyScore[i]);
    if (sum / buyScore.length < rate) lo = mid;
    else hi = mid;
  }
  return (lo + hi) / 2;
}

export interface OracleValue {
  /** P(purchase | observed columns). */
  buy: number;
  /** E[y | observed columns] in micros. */
  mean: number;
}

/** Exact posterior over the latent engagement v0 given observed page views V and events E (see module comment). */
export function oracle(fx: Effects, pageViews: number, events: number, alpha: number, tailSigma: number, leakage: number): OracleValue {
  const mean = Math.exp(fx.engagement);
  const logQ = Math.log(mean / (ENGAGEMENT_SIZE + mean));
  const amountBase = fx.amount + (tailSigma * tailSigma) / 2;
  const eta = (v0: number) => alpha + fx.buy + BUY_ENGAGEMENT * Math.log(v0);
  let logNb = ENGAGEMENT_SIZE * Math.log(ENGAGEMENT_SIZE / (ENGAGEMENT_SIZE + mean)); // log NB(0)
  const logW1: number[] = new Array(pageViews);
  for (let v0 = 1; v0 <= pageViews; v0++) {
    if (v0 > 1) logNb += Math.log((v0 - 2 + ENGAGEMENT_SIZE) / (v0 - 1)) + logQ;
    logW1[v0 - 1] = logNb + logSigmoid(eta(v0)) + logPoisson(pageViews - v0, LEAK_PAGES * leakage)
      + logPoisson(events, EVENT_RATE * (v0 - 1) + LEAK_EVENTS * leakage);
  }
  const logW0 = logNb + logSigmoid(-eta(pageViews)) + logPoisson(events, EVENT_RATE * (pageViews - 1));
  let top = logW0;
  for (const lw of logW1) if (lw > top) top = lw;
  let buyMass = 0;
  let valueMass = 0;
  for (let v0 = 1; v0 <= pageViews; v0++) {
    const w = Math.exp(logW1[v0 - 1] - top);
    buyMass += w;
    valueMass += w * Math.exp(amountBase + AMOUNT_ENGAGEMENT * Math.log(v0));
  }
  const total = buyMass + Math.exp(logW0 - top);
  return { buy: buyMass / total, mean: valueMass / total };
}
