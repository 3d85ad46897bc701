// Python semantics for Jinja's operators and attribute/item access.
import { PyError } from './errors.js';
import { percentFormat } from './printf.js';
import { HostObject, NOT_HANDLED } from './host.js';
import {
  PyFloat,
  PyNamespace,
  PyUndefined,
  failUndefined,
  isDict,
  isFloat,
  isInt,
  isNumber,
  isTuple,
  isUndefined,
  makeTuple,
  numValue,
  objectTypeRepr,
  pyEquals,
  pyNumber,
  pyStr,
  typeName, dictKey, storedKey,
} from './python-values.js';

/** Longest string or list an operator may build; guards `'x' * 10**9`. */
export const MAX_SEQUENCE_LENGTH = 1_000_000;

export type ArithOp = '+' | '-' | '*' | '/' | '//' | '%' | '**';

function unsupported(op: string, a: unknown, b: unknown): never {
  throw new PyError(`unsupported operand type(s) for ${op}: '${typeName(a)}' and '${typeName(b)}'`);
}

function checkSize(n: number): void {
  if (n > MAX_SEQUENCE_LENGTH) throw new PyError(`result too large (more than ${MAX_SEQUENCE_LENGTH} items)`);
}

function isIntLike(v: unknown): v is number | boolean {
  return isInt(v) || typeof v === 'boolean';
}

function repeat(seq: string | unknown[], times: number | boolean): string | unknown[] {
  const n = Math.max(0, numValue(times));
  checkSize(seq.length * n);
  if (typeof seq === 'string') return seq.repeat(n);
  const out: unknown[] = [];
  for (let i = 0; i < n; i++) out.push(...seq);
  return isTuple(seq) ? makeTuple(out) : out;
}

export function arithmetic(op: ArithOp, a: unknown, b: unknown): unknown {
  if (isUndefined(a)) failUndefined(a);
  if (isUndefined(b)) failUndefined(b);
  if (a instanceof HostObject || b instanceof HostObject) {
    const result = a instanceof HostObject ? a.binary(op, b, false) : NOT_HANDLED;
    if (result !== NOT_HANDLED) return result;
    const reflected = b instanceof HostObject ? b.binary(op, a, true) : NOT_HANDLED;
    if (reflected !== NOT_HANDLED) return reflected;
  }
  if (isNumber(a) && isNumber(b)) return numeric(op, a, b);
  if (op === '+') {
    if (typeof a === 'string' && typeof b === 'string') {
      checkSize(a.length + b.length);
      return a + b;
    }
    if (Array.isArray(a) && Array.isArray(b) && isTuple(a) === isTuple(b)) {
      checkSize(a.length + b.length);
      return isTuple(a) ? makeTuple([...a, ...b]) : [...a, ...b];
    }
  }
  if (op === '*') {
    if ((typeof a === 'string' || Array.isArray(a)) && isIntLike(b)) return repeat(a, b);
    if ((typeof b === 'string' || Array.isArray(b)) && isIntLike(a)) return repeat(b, a);
  }
  if (op === '%' && typeof a === 'string') return percentFormat(a, b);
  return unsupported(op, a, b);
}

function numeric(op: ArithOp, a: number | boolean | PyFloat, b: number | boolean | PyFloat): unknown {
  const float = isFloat(a) || isFloat(b);
  const x = numValue(a);
  const y = numValue(b);
  switch (op) {
    case '+':
      return pyNumber(x + y, float);
    case '-':
      return pyNumber(x - y, float);
    case '*':
      return pyNumber(x * y, float);
    case '/':
      if (y === 0) throw new PyError('division by zero');
      return pyNumber(x / y, true);
    case '//':
      if (y === 0) throw new PyError(float ? 'float floor division by zero' : 'integer division or modulo by zero');
      return float ? pyNumber(floorDiv(x, y), true) : Math.floor(x / y);
    case '%':
      if (y === 0) throw new PyError(float ? 'float modulo' : 'integer division or modulo by zero');
      return pyNumber(pyMod(x, y), float);
    case '**':
      return power(x, y, float);
  }
}

/** Python's float floor division (mirrors CPython's float_floor_div). */
function floorDiv(x: number, y: number): number {
  const mod = x % y;
  let div = (x - mod) / y;
  if (mod !== 0 && y < 0 !== mod < 0) div -= 1;
  if (div === 0) return Math.sign(x / y) < 0 ? -0 : 0;
  const floor = Math.floor(div);
  return div - floor > 0.5 ? floor + 1 : floor;
}

export function pyMod(x: number, y: number): number {
  const mod = x % y;
  if (mod === 0) return y < 0 ? -0 : 0;
  return y < 0 !== mod < 0 ? mod + y : mod;
}

function power(x: number, y: number, float: boolean): unknown {
  if (x === 0 && y < 0) throw new PyError('0.0 cannot be raised to a negative power');
  if (x < 0 && !Number.isInteger(y)) throw new PyError('complex results are not supported');
  const result = x ** y;
  if (float) {
    if (!Number.isFinite(result) && Number.isFinite(x) && Number.isFinite(y)) {
      throw new PyError('(34, \'Numerical result out of range\')');
    }
    return pyNumber(result, true);
  }
  return y < 0 ? pyNumber(result, true) : result;
}

export function negate(v: unknown, op: '-' | '+'): unknown {
  if (isUndefined(v)) failUndefined(v);
  if (!isNumber(v)) throw new PyError(`bad operand type for unary ${op}: '${typeName(v)}'`);
  const n = numValue(v);
  return pyNumber(op === '-' ? -n : n, isFloat(v));
}

/** Jinja's ~ operator: string concatenation of str() of both sides. */
export function concat(a: unknown, b: unknown): string {
  const s = pyStr(a) + pyStr(b);
  checkSize(s.length);
  return s;
}

/** Python `item in container`. */
export function contains(container: unknown, item: unknown): boolean {
  if (isUndefined(container)) return false;
  if (typeof container === 'string') {
    if (typeof item !== 'string') {
      throw new PyError(`'in <string>' requires string as left operand, not ${typeName(item)}`);
    }
    return container.includes(item);
  }
  if (Array.isArray(container)) return container.some((x) => pyEquals(x, item));
  if (isDict(container)) return Object.hasOwn(container, storedKey(container, item));
  throw new PyError(`argument of type '${typeName(container)}' is not iterable`);
}

function readOwn(obj: Record<string, unknown>, key: string): unknown {
  if (!Object.hasOwn(obj, key)) return undefined;
  const value = obj[key];
  return value === undefined ? new PyUndefined(`'${key}' is undefined`) : value;
}

/**
 * `obj.name`. Failures give Undefined, like Jinja; attribute access on Undefined stays Undefined
 * (HA's stock Undefined would raise here, this subset chains instead).
 */
export function getAttr(obj: unknown, name: string): unknown {
  if (isUndefined(obj)) return obj ?? new PyUndefined('value is undefined');
  let found: unknown;
  if (obj instanceof HostObject) found = obj.attribute(name);
  else if (obj instanceof PyNamespace) found = readOwn(obj.attrs, name);
  else if (isDict(obj)) found = readOwn(obj, name);
  return found === undefined ? new PyUndefined(`${objectTypeRepr(obj)} has no attribute '${name}'`) : found;
}

function normIndex(key: unknown, length: number): number | undefined {
  if (!isInt(key) && typeof key !== 'boolean') return undefined;
  const i = numValue(key);
  const index = i < 0 ? i + length : i;
  return index >= 0 && index < length ? index : undefined;
}

/** `obj[key]`; failures give Undefined, like Jinja's getitem. */
export function getItem(obj: unknown, key: unknown): unknown {
  if (isUndefined(obj)) return obj ?? new PyUndefined('value is undefined');
  if (typeof key === 'string' && (isDict(obj) || obj instanceof PyNamespace)) return getAttr(obj, isDict(obj) ? dictKey(key) : key);
  if (isDict(obj) && !isUndefined(key)) {
    const stored = storedKey(obj, key);
    return Object.hasOwn(obj, stored) ? obj[stored] : new PyUndefined(`${objectTypeRepr(obj)} has no element ${pyStr(key)}`);
  }
  if (Array.isArray(obj) || typeof obj === 'string') {
    const seq = typeof obj === 'string' ? Array.from(obj) : obj;
    const index = normIndex(key, seq.length);
    if (index !== undefined) {
      const value = seq[index];
      return value === undefined ? new PyUndefined('value is undefined') : value;
    }
  }
  if (typeof key === 'string') return getAttr(obj, key);
  return new PyUndefined(`${objectTypeRepr(obj)} has no element ${pyStr(key)}`);
}

function sliceBound(v: unknown): number | undefined | 'bad' {
  if (v === null || isUndefined(v)) return undefined;
  if (isInt(v) || typeof v === 'boolean') return numValue(v);
  return 'bad';
}

/** `obj[start:stop:step]` with Python's index normalisation. */
export function getSlice(obj: unknown, start: unknown, stop: unknown, step: unknown): unknown {
  if (isUndefined(obj)) return obj ?? new PyUndefined('value is undefined');
  const s0 = sliceBound(start);
  const s1 = sliceBound(stop);
  const st = sliceBound(step) ?? 1;
  if (s0 === 'bad' || s1 === 'bad' || st === 'bad' || !(typeof obj === 'string' || Array.isArray(obj))) {
    return new PyUndefined(`${objectTypeRepr(obj)} cannot be sliced`);
  }
  if (st === 0) throw new PyError('slice step cannot be zero');
  const seq: unknown[] = typeof obj === 'string' ? Array.from(obj) : obj;
  const len = seq.length;
  const clamp = (v: number | undefined, dflt: number, lo: number, hi: number): number => {
    if (v === undefined) return dflt;
    const i = v < 0 ? v + len : v;
    return Math.min(Math.max(i, lo), hi);
  };
  const out: unknown[] = [];
  if (st > 0) {
    const from = clamp(s0, 0, 0, len);
    const to = clamp(s1, len, 0, len);
    for (let i = from; i < to; i += st) out.push(seq[i]);
  } else {
    const from = clamp(s0, len - 1, -1, len - 1);
    const to = clamp(s1, -1, -1, len - 1);
    for (let i = from; i > to; i += st) out.push(seq[i]);
  }
  if (typeof obj === 'string') return out.join('');
  return isTuple(obj) ? makeTuple(out) : out;
}
