/**
 * The Engage2Value training schema: the competition's train_data.csv has exactly these 52 columns,
 * in this order (the 51 of the public test file, then `purchaseValue`). The synthetic generator
 * writes this schema and the loaders type it with the cell parsers in `cells.ts`.
 *
 * Missing values. GA writes "(not set)" and "(none)" as genuine category values: medium "(none)"
 * is direct traffic and campaign "(not set)" is "no campaign", so a model must be able to learn
 * from them. For categorical columns only the empty cell and "not available in demo dataset"
 * (a field Google blanked in the public export) are missing. In numeric, boolean and datetime
 * columns no category can be meant, so every placeholder GA or pandas writes is missing: empty,
 * "not available in demo dataset", "(not set)", "(none)", "NaN", "nan", "null", "NA".
 */

export const E2V_TARGET = 'purchaseValue';

/** The 51 columns of the competition's test file, in file order. */
export const E2V_TEST_COLUMNS: readonly string[] = Object.freeze([
  'userChannel', 'date', 'browser', 'device.browserSize', 'device.browserVersion', 'deviceType',
  'device.flashVersion', 'device.isMobile', 'device.language', 'device.mobileDeviceBranding',
  'device.mobileDeviceMarketingName', 'device.mobileDeviceModel', 'device.mobileInputSelector', 'os',
  'device.operatingSystemVersion', 'device.screenColors', 'device.screenResolution', 'geoNetwork.city',
  'geoNetwork.continent', 'locationCountry', 'geoNetwork.metro', 'geoNetwork.networkDomain',
  'geoNetwork.networkLocation', 'geoNetwork.region', 'geoNetwork.subContinent', 'socialEngagementType',
  'totals.bounces', 'totalHits', 'new_visits', 'pageViews', 'totals.visits', 'trafficSource.adContent',
  'trafficSource.adwordsClickInfo.adNetworkType', 'trafficSource.adwordsClickInfo.isVideoAd',
  'trafficSource.adwordsClickInfo.page', 'trafficSource.adwordsClickInfo.slot', 'trafficSource.campaign',
  'trafficSource.isTrueDirect', 'trafficSource.keyword', 'trafficSource.medium',
  'trafficSource.referralPath', 'trafficSource', 'sessionId', 'sessionNumber', 'sessionStart', 'userId',
  'locationZone', 'geoCluster', 'browserMajor', 'screenSize', 'gclIdPresent',
]);

/** The 52 columns of the competition's train_data.csv: the test columns plus the target. */
export const E2V_TRAIN_COLUMNS: readonly string[] = Object.freeze([...E2V_TEST_COLUMNS, E2V_TARGET]);

/** Tokens that mean "missing" in a categorical column. */
export const CATEGORICAL_MISSING: ReadonlySet<string> = new Set(['', 'not available in demo dataset']);

/** Tokens that mean "missing" in a numeric, boolean or datetime column (compared after trimming). */
export const NUMERIC_MISSING: ReadonlySet<string> = new Set([
  '', 'not available in demo dataset', '(not set)', '(none)', 'NaN', 'nan', 'null', 'NA',
]);

export const NOT_AVAILABLE = 'not available in demo dataset';

/**
 * Columns whose every cell is the same in the public data. Thirteen are blanked by Google
 * ("not available in demo dataset"); four more carry one value. They carry no signal.
 */
export const E2V_CONSTANT_COLUMNS: Readonly<Record<string, string>> = Object.freeze({
  'device.browserSize': NOT_AVAILABLE,
  'device.browserVersion': NOT_AVAILABLE,
  'device.flashVersion': NOT_AVAILABLE,
  'device.language': NOT_AVAILABLE,
  'device.mobileDeviceBranding': NOT_AVAILABLE,
  'device.mobileDeviceMarketingName': NOT_AVAILABLE,
  'device.mobileDeviceModel': NOT_AVAILABLE,
  'device.mobileInputSelector': NOT_AVAILABLE,
  'device.operatingSystemVersion': NOT_AVAILABLE,
  'device.screenColors': NOT_AVAILABLE,
  'device.screenResolution': NOT_AVAILABLE,
  'geoNetwork.networkLocation': NOT_AVAILABLE,
  browserMajor: NOT_AVAILABLE,
  socialEngagementType: 'Not Socially Engaged',
  'totals.visits': '1',
  locationZone: '8',
  screenSize: 'medium',
});
