import { test } from 'node:test';
import assert from 'node:assert/strict';
import { makeRng } from '../../src/seeds.ts';
import { fromLosAngeles, losAngelesTime } from '../../src/data/synthetic-time.ts';

let intl: Intl.DateTimeFormat | null = null;
try {
  intl = new Intl.DateTimeFormat('en-CA', { timeZone: 'America/Los_Angeles', year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', hourCycle: 'h23' });
} catch {
  intl = null;
}

test('Los Angeles date and hour agree with Intl (DST included) for 2015-2019', { skip: intl ? false : 'this Node build has no time-zone data (small-icu) — Intl comparison not run' }, () => {
  const rng = makeRng(11);
  const from = Date.UTC(2015, 0, 1) / 1000;
  const span = Date.UTC(2020, 0, 1) / 1000 - from;
  const instants = Array.from({ length: 3000 }, () => from + Math.floor(rng() * span));
  // The DST switch instants themselves and one second either side.
  for (const t of [Date.UTC(2017, 2, 12, 10), Date.UTC(2017, 10, 5, 9), Date.UTC(2016, 2, 13, 10), Date.UTC(2018, 10, 4, 9)]) {
    instants.push(t / 1000 - 1, t / 1000, t / 1000 + 1);
  }
  for (const t of instants) {
    const parts = Object.fromEntries(intl!.formatToParts(new Date(t * 1000)).map((p) => [p.type, p.value]));
    const local = losAngelesTime(t);
    assert.equal(local.date, `${parts.year}${parts.month}${parts.day}`, `date at ${t}`);
    assert.equal(local.hour, Number(parts.hour), `hour at ${t}`);
  }
});

test('fromLosAngeles inverts losAngelesTime away from the DST switch hour', () => {
  const day = Date.UTC(2017, 6, 4) / 86400000;
  const t = fromLosAngeles(day, 13 * 3600 + 5);
  assert.deepEqual(losAngelesTime(t), { date: '20170704', hour: 13 });
  assert.equal(t, Date.UTC(2017, 6, 4, 20, 0, 5) / 1000);
  const winter = fromLosAngeles(Date.UTC(2017, 0, 15) / 86400000, 23 * 3600);
  assert.deepEqual(losAngelesTime(winter), { date: '20170115', hour: 23 });
});
