// timestamp_local / timestamp_utc / timestamp_custom / as_timestamp.
// "Local" is the process time zone (HA uses its configured zone; run the add-on with TZ set).
import { PyValueError } from './errors.js';
import { pyRound } from './number-format.js';
import { PyFloat, isNumber, numValue, pyStr } from './python-values.js';

const DAYS = ['Sunday', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday'];
const MONTHS = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'];
const MIN_TS = -62135596800; // 0001-01-01T00:00:00Z
const MAX_TS = 253402300799; // 9999-12-31T23:59:59Z

interface Parts {
  readonly year: number;
  readonly month: number;
  readonly day: number;
  readonly hour: number;
  readonly minute: number;
  readonly second: number;
  readonly micro: number;
  readonly weekday: number;
  /** Offset east of UTC in minutes. */
  readonly offset: number;
  readonly epochSeconds: number;
}


/** datetime.fromtimestamp(value, UTC), optionally converted to local time. */
export function fromTimestamp(value: unknown, local: boolean): Parts {
  if (!isNumber(value)) throw new PyValueError(`'${pyStr(value)}' is not a timestamp`);
  const ts = numValue(value);
  if (!Number.isFinite(ts) || ts < MIN_TS || ts > MAX_TS) throw new PyValueError('year is out of range');
  let seconds = Math.floor(ts);
  let micro = Math.round(pyRound((ts - seconds) * 1e6, 0));
  if (micro >= 1_000_000) {
    seconds += 1;
    micro -= 1_000_000;
  }
  const date = new Date(seconds * 1000);
  const offset = local ? -date.getTimezoneOffset() : 0;
  const shifted = new Date(seconds * 1000 + offset * 60_000);
  return {
    year: shifted.getUTCFullYear(),
    month: shifted.getUTCMonth() + 1,
    day: shifted.getUTCDate(),
    hour: shifted.getUTCHours(),
    minute: shifted.getUTCMinutes(),
    second: shifted.getUTCSeconds(),
    micro,
    weekday: shifted.getUTCDay(),
    offset,
    epochSeconds: seconds,
  };
}

const p2 = (n: number): string => String(n).padStart(2, '0');

function offsetText(minutes: number, colon: boolean): string {
  const sign = minutes < 0 ? '-' : '+';
  const abs = Math.abs(minutes);
  return `${sign}${p2(Math.floor(abs / 60))}${colon ? ':' : ''}${p2(abs % 60)}`;
}

/** datetime.isoformat() of an aware datetime. */
export function isoFormat(d: Parts): string {
  const frac = d.micro === 0 ? '' : `.${String(d.micro).padStart(6, '0')}`;
  const year = String(d.year).padStart(4, '0');
  return `${year}-${p2(d.month)}-${p2(d.day)}T${p2(d.hour)}:${p2(d.minute)}:${p2(d.second)}${frac}${offsetText(d.offset, true)}`;
}

function zoneName(d: Parts): string {
  const part = new Intl.DateTimeFormat('en-US', { timeZoneName: 'short' })
    .formatToParts(new Date(d.epochSeconds * 1000))
    .find((p) => p.type === 'timeZoneName');
  return part?.value ?? offsetText(d.offset, false);
}

function dayOfYear(d: Parts): number {
  return Math.round((Date.UTC(d.year, d.month - 1, d.day) - Date.UTC(d.year, 0, 1)) / 86_400_000) + 1;
}

/** A strftime subset with C-locale names; unknown directives are copied through. */
export function strftime(d: Parts, format: string, utc: boolean): string {
  return format.replace(/%([a-zA-Z%])/g, (whole, c: string) => {
    switch (c) {
      case 'Y': return String(d.year);
      case 'y': return p2(d.year % 100);
      case 'm': return p2(d.month);
      case 'd': return p2(d.day);
      case 'e': return String(d.day).padStart(2, ' ');
      case 'H': return p2(d.hour);
      case 'I': return p2(d.hour % 12 === 0 ? 12 : d.hour % 12);
      case 'M': return p2(d.minute);
      case 'S': return p2(d.second);
      case 'f': return String(d.micro).padStart(6, '0');
      case 'p': return d.hour < 12 ? 'AM' : 'PM';
      case 'a': return (DAYS[d.weekday] ?? '').slice(0, 3);
      case 'A': return DAYS[d.weekday] ?? '';
      case 'w': return String(d.weekday);
      case 'b': case 'h': return (MONTHS[d.month - 1] ?? '').slice(0, 3);
      case 'B': return MONTHS[d.month - 1] ?? '';
      case 'j': return String(dayOfYear(d)).padStart(3, '0');
      case 'z': return offsetText(d.offset, false);
      case 'Z': return utc ? 'UTC' : zoneName(d);
      case 'D': return `${p2(d.month)}/${p2(d.day)}/${p2(d.year % 100)}`;
      case 'F': return `${d.year}-${p2(d.month)}-${p2(d.day)}`;
      case 'T': return `${p2(d.hour)}:${p2(d.minute)}:${p2(d.second)}`;
      case 'R': return `${p2(d.hour)}:${p2(d.minute)}`;
      case 's': return String(d.epochSeconds);
      case '%': return '%';
      default: return whole;
    }
  });
}

const DATETIME_RE =
  /^(\d{4})-?(\d{2})-?(\d{2})(?:[T ](\d{2}):?(\d{2})(?::?(\d{2})(?:[.,](\d{1,9}))?)?)?\s*(Z|[+-]\d{2}(?::?\d{2})?)?$/i;

/** HA's dt_util.as_timestamp: parse str(value) as an ISO 8601 date/time (naive = local). */
export function asTimestamp(value: unknown): PyFloat {
  const m = DATETIME_RE.exec(pyStr(value).trim());
  if (!m) throw new PyValueError('not a valid date/time');
  const [, y, mo, d, h = '0', mi = '0', s = '0', frac = '', tz] = m;
  const nums = [y, mo, d, h, mi, s].map(Number) as [number, number, number, number, number, number];
  const [year, month, day, hour, minute, second] = nums;
  if (month < 1 || month > 12 || day < 1 || day > 31 || hour > 23 || minute > 59 || second > 59) {
    throw new PyValueError('not a valid date/time');
  }
  const date = new Date(0);
  if (tz === undefined) {
    date.setFullYear(year, month - 1, day);
    date.setHours(hour, minute, second, 0);
  } else {
    date.setUTCFullYear(year, month - 1, day);
    date.setUTCHours(hour, minute, second, 0);
  }
  if ((tz === undefined ? date.getDate() : date.getUTCDate()) !== day) {
    throw new PyValueError('day is out of range for month');
  }
  let epoch = date.getTime() / 1000;
  if (tz !== undefined && tz.toUpperCase() !== 'Z') {
    const digits = tz.replace(':', '');
    const minutes = Number(digits.slice(1, 3)) * 60 + Number(digits.slice(3, 5) || '0');
    epoch -= (digits.startsWith('-') ? -minutes : minutes) * 60;
  }
  const micro = frac === '' ? 0 : Number(frac.slice(0, 6).padEnd(6, '0'));
  return new PyFloat(epoch + micro / 1e6);
}
