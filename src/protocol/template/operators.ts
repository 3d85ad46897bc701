// Python semantics for Jinja's operators; attribute and item access are in attributes.ts.
import { PyError } from './errors.js';
import { percentFormat } from './printf.js';
import { HostObject, NOT_HANDLED } from './host.js';
import { negateNumber, numeric } from './arithmetic.js';
import { intValue, isIntLike } from './numbers.js';
import {
  failUndefined,
  isDict,
  isNumber,
  isTuple,
  isUndefined,
  makeTuple,
  pyStr,
  storedKey,
  typeName,
} from './python-values.js';
import { pyEquals } from './compare.js';

export { getAttr, getItem, getSlice } from './attributes.js';
export { pyMod } from './arithmetic.js';

/** Longest string or list an operator may build; guards `'x' * 10**9`. */
export const MAX_SEQUENCE_LENGTH = 1_000_000;

export type ArithOp = '+' | '-' | '*' | '/' | '//' | '%' | '**';

function unsupported(op: string, a: unknown, b: unknown): never {
  throw new PyError(`unsupported operand type(s) for ${op}: '${typeName(a)}' and '${typeName(b)}'`);
}

function checkSize(n: number): void {
  if (n > MAX_SEQUENCE_LENGTH) throw new PyError(`result too large (more than ${MAX_SEQUENCE_LENGTH} items)`);
}

function repeat(seq: string | unknown[], times: number | bigint | boolean): string | unknown[] {
  const count = intValue(times);
  const n = count <= 0n ? 0 : count > BigInt(MAX_SEQUENCE_LENGTH) ? MAX_SEQUENCE_LENGTH + 1 : Number(count);
  checkSize(seq.length === 0 ? 0 : seq.length * n);
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

export function negate(v: unknown, op: '-' | '+'): unknown {
  if (isUndefined(v)) failUndefined(v);
  if (!isNumber(v)) throw new PyError(`bad operand type for unary ${op}: '${typeName(v)}'`);
  return negateNumber(v, op);
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
