/**
 * The values the date, time and datetime `set_value` actions accept, as Home Assistant's service schemas
 * read them: `cv.date` (strptime "%Y-%m-%d"), `cv.time` (dt_util.parse_time: H:M[:S], more parts ignored)
 * and `cv.datetime` (dt_util.parse_datetime: datetime.fromisoformat, then Django's DATETIME_RE).
 * Left out: ISO week dates (2025-W01-1), hour 24 and UTC offsets with fractions of a second, which
 * fromisoformat also reads.
 */
import { validCivil, type Civil, type PyDatetimeValue } from './date-time-values.js';

const MIDNIGHT = { hour: 0, minute: 0, second: 0, micro: 0 };

/** Python's int() of a string: optional whitespace and sign, digits with single underscores between them. */
function pyInt(text: string): number | undefined {
  return /^\s*[+-]?\d+(_\d+)*\s*$/.test(text) ? Number(text.replace(/[\s_]/g, '')) : undefined;
}

/** cv.date; undefined when Home Assistant refuses the value. */
export function parseServiceDate(value: unknown): Civil | undefined {
  if (typeof value !== 'string') return undefined;
  const m = /^(\d{4})-(1[0-2]|0[1-9]|[1-9])-(3[01]|[12]\d|0[1-9]|[1-9]| [1-9])$/i.exec(value);
  if (!m) return undefined;
  const civil = { year: Number(m[1]), month: Number(m[2]), day: Number((m[3] as string).trim()), ...MIDNIGHT };
  return validCivil(civil) ? civil : undefined;
}

/** cv.time (str() of the value split on ':'); undefined when Home Assistant refuses the value. */
export function parseServiceTime(value: unknown): Civil | undefined {
  if (typeof value !== 'string') return undefined;
  const parts = value.split(':');
  if (parts.length < 2) return undefined;
  const [hour, minute] = [pyInt(parts[0] as string), pyInt(parts[1] as string)];
  const second = parts.length > 2 ? pyInt(parts[2] as string) : 0;
  if (hour === undefined || minute === undefined || second === undefined) return undefined;
  const civil = { year: 2000, month: 1, day: 1, hour, minute, second, micro: 0 };
  return validCivil(civil) ? civil : undefined;
}

const digits = (s: string, from: number, n: number): number | undefined =>
  /^\d+$/.test(s.slice(from, from + n)) && s.length >= from + n ? Number(s.slice(from, from + n)) : undefined;

/** CPython's parse_hh_mm_ss_ff: HH[:MM[:SS[.f]]] or HHMMSS[.f]; [h, m, s, µs, rest-after-end?]. */
function hhmmss(s: string): [number, number, number, number, boolean] | undefined {
  const vals = [0, 0, 0];
  let p = 0;
  let sep = true;
  for (let i = 0; i < 3; i += 1) {
    const v = digits(s, p, 2);
    if (v === undefined) return undefined;
    vals[i] = v;
    p += 2;
    const c = s[p++];
    if (i === 0) sep = c === ':';
    if (p >= s.length) return [vals[0] as number, vals[1] as number, vals[2] as number, 0, c !== undefined];
    if (sep && c === ':') continue;
    if (c === '.' || c === ',') break;
    if (sep) return undefined;
    p -= 1;
  }
  const take = Math.min(6, s.length - p);
  const frac = digits(s, p, take);
  if (frac === undefined || take === 0) return undefined;
  const rest = s.slice(p + take).replace(/^\d+/, '');
  return [vals[0] as number, vals[1] as number, vals[2] as number, frac * 10 ** (6 - take), rest !== ''];
}

/** datetime.fromisoformat (CPython 3.11+), without week dates. */
export function fromIsoformat(s: string): PyDatetimeValue | undefined {
  // biome-ignore lint/suspicious/noControlCharactersInRegex: Python's str.isascii(), the whole 0–127 range
  if (s.length < 7 || !/^[\x00-\x7f]*$/.test(s)) return undefined;
  const dashed = s[4] === '-';
  if (s[dashed ? 5 : 4] === 'W') return undefined;
  const sepAt = dashed ? 10 : 8;
  const date = s.slice(0, sepAt);
  const m = dashed ? /^(\d{4})-(\d{2})-(\d{2})$/.exec(date) : /^(\d{4})(\d{2})(\d{2})$/.exec(date);
  if (!m) return undefined;
  const civil = { year: Number(m[1]), month: Number(m[2]), day: Number(m[3]), ...MIDNIGHT };
  const t = s.slice(sepAt + 1);
  if (s.length <= sepAt) return validCivil(civil) ? { ...civil, offset: null } : undefined;
  let tz = 0;
  while (tz < t.length && !'Z+-'.includes(t[tz] as string)) tz += 1;
  const time = hhmmss(t.slice(0, tz));
  if (time === undefined || (tz === t.length && time[4])) return undefined;
  const value = { ...civil, hour: time[0], minute: time[1], second: time[2], micro: time[3] };
  if (!validCivil(value)) return undefined;
  if (tz === t.length) return { ...value, offset: null };
  if (t[tz] === 'Z') return tz === t.length - 1 ? { ...value, offset: 0 } : undefined;
  const off = hhmmss(t.slice(tz + 1));
  if (off === undefined || off[4] || off[0] > 23 || off[1] > 59 || off[2] > 59 || off[3] !== 0) return undefined;
  return { ...value, offset: (t[tz] === '-' ? -1 : 1) * (off[0] * 3600 + off[1] * 60 + off[2]) };
}

/** Django's DATETIME_RE, dt_util's fallback for what fromisoformat refuses (e.g. 2025-1-5 3:04). */
const DATETIME_RE = new RegExp(
  '^(\\d{4})-(\\d{1,2})-(\\d{1,2})[T ](\\d{1,2}):(\\d{1,2})(?::(\\d{1,2})(?:\\.(\\d{1,6})\\d{0,6})?)?' +
    '(Z|[+-]\\d{2}(?::?\\d{2})?)?\\n?$',
);

/** cv.datetime; undefined when Home Assistant refuses the value. The offset is null for a naive value. */
export function parseServiceDatetime(value: unknown): PyDatetimeValue | undefined {
  if (typeof value !== 'string') return undefined;
  const iso = fromIsoformat(value);
  if (iso !== undefined) return iso;
  const m = DATETIME_RE.exec(value);
  if (!m) return undefined;
  const n = (i: number): number => Number(m[i] ?? 0);
  const micro = Number((m[7] ?? '').padEnd(6, '0'));
  const civil = { year: n(1), month: n(2), day: n(3), hour: n(4), minute: n(5), second: n(6), micro };
  if (!validCivil(civil)) return undefined;
  const tz = m[8];
  if (tz === undefined) return { ...civil, offset: null };
  if (tz === 'Z') return { ...civil, offset: 0 };
  const minutes = tz.length > 3 ? Number(tz.slice(-2)) : 0;
  const offset = Number(tz.slice(1, 3)) * 3600 + minutes * 60;
  // datetime.timezone() takes offsets strictly within a day
  return offset < 86_400 ? { ...civil, offset: tz[0] === '-' ? -offset : offset } : undefined;
}
