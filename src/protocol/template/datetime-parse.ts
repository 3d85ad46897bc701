// Reading dates and times from text: Home Assistant's dt_util.parse_datetime (ISO 8601, as ciso8601 and its
// regex fallback read it) and Python's datetime.strptime. Results are wall-clock fields plus a zone:
// naive (no offset in the text), or a fixed offset ('Z' is UTC).
import type { Civil } from './civil.js';
import { PyError } from './errors.js';

export interface WallTime extends Civil {
  /** minutes east of UTC; null for a naive datetime */
  readonly offset: number | null;
  /** the offset was written as 'Z' (Python's datetime.UTC rather than a timezone(timedelta(0))) */
  readonly utc: boolean;
}

const DAYS_IN_MONTH = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

export function daysInMonth(year: number, month: number): number {
  const leap = year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0);
  return month === 2 && leap ? 29 : (DAYS_IN_MONTH[month - 1] ?? 0);
}

function valid(w: WallTime): boolean {
  return (
    w.year >= 1 &&
    w.month >= 1 &&
    w.month <= 12 &&
    w.day >= 1 &&
    w.day <= daysInMonth(w.year, w.month) &&
    w.hour < 24 &&
    w.minute < 60 &&
    w.second < 60
  );
}

function offsetOf(tz: string | undefined): { offset: number | null; utc: boolean } | undefined {
  if (tz === undefined) return { offset: null, utc: false };
  if (tz === 'Z' || tz === 'z') return { offset: 0, utc: true };
  const m = /^([+-])(\d{2})(?::?(\d{2}))?$/.exec(tz);
  if (!m) return undefined;
  const minutes = Number(m[2]) * 60 + Number(m[3] ?? '0');
  if (Number(m[2]) > 23 || Number(m[3] ?? '0') > 59) return undefined;
  return { offset: m[1] === '-' ? -minutes : minutes, utc: false };
}

const ISO_RE =
  /^(\d{4})(-?)(\d{2})\2(\d{2})(?:[T ](\d{2})(?::?(\d{2})(?::?(\d{2})(?:[.,](\d+))?)?)?(Z|z|[+-]\d{2}(?::?\d{2})?)?)?$/;
// Home Assistant's own fallback (from Django): one-digit fields allowed, a time required
const HA_RE = new RegExp(
  '^(\\d{4})-(\\d{1,2})-(\\d{1,2})[T ](\\d{1,2}):(\\d{1,2})' +
    '(?::(\\d{1,2})(?:\\.(\\d{1,6})\\d{0,6})?)?(Z|[+-]\\d{2}(?::?\\d{2})?)?$',
);

/** dt_util.parse_datetime: the datetime the text spells, or undefined (also for an impossible date). */
export function parseIsoDatetime(text: string): WallTime | undefined {
  const iso = ISO_RE.exec(text);
  const fallback = iso === null ? HA_RE.exec(text) : null;
  if (iso === null && fallback === null) return undefined;
  // fields: year, month, day, hour, minute, second, fraction, zone
  const g = iso !== null ? [iso[1], iso[3], iso[4], iso[5], iso[6], iso[7], iso[8], iso[9]] : (fallback ?? []).slice(1);
  const zone = offsetOf(g[7]);
  if (zone === undefined) return undefined;
  const w: WallTime = {
    year: Number(g[0]),
    month: Number(g[1]),
    day: Number(g[2]),
    hour: Number(g[3] ?? 0),
    minute: Number(g[4] ?? 0),
    second: Number(g[5] ?? 0),
    micro: Number((g[6] ?? '').slice(0, 6).padEnd(6, '0')),
    ...zone,
  };
  return valid(w) ? w : undefined;
}

const MONTHS = [
  'january',
  'february',
  'march',
  'april',
  'may',
  'june',
  'july',
  'august',
  'september',
  'october',
  'november',
  'december',
];
const WEEKDAYS = ['monday', 'tuesday', 'wednesday', 'thursday', 'friday', 'saturday', 'sunday'];
const alternatives = (names: readonly string[], short: boolean): string =>
  names.map((n) => (short ? n.slice(0, 3) : n)).join('|');

/** Python's _strptime directives, as regex fragments with a field each. */
const DIRECTIVES: Readonly<Record<string, [string, string]>> = {
  d: ['(3[01]|[12]\\d|0[1-9]|[1-9]| [1-9])', 'day'],
  m: ['(1[0-2]|0[1-9]|[1-9])', 'month'],
  Y: ['(\\d\\d\\d\\d)', 'year'],
  y: ['(\\d\\d)', 'year2'],
  H: ['(2[0-3]|[0-1]\\d|\\d)', 'hour'],
  I: ['(1[0-2]|0[1-9]|[1-9])', 'hour12'],
  M: ['([0-5]\\d|\\d)', 'minute'],
  S: ['(6[0-1]|[0-5]\\d|\\d)', 'second'],
  f: ['([0-9]{1,6})', 'micro'],
  p: ['(am|pm)', 'ampm'],
  b: [`(${alternatives(MONTHS, true)})`, 'monthname'],
  B: [`(${alternatives(MONTHS, false)})`, 'monthname'],
  a: [`(${alternatives(WEEKDAYS, true)})`, 'weekday'],
  A: [`(${alternatives(WEEKDAYS, false)})`, 'weekday'],
  j: ['(36[0-6]|3[0-5]\\d|[12]\\d\\d|0[1-9]\\d|00[1-9]|[1-9]\\d|0[1-9]|[1-9])', 'yday'],
  z: ['([+-]\\d\\d:?[0-5]\\d(?::?[0-5]\\d(?:\\.\\d{1,6})?)?|Z)', 'z'],
};

/** datetime.strptime(text, format); PyError (a ValueError) when the text does not match. */
export function strptime(text: string, format: string): WallTime {
  const fields: string[] = [];
  let source = '';
  for (let i = 0; i < format.length; i++) {
    const ch = format.charAt(i);
    if (ch === '%') {
      const d = format.charAt(++i);
      if (d === '%') {
        source += '%';
        continue;
      }
      const directive = DIRECTIVES[d];
      if (directive === undefined) throw new PyError(`'${d}' is a bad directive in format '%${d}'`);
      source += directive[0];
      fields.push(directive[1]);
    } else if (/\s/.test(ch)) {
      source += '\\s+';
    } else {
      source += ch.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
    }
  }
  const m = new RegExp(`^${source}`, 'i').exec(text);
  if (!m) throw new PyError(`time data '${text}' does not match format '${format}'`);
  if (m[0].length !== text.length) throw new PyError(`unconverted data remains: ${text.slice(m[0].length)}`);
  const f: Record<string, string> = {};
  for (const [i, name] of fields.entries()) f[name] = m[i + 1] ?? '';
  return wallFromFields(f);
}

function wallFromFields(f: Readonly<Record<string, string>>): WallTime {
  let year = f['year'] !== undefined ? Number(f['year']) : 1900;
  if (f['year2'] !== undefined) year = Number(f['year2']) + (Number(f['year2']) < 69 ? 2000 : 1900);
  let month = f['month'] !== undefined ? Number(f['month']) : 1;
  const monthName = f['monthname']?.toLowerCase();
  if (monthName !== undefined) month = MONTHS.findIndex((n) => n.startsWith(monthName)) + 1;
  let day = f['day'] !== undefined ? Number(f['day']) : 1;
  let hour = f['hour'] !== undefined ? Number(f['hour']) : 0;
  if (f['hour12'] !== undefined) {
    hour = Number(f['hour12']) % 12;
    if (f['ampm']?.toLowerCase() === 'pm') hour += 12;
  }
  if (f['yday'] !== undefined && f['month'] === undefined && f['day'] === undefined) {
    const date = new Date(Date.UTC(year, 0, Number(f['yday'])));
    month = date.getUTCMonth() + 1;
    day = date.getUTCDate();
  }
  const zone = f['z'] === undefined ? { offset: null, utc: false } : offsetOf(f['z'].replace(/:(\d\d)[.:\d]*$/, ':$1'));
  const w: WallTime = {
    year,
    month,
    day,
    hour,
    minute: Number(f['minute'] ?? 0),
    second: Number(f['second'] ?? 0),
    micro: Number((f['micro'] ?? '').padEnd(6, '0')),
    ...(zone ?? { offset: null, utc: false }),
  };
  if (w.second > 59 || !valid(w)) throw new PyError('day is out of range for month');
  return w;
}
