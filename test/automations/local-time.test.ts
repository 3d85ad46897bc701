// Local time across daylight-saving changes against Home Assistant's own cases: tests/util/test_dt.py of
// home-assistant/core (test_find_next_time_expression_time_dst, _entering_dst, _exiting_dst, _dst_chicago,
// the _leave_dst_chicago_* cases, _microseconds, _tenth_second_pattern_does_not_drift_entering_dst), each
// `find(datetime(...), hour, minute, second)` written as the same call here with the zone passed explicitly.
// Then the firing sequences of time triggers (as _TrackUTCTimeChange re-plans them) in Vienna and New York.
import { describe, expect, it } from 'vitest';
import {
  ambiguous,
  exists,
  findNextTimeExpressionTime,
  fromUtc,
  type Local,
  namedZone,
  nextTimeChange,
  parseTimeExpression,
  type TimeZone,
  toUtc,
} from '../../src/automations/local-time.js';
import type { TimeMatch } from '../../src/automations/model.js';

const zone = (name: string): TimeZone => {
  const z = namedZone(name);
  if (!z) throw new Error(`no zone ${name}`);
  return z;
};
const VIENNA = zone('Europe/Vienna');
const CHICAGO = zone('America/Chicago');
const NEW_YORK = zone('America/New_York');
const UTC = zone('UTC');

/** Python's `datetime(y, mo, d, h, mi, s, tzinfo=tz, fold=f)` */
const dt = (y: number, mo: number, d: number, h: number, mi: number, s = 0, fold: 0 | 1 = 0): Local => ({
  wall: Date.UTC(y, mo - 1, d, h, mi, s),
  fold,
});

/** `parse_time_expression`'s inputs: None or "*", a value, "/n" */
type Field = number | string | null;
function match(v: Field): TimeMatch {
  if (v === null || v === '*') return { kind: 'any' };
  if (typeof v === 'string' && v.startsWith('/')) return { kind: 'every', every: Number(v.slice(1)) };
  return { kind: 'value', value: Number(v) };
}
const expr = (hour: Field, minute: Field, second: Field) => ({
  hours: parseTimeExpression(match(hour), 23),
  minutes: parseTimeExpression(match(minute), 59),
  seconds: parseTimeExpression(match(second), 59),
});

/** test_dt.py's `find`: the next match, as UTC (here: epoch ms) */
function finder(tz: TimeZone) {
  return (now: Local, hour: Field, minute: Field, second: Field) =>
    toUtc(tz, findNextTimeExpressionTime(tz, now, expr(hour, minute, second)));
}

describe('local times (PEP 495 folds, as zoneinfo reads them)', () => {
  it('reads a skipped wall time with the offset before the change (fold 0) or after (fold 1)', () => {
    expect(new Date(toUtc(VIENNA, dt(2026, 3, 29, 2, 30))).toISOString()).toBe('2026-03-29T01:30:00.000Z');
    expect(new Date(toUtc(VIENNA, dt(2026, 3, 29, 2, 30, 0, 1))).toISOString()).toBe('2026-03-29T00:30:00.000Z');
    expect(exists(VIENNA, dt(2026, 3, 29, 2, 30))).toBe(false);
    expect(exists(NEW_YORK, dt(2026, 3, 8, 2, 0))).toBe(false);
    expect(exists(NEW_YORK, dt(2026, 3, 8, 3, 0))).toBe(true);
  });

  it('tells the two passes through the repeated hour apart', () => {
    expect(new Date(toUtc(VIENNA, dt(2026, 10, 25, 2, 30))).toISOString()).toBe('2026-10-25T00:30:00.000Z');
    expect(new Date(toUtc(VIENNA, dt(2026, 10, 25, 2, 30, 0, 1))).toISOString()).toBe('2026-10-25T01:30:00.000Z');
    expect(fromUtc(VIENNA, Date.parse('2026-10-25T00:30:00Z'))).toEqual(dt(2026, 10, 25, 2, 30));
    expect(fromUtc(VIENNA, Date.parse('2026-10-25T01:30:00Z'))).toEqual(dt(2026, 10, 25, 2, 30, 0, 1));
    expect(ambiguous(VIENNA, dt(2026, 10, 25, 2, 0))).toBe(true);
    expect(ambiguous(VIENNA, dt(2026, 10, 25, 3, 0))).toBe(false);
    expect(ambiguous(NEW_YORK, dt(2026, 11, 1, 1, 30, 0, 1))).toBe(true);
    expect(ambiguous(NEW_YORK, dt(2026, 11, 1, 2, 30))).toBe(false);
  });
});

describe('test_dt.py: find_next_time_expression_time', () => {
  it('test_find_next_time_expression_time_dst (Europe/Vienna)', () => {
    const find = finder(VIENNA);
    const utc = (t: Local) => toUtc(VIENNA, t);
    // Entering DST, clocks are rolled forward
    expect(find(dt(2018, 3, 25, 1, 50), 2, 30, 0)).toBe(utc(dt(2018, 3, 26, 2, 30)));
    expect(find(dt(2018, 3, 25, 3, 50), 2, 30, 0)).toBe(utc(dt(2018, 3, 26, 2, 30)));
    expect(find(dt(2018, 3, 26, 1, 50), 2, 30, 0)).toBe(utc(dt(2018, 3, 26, 2, 30)));
    // Leaving DST, clocks are rolled back
    expect(find(dt(2018, 10, 28, 2, 5, 0, 0), 2, 30, 0)).toBe(utc(dt(2018, 10, 28, 2, 30, 0, 0)));
    expect(find(dt(2018, 10, 28, 2, 5), 2, 30, 0)).toBe(utc(dt(2018, 10, 28, 2, 30, 0, 0)));
    expect(find(dt(2018, 10, 28, 2, 55), 2, 30, 0)).toBe(utc(dt(2018, 10, 28, 2, 30, 0, 1)));
    expect(find(dt(2018, 10, 28, 2, 55, 0, 0), 2, 30, 0)).toBe(utc(dt(2018, 10, 28, 2, 30, 0, 1)));
    expect(find(dt(2018, 10, 28, 2, 55, 0, 1), 4, 30, 0)).toBe(utc(dt(2018, 10, 28, 4, 30, 0, 0)));
    expect(find(dt(2018, 10, 28, 2, 5, 0, 1), 2, 30, 0)).toBe(utc(dt(2018, 10, 28, 2, 30, 0, 1)));
    expect(find(dt(2018, 10, 28, 2, 55, 0, 0), 2, 30, 0)).toBe(utc(dt(2018, 10, 28, 2, 30, 0, 1)));
  });

  it('test_find_next_time_expression_entering_dst (Europe/Vienna, 02:30 does not exist on 2021-03-28)', () => {
    // (its hours are parsed with parse_time_expression(2, 0, 59), the same list)
    expect(finder(VIENNA)(dt(2021, 3, 28, 0, 0), 2, 30, 0)).toBe(toUtc(VIENNA, dt(2021, 3, 29, 2, 30)));
  });

  it.each([
    ['00:00 -> 2:30', dt(2021, 10, 31, 0, 0, 0), dt(2021, 10, 31, 2, 30, 0, 0)],
    ['02:00(0) -> 2:30(0)', dt(2021, 10, 31, 2, 0, 0, 0), dt(2021, 10, 31, 2, 30, 0, 0)],
    ['02:15(0) -> 2:30(0)', dt(2021, 10, 31, 2, 15, 0, 0), dt(2021, 10, 31, 2, 30, 0, 0)],
    ['02:30:00(0) -> 2:30(0)', dt(2021, 10, 31, 2, 30, 0, 0), dt(2021, 10, 31, 2, 30, 0, 0)],
    ['02:30:01(0) -> 2:30(1)', dt(2021, 10, 31, 2, 30, 1, 0), dt(2021, 10, 31, 2, 30, 0, 1)],
    ['02:45(0) -> 2:30(1)', dt(2021, 10, 31, 2, 45, 0, 0), dt(2021, 10, 31, 2, 30, 0, 1)],
    ['02:00(1) -> 2:30(1)', dt(2021, 10, 31, 2, 0, 0, 1), dt(2021, 10, 31, 2, 30, 0, 1)],
    ['02:15(1) -> 2:30(1)', dt(2021, 10, 31, 2, 15, 0, 1), dt(2021, 10, 31, 2, 30, 0, 1)],
    ['02:30:00(1) -> 2:30(1)', dt(2021, 10, 31, 2, 30, 0, 1), dt(2021, 10, 31, 2, 30, 0, 1)],
    ['02:30:01(1) -> 2:30 next day', dt(2021, 10, 31, 2, 30, 1, 1), dt(2021, 11, 1, 2, 30, 0)],
    ['02:45(1) -> 2:30 next day', dt(2021, 10, 31, 2, 45, 0, 1), dt(2021, 11, 1, 2, 30, 0)],
    ['08:00(1) -> 2:30 next day', dt(2021, 10, 31, 8, 0, 1), dt(2021, 11, 1, 2, 30, 0)],
  ])('test_find_next_time_expression_exiting_dst (Europe/Vienna): %s', (_name, now, expected) => {
    expect(finder(VIENNA)(now, 2, 30, 0)).toBe(toUtc(VIENNA, expected));
  });

  it('test_find_next_time_expression_time_dst_chicago', () => {
    const find = finder(CHICAGO);
    const utc = (t: Local) => toUtc(CHICAGO, t);
    // Entering DST, clocks are rolled forward
    expect(find(dt(2021, 3, 14, 1, 50), 2, 30, 0)).toBe(utc(dt(2021, 3, 15, 2, 30)));
    expect(find(dt(2021, 3, 14, 3, 50), 2, 30, 0)).toBe(utc(dt(2021, 3, 15, 2, 30)));
    expect(find(dt(2021, 3, 14, 1, 50), 2, 30, 0)).toBe(utc(dt(2021, 3, 15, 2, 30)));
    expect(find(dt(2021, 3, 14, 1, 50), 3, 30, 0)).toBe(utc(dt(2021, 3, 14, 3, 30)));
    // Leaving DST, clocks are rolled back
    expect(find(dt(2021, 11, 7, 2, 5, 0, 0), 2, 30, 0)).toBe(utc(dt(2021, 11, 7, 2, 30, 0, 0)));
    expect(find(dt(2021, 11, 7, 2, 5), 2, 30, 0)).toBe(utc(dt(2021, 11, 7, 2, 30)));
    expect(find(dt(2021, 11, 7, 2, 5), 2, 30, 0)).toBe(utc(dt(2021, 11, 7, 2, 30, 0, 0)));
    expect(find(dt(2021, 11, 7, 2, 10), 2, 30, 0)).toBe(utc(dt(2021, 11, 7, 2, 30, 0, 1)));
    expect(find(dt(2021, 11, 7, 2, 30, 0, 0), 2, 30, 0)).toBe(utc(dt(2021, 11, 7, 2, 30, 0, 1)));
    expect(find(dt(2021, 11, 7, 2, 55, 0, 0), 2, 30, 0)).toBe(utc(dt(2021, 11, 8, 2, 30, 0, 1)));
    expect(find(dt(2021, 11, 7, 2, 55, 0, 1), 4, 30, 0)).toBe(utc(dt(2021, 11, 7, 4, 30, 0, 0)));
    expect(find(dt(2021, 11, 7, 2, 5, 0, 1), 2, 30, 0)).toBe(utc(dt(2021, 11, 7, 2, 30, 0, 1)));
    expect(find(dt(2021, 11, 7, 2, 55, 0, 0), 2, 30, 0)).toBe(utc(dt(2021, 11, 8, 2, 30)));
  });

  /** test_dt.py's `_get_matches(hours, minutes, seconds)` and one find */
  const next = (tz: TimeZone, now: Local, h: Field, m: Field, s: Field) =>
    findNextTimeExpressionTime(tz, now, expr(h, m, s));
  const iso = (tz: TimeZone, t: Local) => new Date(toUtc(tz, t)).toISOString();

  it('test_find_next_time_expression_day_before_dst_change_the_same_time (America/Chicago)', () => {
    const t = next(CHICAGO, dt(2021, 10, 7, 12, 30, 1, 0), 12, 30, 1);
    expect(t).toEqual(dt(2021, 10, 7, 12, 30, 1, 0));
    expect(iso(CHICAGO, t)).toBe('2021-10-07T17:30:01.000Z');
  });

  it('test_find_next_time_expression_time_leave_dst_chicago_before_the_fold_30_s', () => {
    const t = next(CHICAGO, dt(2021, 11, 7, 1, 30, 1, 0), 1, 30, 31);
    expect(t).toEqual(dt(2021, 11, 7, 1, 30, 31, 0));
    expect(iso(CHICAGO, t)).toBe('2021-11-07T06:30:31.000Z');
  });

  it('test_find_next_time_expression_time_leave_dst_chicago_before_the_fold_same_time', () => {
    const t = next(CHICAGO, dt(2021, 11, 7, 0, 30, 1, 0), 0, 30, 1);
    expect(t).toEqual(dt(2021, 11, 7, 0, 30, 1, 0));
    expect(iso(CHICAGO, t)).toBe('2021-11-07T05:30:01.000Z');
  });

  it('test_find_next_time_expression_time_leave_dst_chicago_into_the_fold_same_time', () => {
    // HA compares the wall time only (same tzinfo), then asserts fold 0 and the UTC time
    const t = next(CHICAGO, dt(2021, 11, 7, 1, 30, 1, 0), 1, 30, 1);
    expect(t.wall).toBe(dt(2021, 11, 7, 1, 30, 1).wall);
    expect(t.fold).toBe(0);
    expect(iso(CHICAGO, t)).toBe('2021-11-07T06:30:01.000Z');
  });

  it('test_find_next_time_expression_time_leave_dst_chicago_into_the_fold_ahead_1_hour_10_min', () => {
    const t = next(CHICAGO, dt(2021, 11, 7, 1, 30, 1, 0), 1, 20, 1);
    expect(t).toEqual(dt(2021, 11, 7, 1, 20, 1, 1));
    expect(iso(CHICAGO, t)).toBe('2021-11-07T07:20:01.000Z');
  });

  it('test_find_next_time_expression_time_leave_dst_chicago_inside_the_fold_ahead_10_min', () => {
    const t = next(CHICAGO, dt(2021, 11, 7, 1, 30, 1, 1), 1, 40, 1);
    expect(t).toEqual(dt(2021, 11, 7, 1, 40, 1, 1));
    expect(iso(CHICAGO, t)).toBe('2021-11-07T07:40:01.000Z');
  });

  it('test_find_next_time_expression_time_leave_dst_chicago_past_the_fold_ahead_2_hour_10_min', () => {
    const t = next(CHICAGO, dt(2021, 11, 7, 1, 30, 1, 0), 2, 20, 1);
    expect(t.wall).toBe(dt(2021, 11, 7, 2, 20, 1).wall);
    expect(t.fold).toBe(0); // Time is no longer ambiguous
    expect(iso(CHICAGO, t)).toBe('2021-11-07T08:20:01.000Z');
  });

  it('test_find_next_time_expression_microseconds (UTC)', () => {
    const t = next(UTC, dt(2022, 5, 13, 0, 5, 9), null, '5', '10');
    expect(t).toEqual(dt(2022, 5, 13, 0, 5, 10));
    const after = next(UTC, { wall: t.wall + 999 + 1000, fold: 0 }, null, '5', '10');
    expect(after).toEqual(dt(2022, 5, 13, 1, 5, 10));
  });

  it('test_find_next_time_expression_tenth_second_pattern_does_not_drift_entering_dst (America/Chicago)', () => {
    let prev = next(CHICAGO, dt(2021, 3, 15, 2, 30, 0, 0), null, null, '10');
    expect(prev).toEqual(dt(2021, 3, 15, 2, 30, 10));
    for (let i = 0; i < 1000; i++) {
      // prev_target.replace(microsecond=999999) + timedelta(seconds=1)
      const target = next(CHICAGO, { wall: prev.wall + 999 + 1000, fold: 0 }, null, null, '10');
      expect(target.wall - prev.wall).toBe(60_000);
      expect(new Date(target.wall).getUTCSeconds()).toBe(10);
      prev = target;
    }
  });
});

/** The instants a time change listener fires at from `startIso` on: each next one from the second after. */
function firings(tz: TimeZone, startIso: string, h: Field, m: Field, s: Field, n: number) {
  const out: string[] = [];
  let after = Date.parse(startIso) - 1000;
  for (let i = 0; i < n; i++) {
    after = nextTimeChange(tz, after, expr(h, m, s));
    out.push(new Date(after).toISOString().replace('.000', ''));
  }
  return out;
}

// Expected instants as Home Assistant's own dt.py computes them under Python's zoneinfo (checked once against
// it); the comments give the local times.
describe('time triggers across the changes (as _TrackUTCTimeChange re-plans them)', () => {
  it('Europe/Vienna spring: minutes "/30" goes from 01:30 CET to 03:00 CEST; at 02:30 waits for the next day', () => {
    expect(firings(VIENNA, '2026-03-29T00:29:58Z', '*', '/30', 0, 4)).toEqual([
      '2026-03-29T00:30:00Z', // 01:30+01:00
      '2026-03-29T01:00:00Z', // 03:00+02:00
      '2026-03-29T01:30:00Z',
      '2026-03-29T02:00:00Z',
    ]);
    expect(firings(VIENNA, '2026-03-28T22:59:58Z', 2, 30, 0, 2)).toEqual([
      '2026-03-30T00:30:00Z', // 02:30+02:00 on the next day
      '2026-03-31T00:30:00Z',
    ]);
  });

  it('Europe/Vienna autumn: "/30" and "/1" hours fire in both passes through 02:00–03:00, as does at 02:30', () => {
    expect(firings(VIENNA, '2026-10-24T23:29:58Z', '*', '/30', 0, 6)).toEqual([
      '2026-10-24T23:30:00Z', // 01:30+02:00
      '2026-10-25T00:00:00Z', // 02:00+02:00
      '2026-10-25T00:30:00Z', // 02:30+02:00
      '2026-10-25T01:00:00Z', // 02:00+01:00
      '2026-10-25T01:30:00Z', // 02:30+01:00
      '2026-10-25T02:00:00Z', // 03:00+01:00
    ]);
    expect(firings(VIENNA, '2026-10-24T23:59:58Z', '/1', 0, 0, 4)).toEqual([
      '2026-10-25T00:00:00Z',
      '2026-10-25T01:00:00Z',
      '2026-10-25T02:00:00Z',
      '2026-10-25T03:00:00Z',
    ]);
    expect(firings(VIENNA, '2026-10-24T22:29:58Z', 2, 30, 0, 3)).toEqual([
      '2026-10-25T00:30:00Z',
      '2026-10-25T01:30:00Z',
      '2026-10-26T01:30:00Z',
    ]);
  });

  it('America/New_York spring: hours "/1" goes from 01:00 EST to 03:00 EDT; at 02:30 waits for the next day', () => {
    expect(firings(NEW_YORK, '2026-03-08T05:59:58Z', '/1', 0, 0, 3)).toEqual([
      '2026-03-08T06:00:00Z', // 01:00-05:00
      '2026-03-08T07:00:00Z', // 03:00-04:00
      '2026-03-08T08:00:00Z',
    ]);
    expect(firings(NEW_YORK, '2026-03-08T05:59:58Z', 2, 30, 0, 1)).toEqual(['2026-03-09T06:30:00Z']);
  });

  it('America/New_York autumn: minutes "/30" and at 01:30 fire in both passes through 01:00–02:00', () => {
    expect(firings(NEW_YORK, '2026-11-01T04:59:58Z', '*', '/30', 0, 6)).toEqual([
      '2026-11-01T05:00:00Z', // 01:00-04:00
      '2026-11-01T05:30:00Z', // 01:30-04:00
      '2026-11-01T06:00:00Z', // 01:00-05:00
      '2026-11-01T06:30:00Z', // 01:30-05:00
      '2026-11-01T07:00:00Z', // 02:00-05:00
      '2026-11-01T07:30:00Z',
    ]);
    expect(firings(NEW_YORK, '2026-11-01T04:59:58Z', 1, 30, 0, 3)).toEqual([
      '2026-11-01T05:30:00Z',
      '2026-11-01T06:30:00Z',
      '2026-11-02T06:30:00Z',
    ]);
  });

  it('seconds "/20" runs on through the spring change without a gap in real time', () => {
    const out = firings(NEW_YORK, '2026-03-08T06:59:30Z', '*', '*', '/20', 4);
    expect(out).toEqual([
      '2026-03-08T06:59:40Z', // 01:59:40-05:00
      '2026-03-08T07:00:00Z', // 03:00:00-04:00
      '2026-03-08T07:00:20Z',
      '2026-03-08T07:00:40Z',
    ]);
  });
});
