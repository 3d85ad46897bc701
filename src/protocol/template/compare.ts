// Python ==, <, <=, >, >= between template values.
import { PyError } from './errors.js';
import { HostObject } from './host.js';
import { compareNumbers, isNumber } from './numbers.js';
import { failUndefined, isDict, isTuple, isUndefined, typeName } from './value-kinds.js';

const MAX_DEPTH = 200;

/** Python ==. */
export function pyEquals(a: unknown, b: unknown, depth = 0): boolean {
  if (depth > MAX_DEPTH) throw new PyError('maximum nesting depth exceeded in comparison');
  if (isUndefined(a) || isUndefined(b)) return isUndefined(a) && isUndefined(b);
  if (isNumber(a) && isNumber(b)) return compareNumbers(a, b) === 0;
  if (typeof a === 'string' || typeof b === 'string') return a === b;
  if (a === null || b === null) return a === b;
  if (Array.isArray(a) && Array.isArray(b)) {
    if (isTuple(a) !== isTuple(b) || a.length !== b.length) return false;
    return a.every((item, i) => pyEquals(item, b[i], depth + 1));
  }
  if (isDict(a) && isDict(b)) {
    const ka = Object.keys(a);
    if (ka.length !== Object.keys(b).length) return false;
    return ka.every((k) => Object.hasOwn(b, k) && pyEquals(a[k], b[k], depth + 1));
  }
  const keys = hostKeys(a, b);
  if (keys) return keys[0] === keys[1];
  return a === b;
}

/** Python <, <=, >, >= between values; TypeError for unorderable pairs. */
export function pyCompare(op: '<' | '<=' | '>' | '>=', a: unknown, b: unknown): boolean {
  if (isUndefined(a)) failUndefined(a);
  if (isUndefined(b)) failUndefined(b);
  const c = order(op, a, b, 0);
  if (c === 'nan') return false;
  switch (op) {
    case '<':
      return c < 0;
    case '<=':
      return c <= 0;
    case '>':
      return c > 0;
    default:
      return c >= 0;
  }
}

function order(op: string, a: unknown, b: unknown, depth: number): number | 'nan' {
  if (isNumber(a) && isNumber(b)) return compareNumbers(a, b);
  if (typeof a === 'string' && typeof b === 'string') return a < b ? -1 : a > b ? 1 : 0;
  if (Array.isArray(a) && Array.isArray(b) && isTuple(a) === isTuple(b) && depth < MAX_DEPTH) {
    for (let i = 0; i < Math.min(a.length, b.length); i++) {
      if (!pyEquals(a[i], b[i])) return order(op, a[i], b[i], depth + 1);
    }
    return a.length - b.length;
  }
  const keys = hostKeys(a, b);
  if (keys) return keys[0] < keys[1] ? -1 : keys[0] > keys[1] ? 1 : 0;
  throw new PyError(`'${op}' not supported between instances of '${typeName(a)}' and '${typeName(b)}'`);
}

/** The compare keys of two host values of the same type, when both have one. */
function hostKeys(a: unknown, b: unknown): [number | string, number | string] | undefined {
  if (!(a instanceof HostObject) || !(b instanceof HostObject) || a.typeName !== b.typeName) return undefined;
  const ka = a.compareKey();
  const kb = b.compareKey();
  return ka === undefined || kb === undefined || typeof ka !== typeof kb ? undefined : [ka, kb];
}
