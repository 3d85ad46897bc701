// Python number formatting and parsing on top of IEEE doubles (ints: see numbers.ts).
import { intText, normInt } from './numbers.js';

/** str(int) in Python: full decimal digits, never exponent notation. */
export const formatInt: (n: number | bigint) => string = intText;

/** repr(float) in Python: shortest round-trip digits, exponent form outside 1e-4 <= |x| < 1e16. */
export function floatRepr(x: number): string {
  if (Number.isNaN(x)) return 'nan';
  if (!Number.isFinite(x)) return x > 0 ? 'inf' : '-inf';
  if (x === 0) return Object.is(x, -0) ? '-0.0' : '0.0';
  const sign = x < 0 ? '-' : '';
  const [mantissa = '', expText = '0'] = Math.abs(x).toExponential().split('e');
  const exp = Number(expText);
  const digits = mantissa.replace('.', '');
  if (exp < -4 || exp >= 16) {
    const frac = digits.length > 1 ? `.${digits.slice(1)}` : '';
    return `${sign}${digits[0] ?? '0'}${frac}e${exp < 0 ? '-' : '+'}${String(Math.abs(exp)).padStart(2, '0')}`;
  }
  if (exp < 0) return `${sign}0.${'0'.repeat(-exp - 1)}${digits}`;
  const intPart = digits.slice(0, exp + 1).padEnd(exp + 1, '0');
  const fracPart = digits.slice(exp + 1);
  return `${sign}${intPart}.${fracPart === '' ? '0' : fracPart}`;
}

/** Exact decimal expansion of a positive finite double: value = 0.DIGITS × 10^point. */
export interface Decimal {
  readonly digits: string;
  readonly point: number;
}

export function exactDecimal(x: number): Decimal {
  const view = new DataView(new ArrayBuffer(8));
  view.setFloat64(0, Math.abs(x));
  const hi = view.getUint32(0);
  const lo = view.getUint32(4);
  const biased = (hi >>> 20) & 0x7ff;
  let m = (BigInt(hi & 0xfffff) << 32n) | BigInt(lo);
  let e = -1074;
  if (biased !== 0) {
    m |= 1n << 52n;
    e = biased - 1075;
  }
  if (m === 0n) return { digits: '', point: 0 };
  let text: string;
  let point: number;
  if (e >= 0) {
    text = (m << BigInt(e)).toString();
    point = text.length;
  } else {
    text = (m * 5n ** BigInt(-e)).toString();
    point = text.length + e;
  }
  return { digits: text.replace(/0+$/, ''), point };
}

/** Keep the first `keep` digits, rounding half to even on the exact value (as CPython does). */
export function roundDecimal(d: Decimal, keep: number): Decimal {
  const { digits, point } = d;
  if (keep >= digits.length) return d;
  if (keep < 0) return { digits: '', point };
  const head = digits.slice(0, keep);
  const next = digits.charCodeAt(keep) - 48;
  const restNonZero = /[1-9]/.test(digits.slice(keep + 1));
  const lastOdd = head.length > 0 && (head.charCodeAt(head.length - 1) - 48) % 2 === 1;
  const up = next > 5 || (next === 5 && (restNonZero || lastOdd));
  if (!up) return { digits: head.replace(/0+$/, ''), point };
  if (head === '') return { digits: '1', point: point + 1 };
  const bumped = (BigInt(head) + 1n).toString();
  if (bumped.length > head.length) return { digits: bumped.replace(/0+$/, ''), point: point + 1 };
  return { digits: bumped.replace(/0+$/, ''), point };
}

function digitAt(d: Decimal, index: number): string {
  return index < 0 ? '0' : (d.digits[index] ?? '0');
}

/** Fixed notation with exactly `places` decimals, correctly rounded half-even ('%.Nf'). */
export function toFixedExact(x: number, places: number): string {
  const neg = x < 0 || Object.is(x, -0);
  const exact = exactDecimal(x);
  const d = roundDecimal(exact, exact.point + places);
  let intPart = '';
  for (let i = 0; i < d.point; i++) intPart += digitAt(d, i);
  let frac = '';
  for (let i = 0; i < places; i++) frac += digitAt(d, d.point + i);
  return `${neg ? '-' : ''}${intPart === '' ? '0' : intPart}${places > 0 ? `.${frac}` : ''}`;
}

/** Exponent notation with `places` mantissa decimals, Python style exponent ('%.Ne'). */
export function toExponentialExact(x: number, places: number): string {
  const neg = x < 0 || Object.is(x, -0);
  if (x === 0) return `${neg ? '-' : ''}0${places > 0 ? `.${'0'.repeat(places)}` : ''}e+00`;
  const d = roundDecimal(exactDecimal(x), places + 1);
  let mant = digitAt(d, 0);
  if (places > 0) {
    mant += '.';
    for (let i = 1; i <= places; i++) mant += digitAt(d, i);
  }
  const exp = d.point - 1;
  return `${neg ? '-' : ''}${mant}e${exp < 0 ? '-' : '+'}${String(Math.abs(exp)).padStart(2, '0')}`;
}

/** Python's round(x, ndigits) for floats: exact half-even, then nearest double. */
export function pyRound(x: number, ndigits: number): number {
  if (!Number.isFinite(x) || x === 0 || ndigits > 330) return x;
  const d = exactDecimal(x);
  const r = roundDecimal(d, d.point + ndigits);
  const magnitude = r.digits === '' ? 0 : Number(`0.${r.digits}e${r.point}`);
  return x < 0 ? -magnitude : magnitude;
}

const FLOAT_RE = /^[+-]?(?:(?:\d(?:_?\d)*)?\.\d(?:_?\d)*|\d(?:_?\d)*\.?)(?:[eE][+-]?\d(?:_?\d)*)?$/;
const SPECIAL_RE = /^([+-]?)(inf|infinity|nan)$/i;

/** Python float(str); undefined where Python raises ValueError. */
export function parsePyFloat(text: string): number | undefined {
  const s = text.trim();
  const special = SPECIAL_RE.exec(s);
  if (special) {
    if (special[2]?.toLowerCase() === 'nan') return NaN;
    return special[1] === '-' ? -Infinity : Infinity;
  }
  if (!FLOAT_RE.test(s)) return undefined;
  return Number(s.replaceAll('_', ''));
}

const PREFIXES: Readonly<Record<string, number>> = { x: 16, o: 8, b: 2 };

/** Python int(str, base), exact at any length; undefined where Python raises ValueError. */
export function parsePyInt(text: string, base: number): number | bigint | undefined {
  if (!(base === 0 || (Number.isInteger(base) && base >= 2 && base <= 36))) return undefined;
  let s = text.trim();
  let neg = false;
  if (s.startsWith('+') || s.startsWith('-')) {
    neg = s.startsWith('-');
    s = s.slice(1);
  }
  let radix = base;
  const prefix = /^0([xob])/i.exec(s);
  const prefixBase = prefix ? PREFIXES[(prefix[1] ?? '').toLowerCase()] : undefined;
  if (prefixBase !== undefined && (base === 0 || base === prefixBase)) {
    radix = prefixBase;
    s = s.slice(2);
    if (s.startsWith('_')) s = s.slice(1);
  } else if (base === 0) {
    radix = 10;
    if (/^0+_?\d/.test(s) && /[1-9]/.test(s)) return undefined;
  }
  if (!/^[0-9a-z](?:_?[0-9a-z])*$/i.test(s)) return undefined;
  const clean = s.replaceAll('_', '').toLowerCase();
  let value = 0n;
  const big = BigInt(radix);
  for (const ch of clean) {
    const digit = parseInt(ch, 36);
    if (Number.isNaN(digit) || digit >= radix) return undefined;
    value = value * big + BigInt(digit);
  }
  return normInt(neg ? -value : value);
}
