// Python numbers on JS values.
//
//   int   -> a safe-integer JS number, or a bigint beyond ±(2**53 - 1): Python ints have no limit, and
//            payloads carry 64-bit ids and counters (value_json.id = 12345678901234567890) that a double
//            would round. Results are normalised: a bigint only where a number could not hold the value.
//            An integral JS number beyond the safe range (a caller's 1e20) is an int too, taken as it is.
//   float -> PyFloat, or a non-integral JS number
//   bool  -> boolean (a number in arithmetic, as in Python)
import { PyError } from './errors.js';

export class PyFloat {
  constructor(readonly value: number) {}
}

export type PyNum = number | bigint | boolean | PyFloat;

export function isInt(v: unknown): v is number | bigint {
  return typeof v === 'bigint' || (typeof v === 'number' && Number.isInteger(v));
}

export function isFloat(v: unknown): boolean {
  return v instanceof PyFloat || (typeof v === 'number' && !Number.isInteger(v));
}

/** Python numbers.Number: int, float and bool. */
export function isNumber(v: unknown): v is PyNum {
  return typeof v === 'number' || typeof v === 'bigint' || typeof v === 'boolean' || v instanceof PyFloat;
}

/** An int or a bool, which Python accepts wherever it wants an int. */
export function isIntLike(v: unknown): v is number | bigint | boolean {
  return isInt(v) || typeof v === 'boolean';
}

/** The value as a double: exact for floats and safe ints, the nearest double for bigger ints. */
export function numValue(v: PyNum): number {
  if (typeof v === 'boolean') return v ? 1 : 0;
  if (typeof v === 'bigint') {
    const n = Number(v);
    if (!Number.isFinite(n)) throw new PyError('int too large to convert to float');
    return n;
  }
  return v instanceof PyFloat ? v.value : v;
}

/** The exact value of an int (or bool). */
export function intValue(v: number | bigint | boolean): bigint {
  if (typeof v === 'bigint') return v;
  if (typeof v === 'boolean') return v ? 1n : 0n;
  return BigInt(v);
}

/** An int result in its normal form: a number when it is safe, else a bigint. */
export function normInt(v: bigint): number | bigint {
  return v >= -9007199254740991n && v <= 9007199254740991n ? Number(v) : v;
}

/** Python's int(x) of a finite double, exact however large. */
export function truncToInt(x: number): number | bigint {
  const t = Math.trunc(x);
  if (Number.isSafeInteger(t)) return t === 0 ? 0 : t;
  return normInt(BigInt(t));
}

export function pyFloat(n: number): PyFloat {
  return new PyFloat(n);
}

/** An int or float result: floats stay floats even when integral. */
export function pyNumber(n: number, float: boolean): number | PyFloat {
  return float ? new PyFloat(n) : n;
}

/** Order two ints exactly. */
function compareInts(a: number | bigint, b: number | bigint): number {
  if (typeof a === 'number' && typeof b === 'number') return a < b ? -1 : a > b ? 1 : 0;
  const x = intValue(a);
  const y = intValue(b);
  return x < y ? -1 : x > y ? 1 : 0;
}

/** Order an int against a double exactly, as Python does. */
function compareIntFloat(i: number | bigint, f: number): number | 'nan' {
  if (Number.isNaN(f)) return 'nan';
  if (f === Infinity) return -1;
  if (f === -Infinity) return 1;
  if (typeof i === 'number' && Number.isSafeInteger(i)) return i < f ? -1 : i > f ? 1 : 0;
  // |i| > 2**53: a non-integral double is far smaller in magnitude, an integral one converts exactly
  if (!Number.isInteger(f)) return intValue(i) < 0n ? -1 : 1;
  return compareInts(i, BigInt(f));
}

/** Python's ordering of two numbers: -1, 0, 1, or 'nan' when either is a NaN. */
export function compareNumbers(a: PyNum, b: PyNum): number | 'nan' {
  const ai = isIntLike(a) ? (typeof a === 'boolean' ? (a ? 1 : 0) : a) : undefined;
  const bi = isIntLike(b) ? (typeof b === 'boolean' ? (b ? 1 : 0) : b) : undefined;
  if (ai !== undefined && bi !== undefined) return compareInts(ai, bi);
  if (ai !== undefined) return compareIntFloat(ai, numValue(b));
  if (bi !== undefined) {
    const c = compareIntFloat(bi, numValue(a));
    return c === 'nan' ? c : -c;
  }
  const x = numValue(a);
  const y = numValue(b);
  if (Number.isNaN(x) || Number.isNaN(y)) return 'nan';
  return x < y ? -1 : x > y ? 1 : 0;
}

export function numbersEqual(a: PyNum, b: PyNum): boolean {
  return compareNumbers(a, b) === 0;
}

/** str() of an int. */
export function intText(n: number | bigint): string {
  if (typeof n === 'bigint') return n.toString();
  if (n === 0) return '0';
  return Number.isSafeInteger(n) ? String(n) : BigInt(n).toString();
}
