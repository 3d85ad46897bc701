/**
 * The pieces of `dateutil.parser` that dateutil-parser.ts builds on: its tokenizer (_timelex), its word
 * tables (parserinfo: jump words, weekdays, months, h/m/s units, AM/PM, UTC names) and its year/month/day
 * collector (_ymd) with the rules that resolve two or three numbers (dayfirst and yearfirst off).
 */
import { daysInMonth } from './date-time-values.js';

export class Invalid extends Error {}
export const fail = (): never => {
  throw new Invalid();
};

const table = (groups: readonly (readonly string[])[]): Map<string, number> =>
  new Map(groups.flatMap((names, i) => names.map((n) => [n, i] as const)));
const JUMP = new Set([
  ' ',
  '.',
  ',',
  ';',
  '-',
  '/',
  "'",
  'at',
  'on',
  'and',
  'ad',
  'm',
  't',
  'of',
  'st',
  'nd',
  'rd',
  'th',
]);
export const WEEKDAYS = table([
  ['mon', 'monday'],
  ['tue', 'tuesday'],
  ['wed', 'wednesday'],
  ['thu', 'thursday'],
  ['fri', 'friday'],
  ['sat', 'saturday'],
  ['sun', 'sunday'],
]);
const MONTHS = table([
  ['jan', 'january'],
  ['feb', 'february'],
  ['mar', 'march'],
  ['apr', 'april'],
  ['may'],
  ['jun', 'june'],
  ['jul', 'july'],
  ['aug', 'august'],
  ['sep', 'sept', 'september'],
  ['oct', 'october'],
  ['nov', 'november'],
  ['dec', 'december'],
]);
export const HMS = table([
  ['h', 'hour', 'hours'],
  ['m', 'minute', 'minutes'],
  ['s', 'second', 'seconds'],
]);
export const AMPM = table([
  ['am', 'a'],
  ['pm', 'p'],
]);
export const UTC_NAMES = ['UTC', 'GMT', 'Z', 'z'];

export const look = (t: Map<string, number>, tok: string | undefined): number | undefined =>
  tok === undefined ? undefined : t.get(tok.toLowerCase());
export const jump = (tok: string | undefined): boolean => tok !== undefined && JUMP.has(tok.toLowerCase());
export const month = (tok: string | undefined): number | undefined => {
  const m = look(MONTHS, tok);
  return m === undefined ? undefined : m + 1;
};
export const utcZone = (name: string): boolean => UTC_NAMES.some((n) => n.toLowerCase() === name.toLowerCase());
export const isDigits = (s: string): boolean => /^\d+$/.test(s);
export const int = (s: string | undefined): number => (s !== undefined && isDigits(s) ? Number(s) : fail());
/** Decimal(text) for the tokenizer's numbers; NaN and infinities are refused as dateutil does. */
export const decimal = (s: string | undefined): number =>
  s !== undefined && /^(\d+\.?\d*|\.\d+)$/.test(s) ? Number(s) : fail();
export const at = (l: readonly string[], i: number): string => l[i] ?? fail();

/** dateutil's _timelex: words, numbers (with their dots and decimal commas), single other characters. */
export function tokenize(text: string): string[] {
  const chars = Array.from(text).filter((c) => c !== '\0');
  const isWord = (c: string): boolean => /\p{L}/u.test(c);
  const isNum = (c: string): boolean => c >= '0' && c <= '9';
  const out: string[] = [];
  let i = 0;
  while (i < chars.length) {
    const first = chars[i++] as string;
    if (!isWord(first) && !isNum(first)) {
      out.push(/\s/u.test(first) ? ' ' : first);
      continue;
    }
    let state = isWord(first) ? 'a' : '0';
    let token = first;
    let letters = false;
    for (; i < chars.length; i += 1) {
      const c = chars[i] as string;
      if (state === 'a' || state === 'a.') letters = true;
      if (state === 'a' && isWord(c)) token += c;
      else if (state === 'a' && c === '.') [token, state] = [token + c, 'a.'];
      else if (state === '0' && isNum(c)) token += c;
      else if (state === '0' && (c === '.' || (c === ',' && token.length >= 2))) [token, state] = [token + c, '0.'];
      else if (state === 'a.' && (c === '.' || isWord(c))) token += c;
      else if (state === 'a.' && isNum(c) && token.endsWith('.')) [token, state] = [token + c, '0.'];
      else if (state === '0.' && (c === '.' || isNum(c))) token += c;
      else if (state === '0.' && isWord(c) && token.endsWith('.')) [token, state] = [token + c, 'a.'];
      else break;
    }
    const dotted = state === 'a.' || state === '0.';
    const rest: string[] = [];
    if (dotted && (letters || token.split('.').length > 2 || /[.,]$/.test(token))) {
      const pieces = token.split(/([.,])/);
      token = pieces[0] ?? '';
      rest.push(...pieces.slice(1).filter((p) => p !== ''));
    }
    if (state === '0.' && !token.includes('.')) token = token.replaceAll(',', '.');
    out.push(token, ...rest);
  }
  return out;
}

/** dateutil's _ymd: up to three numbers, some known to be year (Y), month (M) or day. */
export class Ymd {
  readonly values: number[] = [];
  century = false;
  y: number | undefined;
  m: number | undefined;
  d: number | undefined;

  append(val: string | number, label?: 'Y' | 'M'): void {
    if (typeof val === 'string') {
      if (isDigits(val) && val.length > 2) [this.century, label] = [true, 'Y'];
      this.values.push(int(val));
    } else {
      if (val > 100) [this.century, label] = [true, 'Y'];
      this.values.push(Math.trunc(val));
    }
    const idx = this.values.length - 1;
    if (label === 'M') this.m = this.m === undefined ? idx : fail();
    if (label === 'Y') this.y = this.y === undefined ? idx : fail();
  }

  couldBeDay(value: number): boolean {
    if (this.d !== undefined) return false;
    if (this.m === undefined) return value >= 1 && value <= 31;
    const m = this.values[this.m] as number;
    const y = this.y === undefined ? 2000 : (this.values[this.y] as number);
    return value >= 1 && value <= daysInMonth(y, m);
  }

  /** resolve_ymd(yearfirst=False, dayfirst=False) → [year, month, day] */
  resolve(): (number | undefined)[] {
    const v = this.values;
    const [a, b, c] = v as [number, number, number];
    const known = [
      ['y', this.y],
      ['m', this.m],
    ].filter(([, i]) => i !== undefined) as [string, number][];
    if (v.length > 3) fail();
    if ((v.length === known.length && known.length > 0) || (v.length === 3 && known.length === 2)) {
      const idx = Object.fromEntries(known) as Record<string, number>;
      if (v.length === 3 && known.length === 2) {
        const missing = [0, 1, 2].find((x) => !Object.values(idx).includes(x)) as number;
        idx[['y', 'm', 'd'].find((k) => idx[k] === undefined) as string] = missing;
      }
      const get = (k: string): number | undefined => (idx[k] === undefined ? undefined : v[idx[k]]);
      return [get('y'), get('m'), get('d')];
    }
    const mi = this.m;
    if (v.length === 1 || (mi !== undefined && v.length === 2)) {
      const other = v.at(mi !== undefined ? mi - 1 : 0) as number;
      const mon = mi !== undefined ? v[mi] : undefined;
      if (v.length > 1 || mi === undefined) return other > 31 ? [other, mon, undefined] : [undefined, mon, other];
      return [undefined, mon, undefined];
    }
    if (v.length === 2) return a > 31 ? [a, b, undefined] : b > 31 ? [b, a, undefined] : [undefined, a, b];
    if (v.length === 3) {
      if (mi === 0) return b > 31 ? [b, a, c] : [c, a, b];
      if (mi === 1) return a > 31 ? [a, b, c] : [c, b, a];
      if (mi === 2) return b > 31 ? [b, c, a] : [a, c, b];
      if (a > 31 || this.y === 0) return [a, b, c];
      return a > 12 ? [c, b, a] : [c, a, b];
    }
    return [undefined, undefined, undefined];
  }
}
