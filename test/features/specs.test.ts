import assert from 'node:assert/strict';
import { test } from 'node:test';
import { columnSpecsFor, effectiveConfig } from '../../src/features/specs.ts';
import { featureConfig, sessionConfig } from './fixtures.ts';

test('specs: columnSpecsFor lists each used column once, with its kind', () => {
  assert.deepEqual(columnSpecsFor(sessionConfig()), [
    { name: 'visitNumber', kind: 'numeric' }, { name: 'pageViews', kind: 'numeric' }, { name: 'timeOnSite', kind: 'numeric' },
    { name: 'totalHits', kind: 'numeric' }, { name: 'bounces', kind: 'boolean' }, { name: 'isMobile', kind: 'boolean' },
    { name: 'channelGrouping', kind: 'categorical' }, { name: 'deviceType', kind: 'categorical' }, { name: 'browser', kind: 'categorical' },
    { name: 'sessionStart', kind: 'datetime' },
  ]);
});

test('specs: with dropSessionEnd, columnSpecsFor excludes exactly the session-end columns (datetime included)', () => {
  const config = sessionConfig({ dropSessionEnd: true, sessionEnd: ['pageViews', 'timeOnSite', 'totalHits', 'bounces', 'sessionStart'] });
  const kept = columnSpecsFor(sessionConfig()).map((s) => s.name).filter((c) => !config.sessionEnd.includes(c));
  assert.deepEqual(columnSpecsFor(config).map((s) => s.name), kept);
});

// Each column is listed once, under one kind: the config boundary refuses anything else
// (test/config/checks.test.ts), so this only decides what history adds.
test('specs: history columns are loaded once; one a feature already lists keeps its feature kind', () => {
  const history = { groupBy: 'userId', time: 'sessionStart', counts: ['pageViews', 'totalHits', 'pageViews'], amount: 'purchaseValue', aggregates: true, steps: 0 };
  const specs = columnSpecsFor(featureConfig({ numeric: ['pageViews'], datetime: { column: 'sessionStart', timezone: 'UTC', cyclical: true }, history }));
  assert.deepEqual(specs, [
    { name: 'pageViews', kind: 'numeric' }, { name: 'sessionStart', kind: 'datetime' },
    { name: 'userId', kind: 'categorical' }, { name: 'totalHits', kind: 'numeric' }, { name: 'purchaseValue', kind: 'numeric' },
  ]);
});

test('specs: effectiveConfig is the identity without dropSessionEnd and strips every list with it', () => {
  const keep = sessionConfig({ sessionEnd: ['pageViews', 'bounces', 'browser', 'sessionStart'] });
  assert.equal(effectiveConfig(keep), keep);
  const eff = effectiveConfig({ ...keep, dropSessionEnd: true });
  assert.deepEqual(eff.numeric, ['visitNumber', 'timeOnSite', 'totalHits']);
  assert.deepEqual(eff.log1p, ['timeOnSite', 'totalHits']);
  assert.deepEqual(eff.boolean, ['isMobile']);
  assert.deepEqual(eff.categorical.map((f) => f.column), ['channelGrouping', 'deviceType']);
  assert.equal(eff.datetime, null);
});
