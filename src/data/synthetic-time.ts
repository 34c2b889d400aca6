/**
 * Los Angeles wall-clock time without Intl: the store's GA view reports `date` in
 * America/Los_Angeles (all 232 real rows agree with that zone, 57 of them disagree with UTC), so
 * the generator derives `date` the same way. US rules since 2007: daylight time from the second
 * Sunday of March 02:00 PST (10:00 UTC) to the first Sunday of November 02:00 PDT (09:00 UTC).
 */

const transitions = new Map<number, [number, number]>();

/** [start, end) of daylight time in `year`, as unix seconds. */
function daylightWindow(year: number): [number, number] {
  let w = transitions.get(year);
  if (!w) {
    const firstSunday = (month: number) => 1 + ((7 - new Date(Date.UTC(year, month, 1)).getUTCDay()) % 7);
    w = [Date.UTC(year, 2, firstSunday(2) + 7, 10) / 1000, Date.UTC(year, 10, firstSunday(10), 9) / 1000];
    transitions.set(year, w);
  }
  return w;
}

/** Offset of Los Angeles local time from UTC in seconds (−8 h or −7 h). */
export function losAngelesOffset(unix: number): number {
  const [start, end] = daylightWindow(new Date(unix * 1000).getUTCFullYear());
  return unix >= start && unix < end ? -7 * 3600 : -8 * 3600;
}

export interface LocalTime {
  /** "YYYYMMDD", GA's `date`. */
  date: string;
  hour: number;
}

export function losAngelesTime(unix: number): LocalTime {
  const local = new Date((unix + losAngelesOffset(unix)) * 1000);
  const y = local.getUTCFullYear();
  const m = local.getUTCMonth() + 1;
  const d = local.getUTCDate();
  return { date: `${y}${m < 10 ? '0' : ''}${m}${d < 10 ? '0' : ''}${d}`, hour: local.getUTCHours() };
}

/** Unix seconds of a Los Angeles wall-clock time (`day` counted from 1970-01-01, local). */
export function fromLosAngeles(day: number, secondOfDay: number): number {
  const wall = day * 86400 + secondOfDay;
  // The offset at the guessed instant is right except inside the skipped/repeated DST hour.
  return wall - losAngelesOffset(wall + 8 * 3600);
}

// 2016-08-01 .. 2018-04-30 in Los Angeles days since the epoch: the real file's range.
export const SYNTHETIC_FIRST_DAY = Date.UTC(2016, 7, 1) / 86400000;
export const SYNTHETIC_DAYS = Date.UTC(2018, 4, 1) / 86400000 - SYNTHETIC_FIRST_DAY;
