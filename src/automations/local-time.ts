/**
 * Local wall-clock time across daylight-saving changes, as Home Assistant's `homeassistant/util/dt.py` has it:
 * a local time is Python's aware datetime, wall-clock fields plus `fold` (PEP 495: 0 = the first of two equal
 * wall times in the autumn's repeated hour, 1 = the second; in the spring's skipped hour fold 0 reads the wall
 * time with the offset from before the change). `findNextTimeExpressionTime` is dt.py's function of that name,
 * step by step; `nextTimeChange` is what `helpers/event.py` `_TrackUTCTimeChange._calculate_next` does with it.
 *
 * The zone is the process's (the add-on runs with TZ set to Home Assistant's zone, as the template engine's
 * `now()` assumes too); a named IANA zone is read through Intl.
 */
import { ZoneClock } from '../protocol/ha-discovery/components/date-time-values.js';
import type { TimeMatch } from './model.js';

/** A time zone: its UTC offset (ms east of UTC) at an instant. */
export interface TimeZone {
  offsetAt(epochMs: number): number;
}

/** The process's zone (TZ). */
export const processZone: TimeZone = { offsetAt: (ms) => -new Date(ms).getTimezoneOffset() * 60_000 };

/** An IANA zone by name, undefined when unknown. */
export function namedZone(name: string): TimeZone | undefined {
  const clock = ZoneClock.of(name);
  return clock && { offsetAt: (ms) => clock.offsetAt(Math.floor(ms / 1000)) * 1000 };
}

/** A local date-time: its wall-clock fields as a millisecond count read as UTC, and Python's `fold`. */
export interface Local {
  readonly wall: number;
  readonly fold: 0 | 1;
}

const SECOND = 1000;
const MINUTE = 60 * SECOND;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

const mod = (n: number, m: number): number => ((n % m) + m) % m;

/**
 * `local.astimezone(UTC)` (zoneinfo): the offset a day before and a day after are the ones either side of a
 * change; a wall time both give is ambiguous (fold picks), one neither gives is skipped (fold 0 reads it with
 * the offset before the change, fold 1 with the one after).
 */
export function toUtc(zone: TimeZone, t: Local): number {
  const before = zone.offsetAt(t.wall - DAY);
  const after = zone.offsetAt(t.wall + DAY);
  const early = t.wall - before;
  const late = t.wall - after;
  const earlyOk = zone.offsetAt(early) === before;
  const lateOk = zone.offsetAt(late) === after;
  if (earlyOk !== lateOk) return earlyOk ? early : late;
  return t.fold === 1 ? late : early;
}

/** `utc.astimezone(zone)`: fold 1 for the second pass through a repeated wall time. */
export function fromUtc(zone: TimeZone, epochMs: number): Local {
  const wall = epochMs + zone.offsetAt(epochMs);
  return { wall, fold: toUtc(zone, { wall, fold: 0 }) === epochMs ? 0 : 1 };
}

const utcoffset = (zone: TimeZone, t: Local): number => t.wall - toUtc(zone, t);

/** dt.py `_datetime_exists`: the wall time survives a round trip through UTC. */
export function exists(zone: TimeZone, t: Local): boolean {
  return fromUtc(zone, toUtc(zone, t)).wall === t.wall;
}

/** dt.py `_datetime_ambiguous`: it exists and the other fold has another offset. */
export function ambiguous(zone: TimeZone, t: Local): boolean {
  const other: Local = { wall: t.wall, fold: t.fold === 1 ? 0 : 1 };
  return exists(zone, t) && utcoffset(zone, t) !== utcoffset(zone, other);
}

/** dt.py `_dst_offset_diff`: `(t + 24h).utcoffset() - (t - 24h).utcoffset()` (wall-clock arithmetic). */
function dstOffsetDiff(zone: TimeZone, t: Local): number {
  return utcoffset(zone, { wall: t.wall + DAY, fold: 0 }) - utcoffset(zone, { wall: t.wall - DAY, fold: 0 });
}

/** dt.py `parse_time_expression` for a time_pattern field: `*`, a value, or `/n` (divisible by n). */
export function parseTimeExpression(m: TimeMatch, max: number): number[] {
  if (m.kind === 'value') return [m.value];
  const all = Array.from({ length: max + 1 }, (_, i) => i);
  return m.kind === 'any' ? all : all.filter((x) => x % m.every === 0);
}

export interface TimeExpression {
  readonly seconds: readonly number[];
  readonly minutes: readonly number[];
  readonly hours: readonly number[];
}

/** dt.py `_lower_bound`: the first value >= cmp. */
function lowerBound(arr: readonly number[], cmp: number): number | undefined {
  return arr.find((v) => v >= cmp);
}

const hourOf = (wall: number): number => Math.floor(mod(wall, DAY) / HOUR);
const minuteOf = (wall: number): number => Math.floor(mod(wall, HOUR) / MINUTE);
const secondOf = (wall: number): number => Math.floor(mod(wall, MINUTE) / SECOND);
/** `replace(second=s)`, `replace(minute=m)`, `replace(hour=h)` on wall-clock milliseconds. */
const withSecond = (wall: number, s: number): number => wall + (s - secondOf(wall)) * SECOND;
const withMinute = (wall: number, m: number): number => wall + (m - minuteOf(wall)) * MINUTE;
const withHour = (wall: number, h: number): number => wall + (h - hourOf(wall)) * HOUR;

/** The first wall time at or after `now` (whole seconds) that the expression matches, before the DST checks. */
function nextWall(now: number, { seconds, minutes, hours }: TimeExpression): number {
  const [s0 = 0, m0 = 0, h0 = 0] = [seconds[0], minutes[0], hours[0]];
  let result = now - mod(now, SECOND);
  let nextSecond = lowerBound(seconds, secondOf(result));
  if (nextSecond === undefined) {
    nextSecond = s0;
    result += MINUTE;
  }
  result = withSecond(result, nextSecond);
  let nextMinute = lowerBound(minutes, minuteOf(result));
  if (nextMinute !== minuteOf(result)) result = withSecond(result, s0);
  if (nextMinute === undefined) {
    nextMinute = m0;
    result += HOUR;
  }
  result = withMinute(result, nextMinute);
  let nextHour = lowerBound(hours, hourOf(result));
  if (nextHour !== hourOf(result)) result = withSecond(withMinute(result, m0), s0);
  if (nextHour === undefined) {
    nextHour = h0;
    result += DAY;
  }
  return withHour(result, nextHour);
}

/**
 * dt.py `find_next_time_expression_time(now, seconds, minutes, hours)`, its rules quoted:
 * - "When entering DST and clocks are turned forward ... trigger on the next time that 1. matches the pattern
 *   and 2. does exist ... by just iterating one second until the result exists": `now += timedelta(seconds=1)`
 *   until it does (`at: "02:30"` does not fire on the spring day at all; it fires at 02:30 the next day).
 * - When `now` is not ambiguous, the match is returned as it is (fold 0).
 * - "When leaving DST ... wall clock times that are ambiguous": if the match is ambiguous too, "the next match
 *   happens _within_ the current fold" (`result.replace(fold=now.fold)`); else, with `now` in the first fold,
 *   the search runs again from `now + _dst_offset_diff(now)` and an ambiguous match there is returned with
 *   fold 1, so a time in the repeated hour matches in both passes.
 */
export function findNextTimeExpressionTime(zone: TimeZone, start: Local, expr: TimeExpression): Local {
  if (!expr.seconds.length || !expr.minutes.length || !expr.hours.length) {
    throw new Error('Cannot find a next time: Time expression never matches!');
  }
  let now = start;
  for (;;) {
    const result: Local = { wall: nextWall(now.wall, expr), fold: 0 };
    if (!exists(zone, result)) {
      // HA steps `now` a second at a time; every step up to the one past `result` finds the same `result` (the
      // first match at or after the whole second of `now`), so this goes straight to that step
      now = { wall: now.wall + (result.wall - (now.wall - mod(now.wall, SECOND))) + SECOND, fold: 0 };
      continue;
    }
    if (!ambiguous(zone, now)) return result;
    if (ambiguous(zone, result)) return { wall: result.wall, fold: now.fold };
    if (now.fold === 0) {
      const check = findNextTimeExpressionTime(zone, { wall: now.wall + dstOffsetDiff(zone, now), fold: 0 }, expr);
      if (ambiguous(zone, check)) return { wall: check.wall, fold: 1 };
    }
    return result;
  }
}

/**
 * When a time change listener fires next after the instant `afterMs`: event.py `_TrackUTCTimeChange` calls
 * `find_next_time_expression_time(as_local(utc_now + 1 s), ...)` after each firing, so the second after the
 * last one is the start. (Differences kept: Home Assistant starts from the current second when it attaches
 * and adds a random 50–500 ms to every firing against a thundering herd; here a listener starts from the
 * next whole second and fires on the second.)
 */
export function nextTimeChange(zone: TimeZone, afterMs: number, expr: TimeExpression): number {
  const start = Math.floor(afterMs / SECOND) * SECOND + SECOND;
  return toUtc(zone, findNextTimeExpressionTime(zone, fromUtc(zone, start), expr));
}

/** A daily time of day (ms since midnight, whole seconds used) as HA's `async_track_time_change(h, m, s)`. */
export function dailyAt(msOfDay: number): TimeExpression {
  const s = mod(Math.floor(msOfDay / SECOND), 86_400);
  return { hours: [Math.floor(s / 3600)], minutes: [Math.floor(s / 60) % 60], seconds: [s % 60] };
}

/** The weekday of an instant in the zone, 0 = Sunday (as Date#getDay). */
export function localDay(zone: TimeZone, epochMs: number): number {
  return new Date(fromUtc(zone, epochMs).wall).getUTCDay();
}
