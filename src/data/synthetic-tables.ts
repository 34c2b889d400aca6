/**
 * Category tables for the synthetic Engage2Value sessions: values, co-occurrences and rough
 * frequencies modelled on the 232 real rows of engage2value-test-head.csv and on the channel mix
 * of ga-sessions.csv (Organic 52%, Referral 19%, Direct 17%, Social 7%, Paid 3%...). Values that
 * occur together in the real data occur together here (a cpc session carries adwords fields, a
 * mobile device has isMobile True, a country its continent), so feature pipelines meet the same
 * shapes as on the real file. The outcome model (synthetic-process.ts) reads only observed
 * columns from these rows.
 */

/** Cumulative-weight sampler: `pick(u)` maps a uniform u ∈ [0, 1) to an item. */
export interface Weighted<T> {
  items: readonly T[];
  pick(u: number): T;
}

export function weighted<T>(pairs: readonly (readonly [T, number])[]): Weighted<T> {
  const items = pairs.map((p) => p[0]);
  const total = pairs.reduce((s, p) => s + p[1], 0);
  const cumulative = new Float64Array(pairs.length);
  let acc = 0;
  pairs.forEach((p, i) => (cumulative[i] = acc += p[1] / total));
  return {
    items,
    pick(u) {
      let lo = 0;
      let hi = cumulative.length - 1;
      while (lo < hi) {
        const mid = (lo + hi) >> 1;
        if (u < cumulative[mid]) hi = mid;
        else lo = mid + 1;
      }
      return items[lo];
    },
  };
}

/** How a session arrived. `ads` marks the paid rows that carry the adwords click fields. */
export interface TrafficProfile {
  channel: string;
  medium: string;
  source: string;
  /** Share of these sessions with trafficSource.isTrueDirect = True (else empty). */
  trueDirect: number;
  keywords: Weighted<string>;
  referralPaths: Weighted<string>;
  campaign: Weighted<string>;
  ads: 'search' | 'display' | null;
}

const one = (v: string) => weighted([[v, 1]]);
const YT_PATHS = weighted<string>([
  ['/yt/about/', 20], ['/yt/about/ru/', 6], ['/yt/about/pt-BR/', 6], ['/yt/about/th/', 3], ['/yt/about/es-419/', 3],
  ['/yt/about/es/', 2], ['/yt/about/tr/', 2], ['/yt/about/de/', 2], ['/yt/about/sk/', 1], ['/yt/about/ro/', 1],
  ['/yt/about/copyright/', 1], ['/intl/el/yt/about/', 1], ['/intl/es-419/yt/about/', 1], ['/yt/advertise/', 1],
  ['/yt/advertise/talk-to-us/', 1], ['/intl/de/yt/about/brand-resources/', 1], ['/mobile', 1], ['/', 1],
]);
const PAID_KEYWORDS = weighted<string>([
  ['(automatic matching)', 4], ['google merch', 2], ['+google +store', 2], ['google store merchandise', 1],
  ['YouTube Merchandise', 1], ['1hZbAqLCbjwfgOH7', 1], ['6qEhsCssdK0z36ri', 1],
]);
const SEARCH_CAMPAIGNS = weighted<string>([['AW - Accessories', 4], ['AW - Dynamic Search Ads Whole Site', 2], ['(not set)', 2]]);
const DISPLAY_CAMPAIGNS = weighted<string>([
  ['1000557 | GA | US | en | Hybrid | GDN Remarketing', 2], ['Smart Display Campaign', 2],
  ['1000557 | GA | US | en | Hybrid | GDN Text+Banner | AS', 1],
]);
const NOT_SET = one('(not set)');
const EMPTY = one('');

function traffic(channel: string, medium: string, source: string, trueDirect: number, extra: Partial<TrafficProfile> = {}): TrafficProfile {
  return { channel, medium, source, trueDirect, keywords: EMPTY, referralPaths: EMPTY, campaign: NOT_SET, ads: null, ...extra };
}

/** Weights are percent of sessions. */
export const TRAFFIC = weighted<TrafficProfile>([
  [traffic('Organic Search', 'organic', 'google', 0.2, { keywords: weighted([['(not provided)', 97], ['', 3]]) }), 40],
  [traffic('Organic Search', 'organic', 'yahoo', 0.1, { keywords: one('(not provided)') }), 0.6],
  [traffic('Organic Search', 'organic', 'bing', 0.1, { keywords: one('(not provided)') }), 0.6],
  [traffic('Organic Search', '(none)', '(direct)', 0.1), 6],
  [traffic('Referral', 'referral', 'mall.googleplex.com', 0.45, { referralPaths: one('/') }), 6.5],
  [traffic('Referral', 'referral', 'analytics.google.com', 0.2, { referralPaths: weighted([['/analytics/web/', 1], ['/analytics/app/', 1]]) }), 1.2],
  [traffic('Referral', 'referral', 'google.com', 0.2, { referralPaths: weighted([['/permissions/using-the-logo.html', 1], ['/', 1]]) }), 0.6],
  [traffic('Referral', 'referral', 'google.de', 0.1, { referralPaths: one('/intl/de/permissions/using-the-logo.html') }), 0.3],
  [traffic('Referral', 'referral', 'docs.google.com', 0.5, { referralPaths: one('/') }), 0.4],
  [traffic('Referral', '(none)', '(direct)', 0.55), 9],
  [traffic('Direct', '(none)', '(direct)', 1.0), 17],
  [traffic('Social', 'referral', 'youtube.com', 0.02, { referralPaths: YT_PATHS }), 9.5],
  [traffic('Social', 'referral', 'reddit.com', 0.05, { referralPaths: one('/r/golang/comments/4zk0qy/in_serious_need_of_some_gopher_golang_swag/') }), 0.6],
  [traffic('Social', 'referral', 'groups.google.com', 0.4, { referralPaths: one('/a/google.com/forum/') }), 0.6],
  [traffic('Social', 'referral', 'm.facebook.com', 0.05, { referralPaths: one('/') }), 0.4],
  [traffic('Paid Search', 'cpc', 'google', 0.15, { keywords: PAID_KEYWORDS, campaign: SEARCH_CAMPAIGNS, ads: 'search' }), 3.2],
  [traffic('Paid Search', '(none)', '(direct)', 0.1), 0.6],
  [traffic('Display', 'cpc', 'google', 0.2, { keywords: weighted([['(automatic matching)', 3], ['(User vertical targeting)', 1]]), campaign: DISPLAY_CAMPAIGNS, ads: 'display' }), 1.4],
  [traffic('Display', 'cpm', 'dfa', 0.5), 0.3],
  [traffic('Affiliates', 'affiliate', 'Partners', 0.05, { campaign: one('Data Share Promo') }), 1.2],
  [traffic('(Other)', '(none)', '(direct)', 0.1), 0.05],
]);

export const SEARCH_AD_CONTENT = weighted<string>([['', 4], ['Google Merchandise Collection', 3], ['Google Online Store', 1]]);
export const DISPLAY_AD_CONTENT = weighted<string>([['Google Merchandise Store', 2], ['Smart display ad - 8/17/2017', 2]]);

export interface DeviceProfile {
  deviceType: 'desktop' | 'mobile' | 'tablet';
  isMobile: 'True' | 'False';
  os: string;
  browser: string;
}

const device = (deviceType: DeviceProfile['deviceType'], os: string, browser: string): DeviceProfile => ({
  deviceType,
  isMobile: deviceType === 'desktop' ? 'False' : 'True',
  os,
  browser,
});

export const DEVICES = weighted<DeviceProfile>([
  [device('desktop', 'Windows', 'Chrome'), 31], [device('desktop', 'Windows', 'Firefox'), 2.2], [device('desktop', 'Windows', 'Edge'), 1.3],
  [device('desktop', 'Windows', 'Internet Explorer'), 0.9], [device('desktop', 'Macintosh', 'Chrome'), 25], [device('desktop', 'Macintosh', 'Safari'), 8.2],
  [device('desktop', 'Macintosh', 'Firefox'), 0.9], [device('desktop', 'Chrome OS', 'Chrome'), 3.9], [device('desktop', 'Linux', 'Chrome'), 3.0],
  [device('mobile', 'Android', 'Chrome'), 10], [device('mobile', 'Android', 'Android Webview'), 2.2], [device('mobile', 'Android', 'Samsung Internet'), 0.9],
  [device('mobile', 'Android', 'Opera'), 0.5], [device('mobile', 'iOS', 'Safari'), 6.4], [device('mobile', 'iOS', 'Chrome'), 0.6],
  [device('mobile', 'Windows', 'Edge'), 0.4], [device('tablet', 'Android', 'Chrome'), 1.7], [device('tablet', 'iOS', 'Safari'), 1.7],
]);

export interface Country {
  name: string;
  continent: string;
  subContinent: string;
  /** [city, metro, region] triples seen for this country; empty → "(not set)". */
  cities: Weighted<readonly [string, string, string]>;
}

const NS = '(not set)';
type City = readonly [string, string, string];
const US_CITIES: [City, number][] = [
  [['New York', 'New York NY', 'New York'], 12], [['San Francisco', 'San Francisco-Oakland-San Jose CA', 'California'], 11],
  [['Mountain View', 'San Francisco-Oakland-San Jose CA', 'California'], 10], [['Los Angeles', 'Los Angeles CA', 'California'], 5],
  [['Sunnyvale', 'San Francisco-Oakland-San Jose CA', 'California'], 4], [['Palo Alto', 'San Francisco-Oakland-San Jose CA', 'California'], 3],
  [['Chicago', 'Chicago IL', 'Illinois'], 3], [['Seattle', 'Seattle-Tacoma WA', 'Washington'], 2], [['Austin', 'Austin TX', 'Texas'], 2],
  [['Atlanta', 'Atlanta GA', 'Georgia'], 2], [['Cambridge', 'Boston MA-Manchester NH', 'Massachusetts'], 2],
  [['San Jose', 'San Francisco-Oakland-San Jose CA', 'California'], 1], [['Irvine', 'Los Angeles CA', 'California'], 1],
  [['Philadelphia', 'Philadelphia PA', 'Pennsylvania'], 1], [['Dallas', 'Dallas-Ft. Worth TX', 'Texas'], 1],
  [['Kirkland', 'Seattle-Tacoma WA', 'Washington'], 1], [['Redmond', 'Seattle-Tacoma WA', 'Washington'], 1],
  [['Miami', 'Miami-Ft. Lauderdale FL', 'Florida'], 1], [['Ann Arbor', 'Detroit MI', 'Michigan'], 1],
  [['Charlotte', 'Charlotte NC', 'North Carolina'], 1], [['Boulder', 'Denver CO', 'Colorado'], 1],
  [['(not set)', '(not set)', 'Nevada'], 1], [[NS, NS, NS], 1],
];
const CITIES: Record<string, [City, number][]> = {
  'United States': US_CITIES,
  India: [[['Chennai', NS, 'Tamil Nadu'], 2], [['Mumbai', NS, 'Maharashtra'], 1], [['Bengaluru', NS, 'Karnataka'], 1],
    [['Navi Mumbai', NS, 'Maharashtra'], 1], [['Hyderabad', NS, 'Telangana'], 1], [[NS, NS, 'Delhi'], 1]],
  Canada: [[['Montreal', NS, 'Quebec'], 1], [['Vancouver', NS, 'British Columbia'], 1]],
  'United Kingdom': [[['London', 'London', 'England'], 1]],
  France: [[['Paris', NS, 'Ile-de-France'], 1]],
  Netherlands: [[['Amsterdam', NS, 'North Holland'], 1]],
  Russia: [[['Moscow', NS, 'Moscow'], 1]],
  Thailand: [[['Bangkok', NS, 'Bangkok'], 1]],
  'Hong Kong': [[['Hong Kong', NS, NS], 1]],
  Mexico: [[['Mexico City', NS, 'Mexico City'], 1]],
  Australia: [[['Melbourne', NS, 'Victoria'], 1], [['Brisbane', NS, 'Queensland'], 1]],
  Israel: [[['Tel Aviv-Yafo', NS, 'Tel Aviv District'], 1]],
  Philippines: [[['Quezon City', NS, 'Metro Manila'], 1]],
  Brazil: [[['Rio de Janeiro', NS, 'State of Rio de Janeiro'], 1]],
  Germany: [[['Hamburg', NS, 'Hamburg'], 1]],
  Greece: [[['Athens', NS, 'Attica'], 1]],
  Venezuela: [[['Maracaibo', NS, 'Zulia'], 1]],
  Peru: [[['La Victoria', NS, 'Lima Region'], 1], [[NS, NS, NS], 1]],
};

// [name, continent, subContinent, weight (% of sessions)]
const COUNTRY_ROWS: [string, string, string, number][] = [
  ['United States', 'Americas', 'Northern America', 45], ['India', 'Asia', 'Southern Asia', 5], ['Brazil', 'Americas', 'South America', 3],
  ['Canada', 'Americas', 'Northern America', 3], ['Russia', 'Europe', 'Eastern Europe', 2.5], ['Germany', 'Europe', 'Western Europe', 2.5],
  ['United Kingdom', 'Europe', 'Northern Europe', 3], ['France', 'Europe', 'Western Europe', 1.8], ['Thailand', 'Asia', 'Southeast Asia', 1.6],
  ['Philippines', 'Asia', 'Southeast Asia', 1.6], ['Mexico', 'Americas', 'Central America', 1.6], ['Japan', 'Asia', 'Eastern Asia', 1.8],
  ['Israel', 'Asia', 'Western Asia', 1.2], ['Netherlands', 'Europe', 'Western Europe', 1.3], ['Greece', 'Europe', 'Southern Europe', 1],
  ['Australia', 'Oceania', 'Australasia', 1.3], ['Peru', 'Americas', 'South America', 1], ['Ukraine', 'Europe', 'Eastern Europe', 1],
  ['Switzerland', 'Europe', 'Western Europe', 0.8], ['Slovakia', 'Europe', 'Eastern Europe', 0.6], ['Turkey', 'Asia', 'Western Asia', 1.2],
  ['Italy', 'Europe', 'Southern Europe', 1.2], ['Spain', 'Europe', 'Southern Europe', 1.2], ['Hong Kong', 'Asia', 'Eastern Asia', 0.8],
  ['Czechia', 'Europe', 'Eastern Europe', 0.7], ['Malaysia', 'Asia', 'Southeast Asia', 0.8], ['Taiwan', 'Asia', 'Eastern Asia', 1],
  ['Singapore', 'Asia', 'Southeast Asia', 0.6], ['Poland', 'Europe', 'Eastern Europe', 0.8], ['Argentina', 'Americas', 'South America', 0.6],
  ['Venezuela', 'Americas', 'South America', 0.4], ['Ireland', 'Europe', 'Northern Europe', 0.5], ['Sweden', 'Europe', 'Northern Europe', 0.6],
  ['Denmark', 'Europe', 'Northern Europe', 0.4], ['Belgium', 'Europe', 'Western Europe', 0.5], ['Romania', 'Europe', 'Eastern Europe', 0.5],
  ['Bulgaria', 'Europe', 'Eastern Europe', 0.4], ['Lithuania', 'Europe', 'Northern Europe', 0.3], ['Belarus', 'Europe', 'Eastern Europe', 0.3],
  ['Pakistan', 'Asia', 'Southern Asia', 0.6], ['Iraq', 'Asia', 'Western Asia', 0.3], ['Jordan', 'Asia', 'Western Asia', 0.3],
  ['Kuwait', 'Asia', 'Western Asia', 0.3], ['United Arab Emirates', 'Asia', 'Western Asia', 0.5], ['Azerbaijan', 'Asia', 'Western Asia', 0.3],
  ['Puerto Rico', 'Americas', 'Caribbean', 0.3], ['El Salvador', 'Americas', 'Central America', 0.3], ['Uganda', 'Africa', 'Eastern Africa', 0.3],
  ['Nigeria', 'Africa', 'Western Africa', 0.4], ['Egypt', 'Africa', 'Northern Africa', 0.4],
];

export const COUNTRIES = weighted<Country>(
  COUNTRY_ROWS.map(([name, continent, subContinent, w]) => [
    { name, continent, subContinent, cities: weighted(CITIES[name] ?? [[[NS, NS, NS], 1]]) },
    w,
  ]),
);

/** Share of sessions whose city/metro/region GA blanked ("not available in demo dataset"), as in the real file. */
export const CITY_BLANKED = 0.55;

/**
 * Session start hour of day in Los Angeles time (the store's GA view reports in that zone): busy
 * from morning to mid-afternoon, quiet at night, a smoothed version of the real rows' histogram.
 */
export const HOURS = weighted<number>(
  [5, 5, 6, 7, 9, 9, 10, 11, 12, 12, 13, 14, 14, 14, 14, 13, 12, 11, 10, 9, 8, 7, 6, 6].map((w, hour) => [hour, w] as const),
);
