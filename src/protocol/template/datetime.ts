// Calendar fields of an instant and strftime; the timestamp_* filters.
// "Local" is the process time zone (HA uses its configured zone; run the add-on with TZ set).
import type { Civil } from './civil.js';
import { PyValueError } from './errors.js';
import { pyRound } from './number-format.js';
import { isNumber, numValue, pyStr } from './python-values.js';
import type { ZoneNames } from './zone-names.js';

const DAYS = ['Sunday', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday'];
const MONTHS = [
  'January',
  'February',
  'March',
  'April',
  'May',
  'June',
  'July',
  'August',
  'September',
  'October',
  'November',
  'December',
];
const MIN_TS = -62135596800; // 0001-01-01T00:00:00Z
const MAX_TS = 253402300799; // 9999-12-31T23:59:59Z

export interface Parts extends Civil {
  readonly weekday: number;
  /** Offset east of UTC in minutes. */
  readonly offset: number;
  readonly epochSeconds: number;
  /** a naive datetime: no offset, no zone name */
  readonly naive?: boolean;
  /** what %Z prints, when not the local zone's abbreviation or UTC */
  readonly zoneName?: string;
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
  const offset = d.naive ? '' : offsetText(d.offset, true);
  return `${year}-${p2(d.month)}-${p2(d.day)}T${p2(d.hour)}:${p2(d.minute)}:${p2(d.second)}${frac}${offset}`;
}

// The tz database abbreviation Python prints for %Z (CEST, EDT, BST…), by `zones` (zone-names.ts); a zone
// without one prints its offset, as tzdata's "+04" does.
export function zoneAbbreviation(epochSeconds: number, offset: number, zones: ZoneNames): string {
  const name = zones.abbreviation(new Date(epochSeconds * 1000));
  if (name !== undefined) return name;
  if (offset === 0) return 'UTC';
  const text = offsetText(offset, false);
  return text.endsWith('00') ? text.slice(0, 3) : text;
}

function zoneName(d: Parts, zones: ZoneNames): string {
  return d.zoneName ?? zoneAbbreviation(d.epochSeconds, d.offset, zones);
}

function dayOfYear(d: Parts): number {
  return Math.round((Date.UTC(d.year, d.month - 1, d.day) - Date.UTC(d.year, 0, 1)) / 86_400_000) + 1;
}

/**
 * A strftime subset with C-locale names; unknown directives are copied through. %Z names the local zone with
 * `zones`, the formatters of the environment rendering (TemplateCaches.zoneNames).
 */
export function strftime(d: Parts, format: string, utc: boolean, zones: ZoneNames): string {
  return format.replace(/%([a-zA-Z%])/g, (whole, c: string) => {
    switch (c) {
      case 'Y':
        return String(d.year);
      case 'y':
        return p2(d.year % 100);
      case 'm':
        return p2(d.month);
      case 'd':
        return p2(d.day);
      case 'e':
        return String(d.day).padStart(2, ' ');
      case 'H':
        return p2(d.hour);
      case 'I':
        return p2(d.hour % 12 === 0 ? 12 : d.hour % 12);
      case 'M':
        return p2(d.minute);
      case 'S':
        return p2(d.second);
      case 'f':
        return String(d.micro).padStart(6, '0');
      case 'p':
        return d.hour < 12 ? 'AM' : 'PM';
      case 'a':
        return (DAYS[d.weekday] ?? '').slice(0, 3);
      case 'A':
        return DAYS[d.weekday] ?? '';
      case 'w':
        return String(d.weekday);
      case 'b':
      case 'h':
        return (MONTHS[d.month - 1] ?? '').slice(0, 3);
      case 'B':
        return MONTHS[d.month - 1] ?? '';
      case 'j':
        return String(dayOfYear(d)).padStart(3, '0');
      case 'z':
        return d.naive ? '' : offsetText(d.offset, false);
      case 'Z':
        return d.naive ? '' : utc ? 'UTC' : zoneName(d, zones);
      case 'D':
        return `${p2(d.month)}/${p2(d.day)}/${p2(d.year % 100)}`;
      case 'F':
        return `${d.year}-${p2(d.month)}-${p2(d.day)}`;
      case 'T':
        return `${p2(d.hour)}:${p2(d.minute)}:${p2(d.second)}`;
      case 'R':
        return `${p2(d.hour)}:${p2(d.minute)}`;
      case 's':
        return String(d.epochSeconds);
      case '%':
        return '%';
      default:
        return whole;
    }
  });
}
