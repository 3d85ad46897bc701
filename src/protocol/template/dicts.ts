// Python dicts on plain objects: any hashable key (None, ints, floats, bools, strings) under a property name.
import { PyError } from './errors.js';
import { floatRepr } from './number-format.js';
import { PyFloat, intText, isInt, isNumber, normInt, numValue } from './numbers.js';
import { failUndefined, isDict, isTuple, isUndefined, typeName } from './value-kinds.js';

export { isDict };

export type PyDict = Record<string, unknown>;

export function newDict(): PyDict {
  return Object.create(null) as PyDict;
}

// Dict keys other than strings (None, ints, floats, booleans: `{None: None, 'idle': 'idle'}`, as
// Zigbee2MQTT's climate templates write) are stored under a string that starts with a Unicode
// noncharacter no device sends; a string key that happens to start with it is escaped.
const KEY_TAG = '\uFDD0';

/** The property a Python dict key is stored under. */
export function dictKey(k: unknown): string {
  if (typeof k === 'string') return k.startsWith(KEY_TAG) ? `${KEY_TAG}s${k}` : k;
  if (k === null) return `${KEY_TAG}N`;
  if (typeof k === 'boolean') return `${KEY_TAG}b${k ? 1 : 0}`;
  if (isInt(k)) return `${KEY_TAG}i${intText(k)}`;
  if (isNumber(k)) {
    const n = numValue(k);
    // 1 and 1.0 are one key in Python
    return Number.isInteger(n) ? `${KEY_TAG}i${intText(n)}` : `${KEY_TAG}f${floatRepr(n)}`;
  }
  if (isUndefined(k)) failUndefined(k);
  throw new PyError(isTuple(k) ? 'tuple keys are not supported here' : `unhashable type: '${typeName(k)}'`);
}

/** The Python key a stored property stands for. */
export function keyOf(stored: string): unknown {
  if (!stored.startsWith(KEY_TAG)) return stored;
  const rest = stored.slice(2);
  switch (stored[1]) {
    case 'N':
      return null;
    case 'b':
      return rest === '1';
    case 'i':
      return normInt(BigInt(rest));
    case 'f':
      return new PyFloat(Number(rest));
    default:
      return rest;
  }
}

/**
 * Where key `k` is, or would be, stored in `d`: True and 1 (False and 0) are one key in Python, and the
 * one inserted first keeps its type.
 */
export function storedKey(d: PyDict, k: unknown): string {
  const own = dictKey(k);
  const zeroOrOne = (n: number): boolean => n === 0 || n === 1;
  const small = typeof k === 'boolean' || (isNumber(k) && typeof k !== 'bigint' && zeroOrOne(numValue(k)));
  if (Object.hasOwn(d, own) || !small) return own;
  const n = typeof k === 'boolean' ? (k ? 1 : 0) : numValue(k);
  const other = typeof k === 'boolean' ? `${KEY_TAG}i${n}` : `${KEY_TAG}b${n}`;
  return Object.hasOwn(d, other) ? other : own;
}

/** The keys of a dict as Python sees them, in order. */
export function dictKeys(d: PyDict): unknown[] {
  return Object.keys(d).map(keyOf);
}
