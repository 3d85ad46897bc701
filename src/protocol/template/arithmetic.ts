// Python arithmetic on numbers: ints exact at any size (bigint past 2**53), floats as doubles.
import { PyError } from './errors.js';
import { PyFloat, intValue, isFloat, isIntLike, normInt, numValue, pyNumber, type PyNum } from './numbers.js';

export type NumericOp = '+' | '-' | '*' | '/' | '//' | '%' | '**';

/** Largest int a `**` may build, in bits (Python has no limit; a template from a stranger gets one). */
export const MAX_INT_BITS = 100_000;

export function numeric(op: NumericOp, a: PyNum, b: PyNum): unknown {
  if (isIntLike(a) && isIntLike(b) && op !== '/') return intOp(op, a, b);
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
      if (y === 0) throw new PyError('float floor division by zero');
      return pyNumber(floorDiv(x, y), true);
    case '%':
      if (y === 0) throw new PyError('float modulo');
      return pyNumber(pyMod(x, y), true);
    case '**':
      return floatPower(x, y);
  }
}

/** + - * // % ** between two ints: exact. */
function intOp(op: Exclude<NumericOp, '/'>, a: number | bigint | boolean, b: number | bigint | boolean): unknown {
  if (typeof a !== 'bigint' && typeof b !== 'bigint' && op !== '**') {
    const x = numValue(a);
    const y = numValue(b);
    const r = op === '+' ? x + y : op === '-' ? x - y : op === '*' ? x * y : undefined;
    if (r !== undefined && Number.isSafeInteger(r)) return r === 0 ? 0 : r;
    // a double quotient floors exactly while |x| <= 2**52 (its rounding error stays below 1/|y|)
    if ((op === '//' || op === '%') && Math.abs(x) <= 2 ** 52 && Number.isSafeInteger(y)) {
      if (y === 0) throw new PyError('integer division or modulo by zero');
      return op === '//' ? Math.floor(x / y) || 0 : pyMod(x, y) || 0;
    }
  }
  const x = intValue(a);
  const y = intValue(b);
  switch (op) {
    case '+':
      return normInt(x + y);
    case '-':
      return normInt(x - y);
    case '*':
      return normInt(x * y);
    case '//':
    case '%': {
      if (y === 0n) throw new PyError('integer division or modulo by zero');
      let q = x / y;
      if (x % y !== 0n && x < 0n !== y < 0n) q -= 1n;
      return normInt(op === '//' ? q : x - q * y);
    }
    case '**':
      return intPower(x, y);
  }
}

function intPower(x: bigint, y: bigint): unknown {
  if (y < 0n) {
    if (x === 0n) throw new PyError('0.0 cannot be raised to a negative power');
    return new PyFloat(Number(x) ** Number(y));
  }
  const bits = x === 0n || x === 1n || x === -1n ? 0 : (x < 0n ? -x : x).toString(2).length * Number(y);
  if (bits > MAX_INT_BITS) throw new PyError(`result too large (more than ${MAX_INT_BITS} bits)`);
  return normInt(x ** y);
}

function floatPower(x: number, y: number): PyFloat {
  if (x === 0 && y < 0) throw new PyError('0.0 cannot be raised to a negative power');
  if (x < 0 && !Number.isInteger(y)) throw new PyError('complex results are not supported');
  const result = x ** y;
  if (!Number.isFinite(result) && Number.isFinite(x) && Number.isFinite(y)) {
    throw new PyError("(34, 'Numerical result out of range')");
  }
  return new PyFloat(result);
}

/** Python's float floor division (mirrors CPython's float_floor_div). */
export function floorDiv(x: number, y: number): number {
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

/** Unary minus and plus. */
export function negateNumber(v: PyNum, op: '-' | '+'): unknown {
  if (isIntLike(v)) {
    const n = intValue(v);
    return normInt(op === '-' ? -n : n);
  }
  const n = numValue(v);
  return new PyFloat(op === '-' ? -n : n);
}

/** abs() */
export function absNumber(v: PyNum): unknown {
  if (isIntLike(v)) {
    const n = intValue(v);
    return normInt(n < 0n ? -n : n);
  }
  return new PyFloat(Math.abs(numValue(v)));
}
