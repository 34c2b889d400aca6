/**
 * Datetime (unix seconds) → hour of day and day of week in an IANA time zone.
 * cyclical: sin/cos of 2π·hour/24 and of 2π·weekday/7 (4 features), so 23:00 sits next to 00:00;
 * otherwise hour/23 and weekday/6 in [0, 1] (2 features). Weekday counts Monday = 0 .. Sunday = 6
 * (pandas' `dayofweek`). Missing, or outside what a JS Date can hold, → all features 0.
 *
 * Speed: Intl formatting costs microseconds per call, too slow for 100k+ rows, so we cache the
 * zone's UTC offset per UTC hour. An hour whose first and last second share an offset has one
 * offset throughout (zones change offset at most once an hour); an hour that straddles a DST
 * change is resolved per timestamp. The result is exactly what Intl would say for every row.
 */
import type { FeatureConfig } from './config.ts';
import type { Dataset } from '../data/types.ts';
import { columnOf, type RowWriter } from './column.ts';

export interface DatetimeState {
  step: 'datetime';
  column: string;
  timezone: string;
  cyclical: boolean;
}

const KEY = 'features.datetime.column';
const MAX_SECONDS = 8.64e12; // the range of a JS Date, in seconds
const MIXED = Number.NaN; // marks a cached hour that contains an offset change

interface Zone {
  fmt: Intl.DateTimeFormat;
  /** UTC hour index → offset in seconds (or MIXED). */
  offsets: Map<number, number>;
}
const zones = new Map<string, Zone>();

function zoneFor(timezone: string): Zone {
  let z = zones.get(timezone);
  if (z) return z;
  // The config boundary accepted the zone with this same Intl (config/schema.ts isTimeZone).
  const fmt = new Intl.DateTimeFormat('en-US', {
    timeZone: timezone, hourCycle: 'h23', year: 'numeric', month: 'numeric', day: 'numeric',
    hour: 'numeric', minute: 'numeric', second: 'numeric', era: 'short',
  });
  z = { fmt, offsets: new Map() };
  zones.set(timezone, z);
  return z;
}

/** Offset (local wall clock − UTC) in seconds at integer unix second `t`, straight from Intl. */
function offsetAt(fmt: Intl.DateTimeFormat, t: number): number {
  const p: Record<string, string> = {};
  for (const part of fmt.formatToParts(t * 1000)) p[part.type] = part.value;
  const year = p.era === 'BC' ? 1 - Number(p.year) : Number(p.year);
  const wall = new Date(0);
  wall.setUTCFullYear(year, Number(p.month) - 1, Number(p.day)); // not Date.UTC: it maps years 0..99 to 19xx
  wall.setUTCHours(Number(p.hour), Number(p.minute), Number(p.second), 0);
  return wall.getTime() / 1000 - t;
}

function offsetFor(zone: Zone, t: number): number {
  const hour = Math.floor(t / 3600);
  let off = zone.offsets.get(hour);
  if (off === undefined) {
    const first = offsetAt(zone.fmt, hour * 3600);
    off = first === offsetAt(zone.fmt, hour * 3600 + 3599) ? first : MIXED;
    if (zone.offsets.size > 1_000_000) zone.offsets.clear(); // bound memory for long-running processes
    zone.offsets.set(hour, off);
  }
  return Number.isNaN(off) ? offsetAt(zone.fmt, t) : off;
}

/** Local wall-clock seconds since 1970-01-01T00:00 for unix second `t` (UTC when `zone` is null). */
function localSeconds(zone: Zone | null, t: number): number {
  const s = Math.floor(t);
  return zone === null ? s : s + offsetFor(zone, s);
}

/** Nothing is learned from the data; fit checks the column and the time zone. */
export function fitDatetime(config: FeatureConfig, data: Dataset, _rows: ArrayLike<number>): DatetimeState {
  const dt = config.datetime;
  if (dt === null) throw new Error('fitDatetime called without features.datetime');
  columnOf(data, dt.column, 'datetime', KEY);
  zoneFor(dt.timezone);
  return { step: 'datetime', column: dt.column, timezone: dt.timezone, cyclical: dt.cyclical };
}

export function datetimeFeatureNames(state: DatetimeState): string[] {
  const c = state.column;
  return state.cyclical ? [`${c}:hour_sin`, `${c}:hour_cos`, `${c}:weekday_sin`, `${c}:weekday_cos`] : [`${c}:hour`, `${c}:weekday`];
}

export function datetimeWriter(state: DatetimeState, data: Dataset): RowWriter {
  const values = columnOf(data, state.column, 'datetime', KEY).values;
  const zone = state.timezone === 'UTC' ? null : zoneFor(state.timezone);
  const hourAngle = (2 * Math.PI) / 24;
  const dayAngle = (2 * Math.PI) / 7;
  const width = state.cyclical ? 4 : 2;
  return (rows, { x, stride, offset }) => {
    for (let i = 0, n = rows.length; i < n; i++) {
      const t = values[rows[i]];
      const p = i * stride + offset;
      if (!(Math.abs(t) <= MAX_SECONDS)) {
        for (let j = 0; j < width; j++) x[p + j] = 0; // NaN fails the range test too
        continue;
      }
      const local = localSeconds(zone, t);
      const day = Math.floor(local / 86400);
      const hour = Math.floor((local - day * 86400) / 3600);
      const weekday = (((day + 3) % 7) + 7) % 7; // 1970-01-01 was a Thursday
      if (state.cyclical) {
        x[p] = Math.sin(hourAngle * hour);
        x[p + 1] = Math.cos(hourAngle * hour);
        x[p + 2] = Math.sin(dayAngle * weekday);
        x[p + 3] = Math.cos(dayAngle * weekday);
      } else {
        x[p] = hour / 23;
        x[p + 1] = weekday / 6;
      }
    }
  };
}
