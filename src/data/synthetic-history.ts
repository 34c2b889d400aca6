/**
 * How a user's earlier sessions move the purchase logit and the log amount of the next one, in
 * the user-level synthetic data (synthetic-users.ts). Everything here reads only what the earlier
 * sessions *show* (their start time, page views and purchase value), never a latent, so the
 * exact oracle E[y | this session, earlier sessions] is the session oracle of synthetic-process.ts
 * with the context effects shifted by `historyShift`:
 *
 *   buy    += 0.8 log(1 + H) + 1.5 log(1 + P) + 1.5 exp(−R / 30) 1[P > 0] − 0.4 log(1 + G) + 2 B
 *   amount += 0.8 (mean earlier log amount − log 1.2e8) 1[P > 0]
 *
 * with H the earlier sessions with at least 10 page views (high engagement), P the earlier
 * purchases, R the days since the last purchase, G the days since the previous session, and
 * B = 1 when the previous session was a long browse (≥ 10 page views, no purchase) and the user
 * came back within 3 days. A first session has no shift.
 */

export const HIGH_ENGAGEMENT_PAGES = 10;
export const LONG_BROWSE_RETURN_DAYS = 3;
const REFERENCE_LOG_AMOUNT = Math.log(1.2e8);
const DAY = 86400;

/** What a user's sessions so far show. */
export interface UserHistory {
  sessions: number;
  /** Unix seconds of the previous session's start (NaN before the first). */
  lastStart: number;
  lastPageViews: number;
  lastBought: boolean;
  highEngagement: number;
  purchases: number;
  logAmountSum: number;
  lastPurchaseStart: number;
}

export function emptyHistory(): UserHistory {
  return { sessions: 0, lastStart: NaN, lastPageViews: 0, lastBought: false, highEngagement: 0, purchases: 0, logAmountSum: 0, lastPurchaseStart: NaN };
}

export interface HistoryShift {
  buy: number;
  amount: number;
}

/** The shift for a session starting at `start` (unix seconds), after the sessions in `h`. */
export function historyShift(h: UserHistory, start: number): HistoryShift {
  if (h.sessions === 0) return { buy: 0, amount: 0 };
  const gapDays = (start - h.lastStart) / DAY;
  const longBrowseReturn = h.lastPageViews >= HIGH_ENGAGEMENT_PAGES && !h.lastBought && gapDays <= LONG_BROWSE_RETURN_DAYS;
  let buy = 0.8 * Math.log1p(h.highEngagement) + 1.5 * Math.log1p(h.purchases) - 0.4 * Math.log1p(gapDays) + (longBrowseReturn ? 2.0 : 0);
  let amount = 0;
  if (h.purchases > 0) {
    buy += 1.5 * Math.exp(-(start - h.lastPurchaseStart) / DAY / 30);
    amount = 0.8 * (h.logAmountSum / h.purchases - REFERENCE_LOG_AMOUNT);
  }
  return { buy, amount };
}

/** Add a finished session (its observed page views and purchase value) to `h`. */
export function recordSession(h: UserHistory, start: number, pageViews: number, amount: number): void {
  h.sessions += 1;
  h.lastStart = start;
  h.lastPageViews = pageViews;
  h.lastBought = amount > 0;
  if (pageViews >= HIGH_ENGAGEMENT_PAGES) h.highEngagement += 1;
  if (amount > 0) {
    h.purchases += 1;
    h.logAmountSum += Math.log(amount);
    h.lastPurchaseStart = start;
  }
}
