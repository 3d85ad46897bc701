// Home Assistant's trigonometry (sin, cos, tan, asin, acos, atan, atan2) and average, each a filter and a
// function: float() of the value, a default when that fails or the value is outside the domain, else HA's
// "no default".
import { forgiving, noDefault, toPyFloat } from './convert.js';
import { PyError, PyValueError } from './errors.js';
import { withDefault } from './convert.js';
import type { PyNum } from './numbers.js';
import {
  PyFloat,
  isDict,
  isNumber,
  isTuple,
  isUndefined,
  iterate,
  makeTuple,
  numValue,
  typeName,
} from './python-values.js';
import { MISSING, kwArg, kwOnly, sig, type Builtin } from './signature.js';

function unary(name: string, fn: (x: number) => number): Builtin {
  return sig('value, default?', ([v, d]) =>
    forgiving(name, v, d, (x) => {
      const r = fn(x);
      if (Number.isNaN(r) && !Number.isNaN(x)) throw new PyValueError('math domain error');
      return new PyFloat(r);
    }),
  );
}

/** atan2(y, x), atan2([y, x]), with the default positional or by keyword. */
function atan2(args: readonly unknown[], kwargs: Readonly<Record<string, unknown>>): unknown {
  let values = args;
  let dflt = Object.hasOwn(kwargs, 'default') ? kwargs['default'] : MISSING;
  const [first] = args;
  if (args.length >= 1 && args.length <= 2 && (Array.isArray(first) || isTuple(first))) {
    if (args.length === 2 && dflt === MISSING) dflt = args[1];
    values = first;
  } else if (args.length === 3 && dflt === MISSING) {
    dflt = args[2];
  }
  const y = values.length > 0 ? toPyFloat(values[0]) : undefined;
  const x = values.length > 1 ? toPyFloat(values[1]) : undefined;
  if (y === undefined || x === undefined) return dflt === MISSING ? noDefault('atan2', makeTuple([...args])) : dflt;
  return new PyFloat(Math.atan2(y, x));
}

/** math.fsum: the correctly rounded sum (Shewchuk's partials, as CPython's msum). */
export function fsum(xs: readonly number[]): number {
  const partials: number[] = [];
  for (const value of xs) {
    let x = value;
    let i = 0;
    for (const p of partials) {
      let y = p;
      if (Math.abs(x) < Math.abs(y)) [x, y] = [y, x];
      const hi = x + y;
      const lo = y - (hi - x);
      if (lo !== 0) partials[i++] = lo;
      x = hi;
    }
    partials.length = i;
    partials.push(x);
  }
  let n = partials.length;
  let hi = 0;
  if (n > 0) {
    hi = partials[--n] ?? 0;
    let lo = 0;
    while (n > 0) {
      const x = hi;
      const y = partials[--n] ?? 0;
      hi = x + y;
      lo = y - (hi - x);
      if (lo !== 0) break;
    }
    const next = partials[n - 1] ?? 0;
    if (n > 0 && ((lo < 0 && next < 0) || (lo > 0 && next > 0))) {
      const y = lo * 2;
      const x = hi + y;
      if (y === x - hi) hi = x;
    }
  }
  return hi;
}

/** average(list), average(a, b, …), a default positional after a list or by keyword */
function average(args: readonly unknown[], kwargs: Readonly<Record<string, unknown>>): unknown {
  kwOnly('average', kwargs, ['default']);
  if (args.length === 0) throw new PyError('average expected at least 1 argument, got 0');
  let dflt = kwArg(kwargs, 'default', MISSING);
  const [first] = args;
  let values: readonly unknown[];
  if (Array.isArray(first) || typeof first === 'string' || isDict(first) || isUndefined(first)) {
    values = iterate(first);
    if (args.length > 1 && dflt === MISSING) dflt = args[1];
  } else if (args.length === 1) {
    throw new PyError(`'${typeName(first)}' object is not iterable`);
  } else values = args;
  return withDefault('average', makeTuple([...args]), dflt, () => {
    if (values.length === 0 || !values.every(isNumber)) throw new PyValueError('average needs numbers');
    return new PyFloat(fsum(values.map((v) => numValue(v as PyNum))) / values.length);
  });
}

export const TRIGONOMETRY: Readonly<Record<string, Builtin>> = {
  acos: unary('acos', Math.acos),
  asin: unary('asin', Math.asin),
  atan: unary('atan', Math.atan),
  average: sig('*args, **kwargs', (_a, rest, kw) => average(rest, kw)),
  atan2: sig('*args, **kwargs', (_a, rest, kw) => atan2(rest, kw)),
  cos: unary('cos', Math.cos),
  sin: unary('sin', Math.sin),
  tan: unary('tan', Math.tan),
};
