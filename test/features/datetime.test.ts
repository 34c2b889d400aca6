import assert from 'node:assert/strict';
import { test } from 'node:test';
import { datetimeFeatureNames, datetimeWriter, fitDatetime, type DatetimeState } from '../../src/features/datetime.ts';
import { deriveSeed, makeRng } from '../../src/seeds.ts';
import { assertClose } from './assert.ts';
import { dataset, dt, featureConfig, writeColumns } from './fixtures.ts';
import type { Dataset } from '../../src/data/types.ts';

/** The live path: the step's RowWriter, as the pipeline runs it. */
const encode = (state: DatetimeState, d: Dataset, rows: ArrayLike<number>) => writeColumns(datetimeWriter(state, d), rows, datetimeFeatureNames(state).length);

const utc = (y: number, mo: number, d: number, h: number, mi = 0, s = 0) => Date.UTC(y, mo - 1, d, h, mi, s) / 1000;

// [unix seconds, zone, local hour, weekday (Mon 0 .. Sun 6), why]
const table: [number, string, number, number, string][] = [
  [utc(2017, 6, 5, 14, 30), 'UTC', 14, 0, 'a Monday afternoon'],
  [utc(2017, 6, 11, 23, 59, 59), 'UTC', 23, 6, 'last second of a Sunday'],
  [utc(2017, 6, 12, 0, 0), 'UTC', 0, 0, 'first second of a Monday'],
  [utc(1969, 12, 31, 23, 0), 'UTC', 23, 2, 'before the epoch (a Wednesday)'],
  [utc(2017, 6, 6, 3, 0), 'America/Los_Angeles', 20, 0, 'Tuesday 03:00 UTC is Monday 20:00 PDT'],
  [utc(2017, 1, 10, 3, 0), 'America/Los_Angeles', 19, 0, 'Tuesday 03:00 UTC is Monday 19:00 PST'],
  [utc(2017, 3, 12, 9, 59, 59), 'America/Los_Angeles', 1, 6, 'DST start: 01:59:59 PST'],
  [utc(2017, 3, 12, 10, 0, 0), 'America/Los_Angeles', 3, 6, 'DST start: clocks jump to 03:00 PDT'],
  [utc(2017, 11, 5, 8, 30), 'America/Los_Angeles', 1, 6, 'DST end: first 01:30 (PDT)'],
  [utc(2017, 11, 5, 9, 30), 'America/Los_Angeles', 1, 6, 'DST end: second 01:30 (PST)'],
  [utc(2017, 11, 5, 10, 0), 'America/Los_Angeles', 2, 6, 'DST end: 02:00 PST'],
  [utc(2017, 6, 5, 18, 20), 'Asia/Kathmandu', 0, 1, '+05:45: 18:20 UTC is 00:05 next day'],
  [utc(2017, 6, 5, 18, 10), 'Asia/Kathmandu', 23, 0, '+05:45: 18:10 UTC is 23:55'],
];

for (const [t, zone, hour, weekday, why] of table) {
  test(`datetime: ${zone} ${new Date(t * 1000).toISOString()} → hour ${hour}, weekday ${weekday} (${why})`, () => {
    const data = dataset({ ts: dt(t) });
    for (const cyclical of [false, true]) {
      const state = fitDatetime(featureConfig({ datetime: { column: 'ts', timezone: zone, cyclical } }), data, [0]);
      const out = encode(state, data, [0]).map((c) => c[0]);
      const expected = cyclical
        ? [Math.sin((2 * Math.PI * hour) / 24), Math.cos((2 * Math.PI * hour) / 24), Math.sin((2 * Math.PI * weekday) / 7), Math.cos((2 * Math.PI * weekday) / 7)]
        : [hour / 23, weekday / 6];
      assertClose(out, expected, `cyclical=${cyclical}`);
    }
  });
}

/** The reference: ask Intl about each timestamp, no offset caching. */
const referenceFormats = new Map<string, Intl.DateTimeFormat>();
function intlHourAndWeekday(t: number, zone: string): { hour: number; weekday: number } {
  if (!referenceFormats.has(zone)) referenceFormats.set(zone, new Intl.DateTimeFormat('en-US', { timeZone: zone, hourCycle: 'h23', hour: 'numeric', weekday: 'short' }));
  const parts = referenceFormats.get(zone)!.formatToParts(t * 1000);
  const get = (type: string) => parts.find((p) => p.type === type)!.value;
  return { hour: Number(get('hour')), weekday: ['Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat', 'Sun'].indexOf(get('weekday')) };
}

test('datetime: the per-hour offset cache agrees with Intl on seeded timestamps and minute by minute around 2017 transitions', () => {
  const rng = makeRng(deriveSeed(5, 'datetime', 'property'));
  const zones = ['America/Los_Angeles', 'Europe/London', 'Asia/Kathmandu', 'Australia/Lord_Howe', 'America/St_Johns', 'Pacific/Chatham', 'UTC'];
  const ts: number[] = [];
  for (let i = 0; i < 300; i++) ts.push(Math.floor(631152000 + rng() * 1262304000) + rng()); // 1990..2030, fractional seconds too
  // Minute by minute through transition hours: LA (on the UTC hour), Lord Howe (30-min shift, one at 15:30 UTC)
  // and St John's (05:30 / 04:30 UTC: an hour whose two halves have different offsets AND different local hours).
  const transitions = [utc(2017, 3, 12, 8), utc(2017, 11, 5, 7), utc(2017, 4, 1, 14), utc(2017, 9, 30, 14), utc(2017, 3, 12, 4), utc(2017, 11, 5, 3)];
  for (const start of transitions) {
    for (let m = 0; m < 240; m++) ts.push(start + m * 60 + (m % 2) * 59);
  }
  const data = dataset({ ts: dt(...ts) });
  const rows = ts.map((_, i) => i);
  for (const zone of zones) {
    const state = fitDatetime(featureConfig({ datetime: { column: 'ts', timezone: zone, cyclical: false } }), data, rows);
    const [hours, weekdays] = encode(state, data, rows); // hour / 23 and weekday / 6
    ts.forEach((t, i) => {
      const ours = { hour: Math.round(hours[i] * 23), weekday: Math.round(weekdays[i] * 6) };
      assert.deepEqual(ours, intlHourAndWeekday(Math.floor(t), zone), `${zone} ${t}`);
    });
  }
});

test('datetime: missing and out-of-range timestamps → all zeros; names follow the mode', () => {
  const data = dataset({ ts: dt(null, 1e15, -1e15, utc(2017, 6, 5, 6)) });
  const cyc = fitDatetime(featureConfig({ datetime: { column: 'ts', timezone: 'UTC', cyclical: true } }), data, [0]);
  assert.deepEqual(datetimeFeatureNames(cyc), ['ts:hour_sin', 'ts:hour_cos', 'ts:weekday_sin', 'ts:weekday_cos']);
  const cols = encode(cyc, data, [0, 1, 2, 3]);
  for (const c of cols) assert.deepEqual([...c.subarray(0, 3)], [0, 0, 0]);
  assertClose(cols.map((c) => c[3]), [1, Math.cos(Math.PI / 2), 0, 1], '06:00 Monday');
  const flat = fitDatetime(featureConfig({ datetime: { column: 'ts', timezone: 'UTC', cyclical: false } }), data, [0]);
  assert.deepEqual(datetimeFeatureNames(flat), ['ts:hour', 'ts:weekday']);
});

test('datetime: state round-trips through JSON', () => {
  const data = dataset({ ts: dt(utc(2017, 3, 12, 10), null) });
  const state = fitDatetime(featureConfig({ datetime: { column: 'ts', timezone: 'America/Los_Angeles', cyclical: true } }), data, [0]);
  const back = JSON.parse(JSON.stringify(state));
  assert.deepEqual(back, state);
  assert.deepEqual(encode(back, data, [0, 1]), encode(state, data, [0, 1]));
});
