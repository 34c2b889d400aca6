/**
 * Writing one synthetic session into the 52 raw column arrays, with the real file's conventions
 * (adwords fields only on paid traffic, `date` = the Los Angeles day of `sessionStart`, `sessionId`
 * = `sessionStart` mostly, counts as "10.0"). Shared by the session generator
 * (synthetic-generate.ts) and the user-level one (synthetic-users.ts); the random draws happen in
 * a fixed order, so the session generator's data is unchanged by the split.
 */
import type { Rng } from '../seeds.ts';
import { E2V_CONSTANT_COLUMNS, E2V_TARGET, E2V_TRAIN_COLUMNS, NOT_AVAILABLE } from './engage2value.ts';
import type { Outcome } from './synthetic-process.ts';
import { CITY_BLANKED, DISPLAY_AD_CONTENT, SEARCH_AD_CONTENT, type Country, type DeviceProfile, type TrafficProfile } from './synthetic-tables.ts';
import { losAngelesTime, type LocalTime } from './synthetic-time.ts';

const NAMES = {
  channel: 'userChannel', date: 'date', browser: 'browser', deviceType: 'deviceType', isMobile: 'device.isMobile', os: 'os',
  city: 'geoNetwork.city', continent: 'geoNetwork.continent', country: 'locationCountry', metro: 'geoNetwork.metro',
  domain: 'geoNetwork.networkDomain', region: 'geoNetwork.region', subContinent: 'geoNetwork.subContinent',
  bounces: 'totals.bounces', hits: 'totalHits', newVisits: 'new_visits', pageViews: 'pageViews', adContent: 'trafficSource.adContent',
  adNetwork: 'trafficSource.adwordsClickInfo.adNetworkType', videoAd: 'trafficSource.adwordsClickInfo.isVideoAd',
  adPage: 'trafficSource.adwordsClickInfo.page', adSlot: 'trafficSource.adwordsClickInfo.slot', campaign: 'trafficSource.campaign',
  trueDirect: 'trafficSource.isTrueDirect', keyword: 'trafficSource.keyword', medium: 'trafficSource.medium',
  referralPath: 'trafficSource.referralPath', source: 'trafficSource', sessionId: 'sessionId', sessionNumber: 'sessionNumber',
  sessionStart: 'sessionStart', userId: 'userId', geoCluster: 'geoCluster', gclId: 'gclIdPresent', purchaseValue: E2V_TARGET,
} as const;

export type SessionColumns = Record<keyof typeof NAMES, string[]>;

/** Column-major cells, constant columns pre-filled, and named views of the columns the generators write. */
export function emptyCells(n: number): { cells: string[][]; cols: SessionColumns } {
  const cells = E2V_TRAIN_COLUMNS.map((name) => new Array<string>(n).fill(E2V_CONSTANT_COLUMNS[name] ?? ''));
  const cols = Object.fromEntries(Object.entries(NAMES).map(([k, name]) => [k, cells[E2V_TRAIN_COLUMNS.indexOf(name)]])) as SessionColumns;
  return { cells, cols };
}

export interface SessionDraw {
  traffic: TrafficProfile;
  device: DeviceProfile;
  country: Country;
  /** Unix seconds. */
  start: number;
  sessionNumber: number;
}

/** Fill the context cells of row `i`; `userId` is called at its fixed place in the draw order. */
export function writeContextCells(cols: SessionColumns, i: number, rng: Rng, s: SessionDraw, userId: () => string): LocalTime {
  const { traffic: t, device: d, country: g, start } = s;
  const local = losAngelesTime(start);
  cols.channel[i] = t.channel;
  cols.medium[i] = t.medium;
  cols.source[i] = t.source;
  cols.trueDirect[i] = rng() < t.trueDirect ? 'True' : '';
  cols.keyword[i] = t.keywords.pick(rng());
  cols.referralPath[i] = t.referralPaths.pick(rng());
  cols.campaign[i] = t.campaign.pick(rng());
  if (t.ads) {
    cols.adNetwork[i] = t.ads === 'search' ? 'Google Search' : 'Content';
    cols.adSlot[i] = t.ads === 'search' ? 'Top' : 'RHS';
    cols.videoAd[i] = 'False';
    cols.adPage[i] = rng() < 0.95 ? '1.0' : '2.0';
    cols.adContent[i] = (t.ads === 'search' ? SEARCH_AD_CONTENT : DISPLAY_AD_CONTENT).pick(rng());
    cols.gclId[i] = '1';
  } else cols.gclId[i] = '0';
  cols.deviceType[i] = d.deviceType;
  cols.isMobile[i] = d.isMobile;
  cols.os[i] = d.os;
  cols.browser[i] = d.browser;
  cols.country[i] = g.name;
  cols.continent[i] = g.continent;
  cols.subContinent[i] = g.subContinent;
  const [c, m, r] = rng() < CITY_BLANKED ? [NOT_AVAILABLE, NOT_AVAILABLE, NOT_AVAILABLE] : g.cities.pick(rng());
  cols.city[i] = c;
  cols.metro[i] = m;
  cols.region[i] = r;
  cols.domain[i] = `domain${1 + Math.floor(rng() * 3)}`;
  cols.geoCluster[i] = `Region_${1 + Math.floor(rng() * 5)}`;
  cols.sessionStart[i] = String(start);
  // GA's visitId is usually the start time, sometimes a few minutes earlier (3 of 232 real rows).
  cols.sessionId[i] = String(rng() < 0.013 ? start - 1 - Math.floor(rng() * 420) : start);
  cols.date[i] = local.date;
  cols.userId[i] = userId();
  cols.sessionNumber[i] = String(s.sessionNumber);
  cols.newVisits[i] = s.sessionNumber === 1 ? '1.0' : '';
  return local;
}

/** Fill the outcome cells (counts, bounce, target) of row `i`. */
export function writeOutcomeCells(cols: SessionColumns, i: number, out: Outcome): void {
  cols.purchaseValue[i] = String(out.amount);
  cols.pageViews[i] = `${out.pageViews}.0`;
  cols.hits[i] = String(out.pageViews + out.events);
  cols.bounces[i] = out.pageViews === 1 ? '1.0' : '';
}
