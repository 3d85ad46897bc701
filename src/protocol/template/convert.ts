// HA's "forgiving" conversions: float, int, bool, round, iif.
import { PyError, PyValueError } from './errors.js';
import { parsePyFloat, parsePyInt, pyRound } from './number-format.js';
import { intValue, isIntLike, normInt, truncToInt } from './numbers.js';
import { PyFloat, failUndefined, isInt, isNumber, isUndefined, numValue, pyStr, truthy } from './python-values.js';
import { MISSING } from './signature.js';

/** HA's raise_no_default. */
export function noDefault(fn: string, value: unknown): never {
  throw new PyError(`${fn} got invalid input '${pyStr(value)}' but no default was specified`);
}

function fallback(fn: string, value: unknown, dflt: unknown): unknown {
  return dflt === MISSING ? noDefault(fn, value) : dflt;
}

/** Python float(v): undefined where Python raises ValueError/TypeError; Undefined raises. */
export function toPyFloat(v: unknown): number | undefined {
  if (isUndefined(v)) failUndefined(v);
  if (isNumber(v)) return numValue(v);
  if (typeof v === 'string') return parsePyFloat(v);
  return undefined;
}

export function forgivingFloat(value: unknown, dflt: unknown): unknown {
  const f = toPyFloat(value);
  return f === undefined ? fallback('float', value, dflt) : new PyFloat(f);
}

/** int() of a float: exact; NaN fails the conversion, infinities raise OverflowError as in Python. */
function floatToInt(f: number | undefined): number | bigint | undefined {
  if (f === undefined || Number.isNaN(f)) return undefined;
  if (!Number.isFinite(f)) throw new PyError('cannot convert float infinity to integer');
  return truncToInt(f);
}

/** Jinja's do_int (including its "42.23" -> 42 quirk) with HA's raise-without-default. */
export function forgivingInt(value: unknown, dflt: unknown, base: unknown): unknown {
  if (isUndefined(value)) failUndefined(value);
  let result: number | bigint | undefined;
  if (typeof value === 'string') {
    if (isIntLike(base)) result = parsePyInt(value, Number(intValue(base)));
    if (result === undefined) result = floatToInt(parsePyFloat(value));
  } else if (isIntLike(value)) {
    result = normInt(intValue(value));
  } else if (isNumber(value)) {
    result = floatToInt(numValue(value));
  }
  return result === undefined ? fallback('int', value, dflt) : result;
}

const TRUE_WORDS = new Set(['1', 'true', 'yes', 'on', 'enable']);
const FALSE_WORDS = new Set(['0', 'false', 'no', 'off', 'disable']);

/** HA's bool filter/function (cv.boolean with a default). */
export function forgivingBool(value: unknown, dflt: unknown): unknown {
  if (typeof value === 'boolean') return value;
  if (typeof value === 'string') {
    const word = value.toLowerCase().trim();
    if (TRUE_WORDS.has(word)) return true;
    if (FALSE_WORDS.has(word)) return false;
  } else if (isNumber(value)) {
    return numValue(value) !== 0;
  }
  return fallback('bool', value, dflt);
}

function pyIntOf(x: number, fn: string, value: unknown, dflt: unknown): unknown {
  if (Number.isNaN(x)) return fallback(fn, value, dflt);
  if (!Number.isFinite(x)) throw new PyError('cannot convert float infinity to integer');
  return truncToInt(x);
}

/** HA's round filter: precision 0 gives an int, otherwise a float. */
export function forgivingRound(value: unknown, precision: unknown, method: unknown, dflt: unknown): unknown {
  const f = toPyFloat(value);
  if (f === undefined || !(isInt(precision) || typeof precision === 'boolean')) return fallback('round', value, dflt);
  const p = numValue(precision);
  const multiplier = 10 ** p;
  let result: number;
  if (method === 'ceil' || method === 'floor') {
    const scaled = f * multiplier;
    if (Number.isNaN(scaled)) return fallback('round', value, dflt);
    if (!Number.isFinite(scaled)) throw new PyError('cannot convert float infinity to integer');
    result = (method === 'ceil' ? Math.ceil(scaled) : Math.floor(scaled)) / multiplier;
  } else if (method === 'half') {
    if (Number.isNaN(f)) return fallback('round', value, dflt);
    if (!Number.isFinite(f)) throw new PyError('cannot convert float infinity to integer');
    result = pyRound(f * 2, 0) / 2;
  } else {
    result = pyRound(f, p);
  }
  return p === 0 ? pyIntOf(result, 'round', value, dflt) : new PyFloat(result);
}

/** HA's iif(value, if_true=True, if_false=False, if_none=<unset>). */
export function iif(value: unknown, ifTrue: unknown, ifFalse: unknown, ifNone: unknown): unknown {
  if (value === null && ifNone !== MISSING) return ifNone;
  if (truthy(value)) return ifTrue === MISSING ? true : ifTrue;
  return ifFalse === MISSING ? false : ifFalse;
}

/**
 * Convert `value` with float() and compute; a failed conversion or a PyValueError from `compute`
 * yields `dflt`, or HA's "no default" error when none was given.
 */
export function forgiving(fn: string, value: unknown, dflt: unknown, compute: (f: number) => unknown): unknown {
  const f = toPyFloat(value);
  if (f === undefined) return fallback(fn, value, dflt);
  try {
    return compute(f);
  } catch (e) {
    if (e instanceof PyValueError) return fallback(fn, value, dflt);
    throw e;
  }
}

/** Run `compute`; a PyValueError yields `dflt` (or HA's "no default" error). */
export function withDefault(fn: string, value: unknown, dflt: unknown, compute: () => unknown): unknown {
  try {
    return compute();
  } catch (e) {
    if (e instanceof PyValueError) return fallback(fn, value, dflt);
    throw e;
  }
}
