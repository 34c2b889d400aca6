/**
 * The type of each Engage2Value column, for loading the schema in tests. Identifiers
 * (`sessionId`, `userId`) are categorical: their numeric order means nothing.
 */
import type { ColumnKind } from '../../src/data/types.ts';
import { E2V_TARGET, E2V_TRAIN_COLUMNS } from '../../src/data/engage2value.ts';

export const E2V_KINDS: Readonly<Record<string, ColumnKind>> = Object.freeze(
  Object.fromEntries(
    E2V_TRAIN_COLUMNS.map((name): [string, ColumnKind] => {
      if (name === 'date' || name === 'sessionStart') return [name, 'datetime'];
      if (['device.isMobile', 'trafficSource.adwordsClickInfo.isVideoAd', 'trafficSource.isTrueDirect', 'gclIdPresent'].includes(name)) {
        return [name, 'boolean'];
      }
      if (['totals.bounces', 'totalHits', 'new_visits', 'pageViews', 'totals.visits', 'trafficSource.adwordsClickInfo.page',
        'sessionNumber', E2V_TARGET].includes(name)) {
        return [name, 'numeric'];
      }
      return [name, 'categorical'];
    }),
  ),
);
