/**
 * `dateutil.parser.parse(text)` with its defaults (dayfirst and yearfirst off, not fuzzy), which the MQTT
 * date, time and datetime platforms use on state payloads: its tokenizer, the numeric forms (HH:MM[:SS[.f]],
 * YYYYMMDD[hhmm[ss]], 12h/5m/3s units, dates split by - / .), month and weekday names, AM/PM, UTC/GMT/Z and
 * ±HH[:MM] offsets, and its rules for reading two or three numbers as year, month and day (month first).
 * Missing fields come from today's date at midnight (process local time, as datetime.now()).
 * Left out: time zone names other than UTC/GMT/Z (dateutil matches them against the host's local zone
 * names only; otherwise the result is naive, as here) and digits outside ASCII.
 */
import { civilSeconds, daysInMonth, validCivil, type PyDatetimeValue } from './date-time-values.js';
import {
  AMPM,
  at,
  decimal,
  fail,
  HMS,
  int,
  Invalid,
  isDigits,
  jump,
  look,
  month,
  tokenize,
  UTC_NAMES,
  utcZone,
  WEEKDAYS,
  Ymd,
} from './dateutil-tokens.js';

interface Res {
  year?: number;
  month?: number;
  day?: number;
  weekday?: number;
  hour?: number;
  minute?: number;
  second?: number;
  micro?: number;
  tzname?: string;
  tzoffset?: number;
  ampm?: number;
}

const adjustAmpm = (hour: number, ampm: number): number =>
  hour < 12 && ampm === 1 ? hour + 12 : hour === 12 && ampm === 0 ? 0 : hour;
function parsems(s: string): [number, number] {
  const [whole, frac, extra] = s.split('.');
  if (extra !== undefined) fail();
  return frac === undefined ? [int(whole), 0] : [int(whole), int(frac.padEnd(6, '0').slice(0, 6))];
}
/** int(60 * (Decimal(text) % 1)) computed exactly, or undefined when the number has no fraction. */
function sixtieths(text: string): number | undefined {
  const frac = text.split('.')[1]?.replace(/0+$/, '') ?? '';
  return frac === '' ? undefined : Number((60n * BigInt(frac)) / 10n ** BigInt(frac.length));
}
/** _parse_min_sec */
const minSec = (text: string | undefined): [number, number | undefined] => [
  Math.trunc(decimal(text)),
  sixtieths(text ?? ''),
];
function assignHms(res: Res, repr: string, hms: number): void {
  const v = decimal(repr);
  if (hms === 0) [res.hour, res.minute] = [Math.trunc(v), sixtieths(repr) ?? res.minute];
  else if (hms === 1) [res.minute, res.second] = minSec(repr);
  else if (hms === 2) [res.second, res.micro] = parsems(repr);
}
function hmsIndex(i: number, l: readonly string[]): number | undefined {
  if (look(HMS, l[i + 1]) !== undefined) return i + 1;
  if (l[i + 1] === ' ' && look(HMS, l[i + 2]) !== undefined) return i + 2;
  if (i > 0 && look(HMS, l[i - 1]) !== undefined) return i - 1;
  if (i > 1 && i === l.length - 1 && l[i - 1] === ' ' && look(HMS, l[i - 2]) !== undefined) return i - 2;
  return undefined;
}

/** _parse_numeric_token: returns the index of the last token used. */
function numeric(l: string[], i: number, ymd: Ymd, res: Res): number {
  const repr = l[i] as string;
  const value = decimal(repr);
  const next = l[i + 1];
  const n = repr.length;
  if (
    ymd.values.length === 3 &&
    (n === 2 || n === 4) &&
    res.hour === undefined &&
    (next === undefined || (next !== ':' && look(HMS, next) === undefined))
  ) {
    res.hour = int(repr.slice(0, 2));
    if (n === 4) res.minute = int(repr.slice(2));
  } else if (n === 6 || (n > 6 && repr.indexOf('.') === 6)) {
    if (ymd.values.length === 0 && !repr.includes('.')) {
      for (const s of [repr.slice(0, 2), repr.slice(2, 4), repr.slice(4)]) ymd.append(s);
    } else {
      [res.hour, res.minute] = [int(repr.slice(0, 2)), int(repr.slice(2, 4))];
      [res.second, res.micro] = parsems(repr.slice(4));
    }
  } else if (n === 8 || n === 12 || n === 14) {
    ymd.append(repr.slice(0, 4), 'Y');
    ymd.append(repr.slice(4, 6));
    ymd.append(repr.slice(6, 8));
    if (n > 8) [res.hour, res.minute] = [int(repr.slice(8, 10)), int(repr.slice(10, 12))];
    if (n > 12) res.second = int(repr.slice(12));
  } else if (hmsIndex(i, l) !== undefined) {
    const h = hmsIndex(i, l) as number;
    assignHms(res, repr, h > i ? (look(HMS, l[h]) as number) : (look(HMS, l[h]) as number) + 1);
    if (h > i) i = h;
  } else if (i + 2 < l.length && next === ':') {
    res.hour = Math.trunc(value);
    [res.minute, res.second] = minSec(l[i + 2]);
    if (i + 4 < l.length && l[i + 3] === ':') [[res.second, res.micro], i] = [parsems(l[i + 4] as string), i + 2];
    i += 2;
  } else if (next === '-' || next === '/' || next === '.') {
    ymd.append(repr);
    if (i + 2 < l.length && !jump(l[i + 2])) {
      const t = l[i + 2] as string;
      if (isDigits(t)) ymd.append(t);
      else ymd.append(month(t) ?? fail(), 'M');
      if (i + 3 < l.length && l[i + 3] === next) {
        const m = month(at(l, i + 4));
        if (m !== undefined) ymd.append(m, 'M');
        else ymd.append(at(l, i + 4));
        i += 2;
      }
      i += 1;
    }
    i += 1;
  } else if (next === undefined || jump(next)) {
    const ampm = look(AMPM, l[i + 2]);
    if (ampm !== undefined) [res.hour, i] = [adjustAmpm(Math.trunc(value), ampm), i + 1];
    else ymd.append(value);
    i += 1;
  } else if (look(AMPM, next) !== undefined && value >= 0 && value < 24) {
    [res.hour, i] = [adjustAmpm(Math.trunc(value), look(AMPM, next) as number), i + 1];
  } else if (ymd.couldBeDay(value)) {
    ymd.append(value);
  } else {
    fail();
  }
  return i;
}

const couldBeTzname = (res: Res, tok: string, offset: number | undefined): boolean =>
  res.hour !== undefined &&
  res.tzname === undefined &&
  offset === undefined &&
  tok.length <= 5 &&
  (/^[A-Z]+$/.test(tok) || UTC_NAMES.includes(tok));

function offsetToken(l: string[], i: number, res: Res): number {
  const sign = l[i] === '+' ? 1 : -1;
  const t = at(l, i + 1);
  let h: number;
  let m = 0;
  if (t.length === 4) [h, m] = [int(t.slice(0, 2)), int(t.slice(2))];
  else if (l[i + 2] === ':' && i + 2 < l.length) [h, m, i] = [int(t), int(at(l, i + 3)), i + 2];
  else if (t.length <= 2) h = int(t);
  else return fail();
  res.tzoffset = sign * (h * 3600 + m * 60);
  const name = l[i + 4];
  if (
    i + 5 < l.length &&
    jump(l[i + 2]) &&
    l[i + 3] === '(' &&
    l[i + 5] === ')' &&
    name !== undefined &&
    name.length >= 3 &&
    couldBeTzname(res, name, undefined)
  )
    [res.tzname, i] = [name, i + 4];
  return i + 1;
}

function parseTokens(l: string[], res: Res, ymd: Ymd, nowYear: number): void {
  for (let i = 0; i < l.length; i += 1) {
    const tok = l[i] as string;
    if (/^(\d|\.\d)/.test(tok) || /^(nan|inf|infinity)$/i.test(tok)) {
      i = numeric(l, i, ymd, res);
    } else if (look(WEEKDAYS, tok) !== undefined) {
      res.weekday = look(WEEKDAYS, tok);
    } else if (month(tok) !== undefined) {
      ymd.append(month(tok) as number, 'M');
      const sep = l[i + 1];
      if (sep === '-' || sep === '/') {
        ymd.append(at(l, i + 2));
        if (i + 3 < l.length && l[i + 3] === sep) [, i] = [ymd.append(at(l, i + 4)), i + 2];
        i += 2;
      } else if (i + 4 < l.length && sep === ' ' && l[i + 3] === ' ' && l[i + 2]?.toLowerCase() === 'of') {
        const year = l[i + 4] as string;
        if (isDigits(year)) ymd.append(String(convertYear(Number(year), false, nowYear)), 'Y');
        i += 4;
      }
    } else if (look(AMPM, tok) !== undefined) {
      if (res.hour === undefined || res.hour < 0 || res.hour > 12) fail();
      res.ampm = look(AMPM, tok) as number;
      res.hour = adjustAmpm(res.hour as number, res.ampm);
    } else if (couldBeTzname(res, tok, res.tzoffset)) {
      res.tzname = tok;
      res.tzoffset = utcZone(tok) ? 0 : undefined;
      const sign = l[i + 1];
      if (sign === '+' || sign === '-') {
        l[i + 1] = sign === '+' ? '-' : '+';
        res.tzoffset = undefined;
        if (utcZone(tok)) res.tzname = undefined;
      }
    } else if (res.hour !== undefined && (tok === '+' || tok === '-')) {
      i = offsetToken(l, i, res);
    } else if (!jump(tok)) {
      fail();
    }
  }
}

/** parserinfo.convertyear: a two-digit year is put within 50 years of now. */
function convertYear(year: number, century: boolean, now: number): number {
  if (year >= 100 || century) return year;
  const y = year + Math.floor(now / 100) * 100;
  return y >= now + 50 ? y - 100 : y < now - 50 ? y + 100 : y;
}

/** `dateutil.parser.parse(text)`; undefined where it raises ParserError. `now` gives the default date. */
export function parseDateutil(text: string, now: Date = new Date()): PyDatetimeValue | undefined {
  const res: Res = {};
  const ymd = new Ymd();
  try {
    parseTokens(tokenize(text), res, ymd, now.getFullYear());
    [res.year, res.month, res.day] = ymd.resolve();
    if (res.year !== undefined) res.year = convertYear(res.year, ymd.century, now.getFullYear());
  } catch (err) {
    if (err instanceof Invalid) return undefined;
    throw err;
  }
  const zulu = res.tzname === 'Z' || res.tzname === 'z';
  if ((res.tzoffset === 0 && !res.tzname) || zulu) [res.tzname, res.tzoffset] = ['UTC', 0];
  else if (res.tzoffset !== 0 && res.tzname && utcZone(res.tzname)) res.tzoffset = 0;
  if (Object.values(res).every((v) => v === undefined)) return undefined;
  const year = res.year ?? now.getFullYear();
  const monthNo = res.month ?? now.getMonth() + 1;
  const day = res.day ?? Math.min(now.getDate(), daysInMonth(year, monthNo));
  const civil = {
    year,
    month: monthNo,
    day,
    hour: res.hour ?? 0,
    minute: res.minute ?? 0,
    second: res.second ?? 0,
    micro: res.micro ?? 0,
  };
  if (!validCivil(civil)) return undefined;
  if (res.weekday !== undefined && !res.day) {
    // relativedelta(weekday=…): the next such weekday, today included
    const date = new Date(civilSeconds(civil) * 1000);
    date.setUTCDate(date.getUTCDate() + ((7 - ((date.getUTCDay() + 6) % 7) + res.weekday) % 7));
    [civil.year, civil.month, civil.day] = [date.getUTCFullYear(), date.getUTCMonth() + 1, date.getUTCDate()];
  }
  return { ...civil, offset: res.tzoffset ?? null };
}
