// Home Assistant's time functions for templates (homeassistant/helpers/template/extensions/datetime.py on
// homeassistant/util/dt.py). Those that read the clock (now, utcnow, today_at, relative_time, time_since,
// time_until) are host functions, given a clock by timeFunctions(); the others are built in.
import { PyError, PyValueError } from './errors.js';
import { noDefault, withDefault } from './convert.js';
import { parseIsoDatetime, strptime as parseStrptime } from './datetime-parse.js';
import { LOCAL, PyDatetime, localWallToEpoch } from './datetime-value.js';
import { timedelta } from './timedelta.js';
import type { HostFunction } from './host.js';
import { pyRound } from './number-format.js';
import {
  PyFloat,
  failUndefined,
  intArgument,
  isNumber,
  isUndefined,
  numValue,
  pyStr,
  typeName,
} from './python-values.js';
import { MISSING, sig, type Builtin } from './signature.js';
import { parsePyFloat, parsePyInt } from './number-format.js';

const MIN_TS = -62135596800; // 0001-01-01T00:00:00Z
const MAX_TS = 253402300799; // 9999-12-31T23:59:59Z

/** dt_util.utc_from_timestamp */
function utcFromTimestamp(ts: number): PyDatetime {
  if (!Number.isFinite(ts) || ts < MIN_TS || ts >= MAX_TS + 1) throw new PyValueError('year is out of range');
  return new PyDatetime(ts * 1000, false);
}

/** A datetime from an ISO text or a timestamp, undefined when it is neither (naive text is local time). */
export function parseDatetime(value: unknown): PyDatetime | undefined {
  if (value instanceof PyDatetime) return value;
  if (isNumber(value)) return new PyDatetime(numValue(value) * 1000, true);
  if (typeof value !== 'string') return undefined;
  const w = parseIsoDatetime(value.trim());
  if (w === undefined) return undefined;
  return PyDatetime.fromWall(w, w.offset === null ? LOCAL : undefined);
}

/** HA's as_datetime(value, default) */
function asDatetime(value: unknown, dflt: unknown): unknown {
  if (value instanceof PyDatetime) return value;
  if (isUndefined(value)) failUndefined(value);
  const ts = isNumber(value) ? numValue(value) : typeof value === 'string' ? parsePyFloat(value) : undefined;
  try {
    if (ts !== undefined) return utcFromTimestamp(ts);
  } catch (err) {
    // a timestamp out of range is a ValueError, and the text is then tried as a date
    if (!(err instanceof PyValueError)) throw err;
  }
  const w = typeof value === 'string' ? parseIsoDatetime(value) : undefined;
  if (w !== undefined) return PyDatetime.fromWall(w);
  if (dflt !== MISSING) return dflt;
  return typeof value === 'string' ? null : noDefault('as_datetime', value);
}

/** dt_util.as_local: aware -> local zone; naive -> its wall clock taken as local time */
export function asLocal(value: unknown): PyDatetime {
  if (!(value instanceof PyDatetime)) {
    if (isUndefined(value)) failUndefined(value);
    throw new PyError(`'${typeName(value)}' object has no attribute 'tzinfo'`);
  }
  if (value.zone.kind === 'naive') return new PyDatetime(localWallToEpoch(value.epochMs), true);
  return value.local ? value : new PyDatetime(value.epochMs, true);
}

/** dt_util.as_timestamp: a datetime's, or the ISO text's (naive = local time) */
export function asTimestamp(value: unknown): PyFloat {
  if (value instanceof PyDatetime) return new PyFloat(value.timestamp());
  const w = parseIsoDatetime(pyStr(value));
  if (w === undefined) throw new PyValueError('not a valid date/time.');
  return new PyFloat(PyDatetime.fromWall(w).timestamp());
}

function strptime(text: unknown, format: unknown, dflt: unknown): unknown {
  try {
    if (typeof text !== 'string' || typeof format !== 'string') {
      throw new PyValueError('strptime() argument must be str');
    }
    return PyDatetime.fromWall(parseStrptime(text, format));
  } catch (err) {
    if (!(err instanceof PyError)) throw err;
    return dflt === MISSING ? noDefault('strptime', text) : dflt;
  }
}

/** dt_util._get_timestring: the largest units, `precision` of them, the last one rounded. */
export function timeString(seconds: number, precision: number): string {
  if (seconds === 0) return '0 seconds';
  const units: [string, number][] = [
    ['year', 31_536_000],
    ['month', 2_592_000],
    ['day', 86_400],
    ['hour', 3_600],
    ['minute', 60],
    ['second', 1],
  ];
  let out = '';
  let level = 0;
  let rest = seconds;
  for (const [unit, factor] of units) {
    if (rest < factor) continue;
    level += 1;
    const count = level === precision ? pyRound(rest / factor, 0) : Math.floor(rest / factor);
    out += count === 1 ? `1 ${unit} ` : `${count} ${unit}s `;
    if (level === precision) break;
    rest -= count * factor;
  }
  return out.trimEnd();
}

/** relative_time / time_since (future = false) and time_until (future = true). */
function age(nowMs: number, value: unknown, precision: unknown, future: boolean): unknown {
  if (!(value instanceof PyDatetime)) return value;
  const when = value.naive ? asLocal(value) : value;
  if (future ? nowMs > when.epochMs : nowMs < when.epochMs) return value;
  const seconds = pyRound((future ? when.epochMs - nowMs : nowMs - when.epochMs) / 1000, 0);
  return timeString(seconds, precision === undefined ? 1 : intArgument(precision));
}

/** dt_util.parse_time: "HH:MM[:SS]" with Python's int() on each part, undefined when invalid */
function parseTime(text: string): [number, number, number] | undefined {
  const parts = text.split(':');
  if (parts.length < 2) return undefined;
  const nums = parts.slice(0, 3).map((p) => parsePyInt(p, 10));
  const [h, m, s = 0] = nums.map((n) => (typeof n === 'number' ? n : NaN));
  if (h === undefined || m === undefined) return undefined;
  if (!(h >= 0 && h < 24 && m >= 0 && m < 60 && s >= 0 && s < 60)) return undefined;
  return [h, m, s];
}

/** `today_at("07:30")`: today at that local time; today's midnight without a time. */
export function todayAt(now: Date, time: unknown): PyDatetime {
  const today = new Date(now.getTime());
  today.setHours(0, 0, 0, 0);
  const text = time === undefined || time === MISSING ? '' : time;
  if (text === '' || text === null || text === false) return new PyDatetime(today.getTime(), true);
  const hms = parseTime(pyStr(text));
  if (hms === undefined) throw new PyError(`could not convert ${typeName(text)} to datetime: '${pyStr(text)}'`);
  today.setHours(hms[0], hms[1], hms[2], 0);
  return new PyDatetime(today.getTime(), true);
}

const asTimestampBuiltin = sig('value, default?', ([v, d]) => withDefault('as_timestamp', v, d, () => asTimestamp(v)));

/** The time functions that need no clock: as builtin functions and as filters. */
export const TIME_BUILTIN_FUNCTIONS: Readonly<Record<string, Builtin>> = {
  as_datetime: sig('value, default?', ([v, d]) => asDatetime(v, d)),
  as_local: sig('value', ([v]) => asLocal(v)),
  as_timestamp: asTimestampBuiltin,
  strptime: sig('string, format, default?', ([s, f, d]) => strptime(s, f, d)),
  timedelta: sig('*args, **kwargs', (_a, rest, kw) => timedelta(rest, kw)),
};

export const TIME_BUILTIN_FILTERS: Readonly<Record<string, Builtin>> = {
  as_datetime: TIME_BUILTIN_FUNCTIONS['as_datetime'] as Builtin,
  as_local: TIME_BUILTIN_FUNCTIONS['as_local'] as Builtin,
  as_timestamp: asTimestampBuiltin,
};

/** The functions Home Assistant gives every template that read the clock (they are filters as well). */
export const TIME_FUNCTIONS = [
  'now',
  'utcnow',
  'today_at',
  'relative_time',
  'time_since',
  'time_until',
  'as_datetime',
  'as_local',
  'timedelta',
] as const;

/** The clock-reading functions on the given clock (epoch ms), plus the built-in ones, for hosts that list them. */
export function timeFunctions(nowMs: () => number): Record<(typeof TIME_FUNCTIONS)[number], HostFunction> {
  return {
    now: () => new PyDatetime(nowMs(), true),
    utcnow: () => new PyDatetime(nowMs(), false),
    today_at: ([time]) => todayAt(new Date(nowMs()), time),
    relative_time: ([value]) => age(nowMs(), value, undefined, false),
    time_since: ([value, precision]) => age(nowMs(), value, precision, false),
    time_until: ([value, precision]) => age(nowMs(), value, precision, true),
    as_datetime: ([value, dflt]) => asDatetime(value, dflt === undefined ? MISSING : dflt),
    as_local: ([value]) => asLocal(value),
    timedelta: (args, kw) => timedelta(args, kw),
  };
}
