/**
 * Home Assistant's dt_util.parse_datetime / parse_date / parse_time on text, to wall-clock fields: a date-time
 * as milliseconds of its wall clock read as UTC (local-time.ts `Local.wall`), with its UTC offset when written.
 */
const DAY = 86_400_000;

/** wall ms of y-m-d h:m:s.ms, or undefined when a field is out of range */
function wallOf(y: number, mo: number, d: number, h = 0, mi = 0, s = 0, ms = 0): number | undefined {
  if (mo < 1 || mo > 12 || d < 1 || h > 23 || mi > 59 || s > 59) return undefined;
  const wall = Date.UTC(y, mo - 1, d, h, mi, s, ms);
  return new Date(wall).getUTCDate() === d ? wall : undefined;
}

export interface ParsedDateTime {
  readonly wall: number;
  /** ms east of UTC when the text gave an offset */
  readonly offset?: number;
}

const DATETIME =
  /^(\d{4})-(\d{1,2})-(\d{1,2})[T ](\d{1,2}):(\d{1,2})(?::(\d{1,2})(?:[.,](\d{1,6})\d*)?)?\s*(Z|[+-]\d{2}(?::?\d{2})?)?$/;

export function parseDateTime(text: string): ParsedDateTime | undefined {
  const m = DATETIME.exec(text.trim());
  if (!m) return undefined;
  const ms = m[7] ? Math.floor(Number(m[7].padEnd(6, '0')) / 1000) : 0;
  const wall = wallOf(
    +(m[1] as string),
    +(m[2] as string),
    +(m[3] as string),
    +(m[4] as string),
    +(m[5] as string),
    +(m[6] ?? 0),
    ms,
  );
  if (wall === undefined) return undefined;
  const tz = m[8];
  if (!tz) return { wall };
  if (tz === 'Z') return { wall, offset: 0 };
  const sign = tz.startsWith('-') ? -1 : 1;
  const digits = tz.slice(1).replace(':', '');
  return { wall, offset: sign * (Number(digits.slice(0, 2)) * 60 + Number(digits.slice(2) || 0)) * 60_000 };
}

export function parseDate(text: string): number | undefined {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(text.trim());
  return m ? wallOf(+(m[1] as string), +(m[2] as string), +(m[3] as string)) : undefined;
}

/** ms since midnight */
export function parseTime(text: string): number | undefined {
  const m = /^(\d{1,2}):(\d{1,2})(?::(\d{1,2})(?:\.(\d{1,6})\d*)?)?$/.exec(text.trim());
  if (!m) return undefined;
  const wall = wallOf(1970, 1, 1, +(m[1] as string), +(m[2] as string), +(m[3] ?? 0));
  return wall === undefined ? undefined : wall + (m[4] ? Math.floor(Number(m[4].padEnd(6, '0')) / 1000) : 0);
}

export const dayOf = (wall: number): number => Math.floor(wall / DAY) * DAY;
export const timeOf = (wall: number): number => wall - dayOf(wall);

const two = (n: number) => String(n).padStart(2, '0');
/** strftime('%Y-%m-%d') of a wall time */
export const formatDate = (wall: number): string => new Date(wall).toISOString().slice(0, 10);
/** strftime('%H:%M:%S') of a wall time */
export function formatTime(wall: number): string {
  const d = new Date(wall);
  return `${two(d.getUTCHours())}:${two(d.getUTCMinutes())}:${two(d.getUTCSeconds())}`;
}
