import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { FeatureConfig } from '../../src/config/types.ts';
import { isUserError } from '../../src/errors.ts';
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

const badConfigs: [string, Partial<FeatureConfig>, RegExp][] = [
  ['numeric and categorical', { numeric: ['a'], categorical: [{ column: 'a', encoding: 'onehot' }] }, /"a" is listed more than once \(under `features\.numeric` and `features\.categorical`\)/],
  ['numeric twice', { numeric: ['a', 'a'] }, /"a" is listed more than once/],
  ['same encoding twice', { categorical: [{ column: 'c', encoding: 'onehot' }, { column: 'c', encoding: 'onehot' }] }, /"c" is listed more than once/],
  ['boolean and datetime', { boolean: ['t'], datetime: { column: 't', timezone: 'UTC', cyclical: true } }, /"t" is listed more than once.*as boolean and as datetime/],
];
for (const [name, overrides, re] of badConfigs) {
  test(`specs: a column listed as ${name} is a CONFIG_INVALID UserError`, () => {
    assert.throws(() => columnSpecsFor(featureConfig(overrides)), (e: unknown) => isUserError(e) && e.code === 'CONFIG_INVALID' && re.test(e.message));
  });
}

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
