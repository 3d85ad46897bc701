// Python str methods used by filters and by method calls such as value.split(',').
import { PyError } from './errors.js';

const isCased = (ch: string): boolean => ch.toLowerCase() !== ch.toUpperCase();

/** str.title(): uppercase after every uncased character ("they're" -> "They'Re"). */
export function pyTitle(s: string): string {
  let out = '';
  let prevCased = false;
  for (const ch of s) {
    if (isCased(ch)) {
      out += prevCased ? ch.toLowerCase() : ch.toUpperCase();
      prevCased = true;
    } else {
      out += ch;
      prevCased = false;
    }
  }
  return out;
}

/** Jinja's title filter: capitalise words split on whitespace, '-', and opening brackets. */
export function jinjaTitle(s: string): string {
  return s
    .split(/([-\s({[<]+)/)
    .filter((part) => part !== '')
    .map((part) => {
      const [first = '', ...rest] = Array.from(part);
      return first.toUpperCase() + rest.join('').toLowerCase();
    })
    .join('');
}

/** str.capitalize(). */
export function pyCapitalize(s: string): string {
  const [first = '', ...rest] = Array.from(s);
  return first.toUpperCase() + rest.join('').toLowerCase();
}

const WHITESPACE = /\s/u;

/** str.strip/lstrip/rstrip with optional set of characters. */
export function pyStrip(s: string, chars: string | null, side: 'both' | 'left' | 'right'): string {
  const drop = (ch: string): boolean => (chars === null ? WHITESPACE.test(ch) : chars.includes(ch));
  const cps = Array.from(s);
  let start = 0;
  let end = cps.length;
  if (side !== 'right') while (start < end && drop(cps[start] ?? '')) start++;
  if (side !== 'left') while (end > start && drop(cps[end - 1] ?? '')) end--;
  return cps.slice(start, end).join('');
}

/** str.replace(old, new, count). */
export function pyReplace(s: string, old: string, replacement: string, count: number): string {
  if (count < 0) return s.replaceAll(old, replacement);
  let out = '';
  let rest = s;
  for (let i = 0; i < count; i++) {
    if (old === '') {
      if (i === 0) {
        out += replacement;
        continue;
      }
      const [ch] = Array.from(rest);
      if (ch === undefined) break;
      out += ch + replacement;
      rest = rest.slice(ch.length);
      continue;
    }
    const at = rest.indexOf(old);
    if (at < 0) break;
    out += rest.slice(0, at) + replacement;
    rest = rest.slice(at + old.length);
  }
  return out + rest;
}

/** str.split(sep=None, maxsplit=-1). */
export function pySplit(s: string, sep: string | null, maxsplit: number): string[] {
  if (sep === '') throw new PyError('empty separator');
  const out: string[] = [];
  if (sep === null) {
    let rest = s.replace(/^\s+/u, '');
    while (rest !== '') {
      if (maxsplit >= 0 && out.length >= maxsplit) {
        out.push(rest.replace(/\s+$/u, ''));
        return out;
      }
      const m = /\s+/u.exec(rest);
      if (!m) {
        out.push(rest);
        break;
      }
      out.push(rest.slice(0, m.index));
      rest = rest.slice(m.index + m[0].length);
    }
    return out;
  }
  let rest = s;
  for (;;) {
    const at = rest.indexOf(sep);
    if (at < 0 || (maxsplit >= 0 && out.length >= maxsplit)) break;
    out.push(rest.slice(0, at));
    rest = rest.slice(at + sep.length);
  }
  out.push(rest);
  return out;
}

/**
 * Jinja's truncate filter (jinja2.filters.do_truncate): a string longer than length + leeway is cut to
 * length - len(end) code points (back to the last space unless killwords) and end is appended.
 */
export function jinjaTruncate(s: string, length: number, killwords: boolean, end: string, leeway: number): string {
  const chars = Array.from(s);
  const endLength = Array.from(end).length;
  if (length < endLength) throw new Error(`expected length >= ${endLength}, got ${length}`);
  if (leeway < 0) throw new Error(`expected leeway >= 0, got ${leeway}`);
  if (chars.length <= length + leeway) return s;
  const cut = chars.slice(0, Math.max(0, length - endLength)).join('');
  if (killwords) return cut + end;
  const space = cut.lastIndexOf(' ');
  return (space < 0 ? cut : cut.slice(0, space)) + end;
}
