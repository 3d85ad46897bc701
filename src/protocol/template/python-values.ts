// Runtime value model mirroring the Python objects Jinja works with.
//
//   None -> null          bool -> boolean       str -> string
//   int  -> integral JS number                  float -> PyFloat, or a non-integral/non-finite JS number
//   list -> array         tuple -> array registered with makeTuple()
//   dict -> plain object (own enumerable string keys)
//   Undefined -> PyUndefined (JS `undefined` read from data is normalised to it)
//
// Plain JS numbers coming from callers or JSON.parse are classified by value: 21 is an int, 21.5
// a float. Python's json would keep "21.0" a float; use parseJson() from json.ts to preserve that.
import { HostObject } from './host.js';
import { PyError } from './errors.js';
import { floatRepr, formatInt } from './number-format.js';

export class PyFloat {
  constructor(readonly value: number) {}
}

export class PyUndefined {
  /** Message Jinja's UndefinedError would carry, e.g. "'x' is undefined". */
  constructor(readonly hint: string) {}
}

/** Jinja's namespace(): the one mutable object templates can assign attributes on. */
export class PyNamespace {
  readonly attrs: Record<string, unknown> = Object.create(null) as Record<string, unknown>;
}

export type PyDict = Record<string, unknown>;

const tuples = new WeakSet<readonly unknown[]>();

export function makeTuple(items: unknown[]): unknown[] {
  tuples.add(items);
  return items;
}

export function isTuple(v: unknown): v is unknown[] {
  return Array.isArray(v) && tuples.has(v);
}

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
  if (isNumber(k)) {
    const n = numValue(k);
    // 1 and 1.0 are one key in Python
    return Number.isInteger(n) ? `${KEY_TAG}i${formatInt(n)}` : `${KEY_TAG}f${floatRepr(n)}`;
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
      return Number(rest);
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
  if (Object.hasOwn(d, own) || !(typeof k === 'boolean' || (isNumber(k) && (numValue(k) === 0 || numValue(k) === 1)))) return own;
  const n = typeof k === 'boolean' ? (k ? 1 : 0) : numValue(k);
  const other = typeof k === 'boolean' ? `${KEY_TAG}i${n}` : `${KEY_TAG}b${n}`;
  return Object.hasOwn(d, other) ? other : own;
}

/** The keys of a dict as Python sees them, in order. */
export function dictKeys(d: PyDict): unknown[] {
  return Object.keys(d).map(keyOf);
}

export function isDict(v: unknown): v is PyDict {
  if (typeof v !== 'object' || v === null || Array.isArray(v)) return false;
  const proto: unknown = Object.getPrototypeOf(v);
  return proto === Object.prototype || proto === null;
}

export function isUndefined(v: unknown): v is PyUndefined | undefined {
  return v === undefined || v instanceof PyUndefined;
}

export function undefinedHint(v: unknown): string {
  return v instanceof PyUndefined ? v.hint : 'value is undefined';
}

/** Raise Jinja's UndefinedError for an operation on an undefined value. */
export function failUndefined(v: unknown): never {
  throw new PyError(undefinedHint(v));
}

export function isInt(v: unknown): v is number {
  return typeof v === 'number' && Number.isInteger(v);
}

export function isFloat(v: unknown): boolean {
  return v instanceof PyFloat || (typeof v === 'number' && !Number.isInteger(v));
}

/** Python numbers.Number: int, float and bool. */
export function isNumber(v: unknown): v is number | boolean | PyFloat {
  return typeof v === 'number' || typeof v === 'boolean' || v instanceof PyFloat;
}

export function numValue(v: number | boolean | PyFloat): number {
  if (typeof v === 'boolean') return v ? 1 : 0;
  return v instanceof PyFloat ? v.value : v;
}

export function pyFloat(n: number): PyFloat {
  return new PyFloat(n);
}

/** An int or float result: floats stay floats even when integral. */
export function pyNumber(n: number, float: boolean): number | PyFloat {
  return float ? new PyFloat(n) : n;
}

/** Python's type(v).__name__. */
export function typeName(v: unknown): string {
  if (v === null) return 'NoneType';
  if (isUndefined(v)) return 'Undefined';
  if (typeof v === 'boolean') return 'bool';
  if (typeof v === 'string') return 'str';
  if (isInt(v)) return 'int';
  if (isFloat(v)) return 'float';
  if (isTuple(v)) return 'tuple';
  if (Array.isArray(v)) return 'list';
  if (v instanceof PyNamespace) return 'Namespace';
  if (isDict(v)) return 'dict';
  if (v instanceof HostObject) return v.typeName;
  return 'object';
}

/** Jinja's object_type_repr, used in undefined messages: "'dict object'", "'None'". */
export function objectTypeRepr(v: unknown): string {
  if (v === null) return "'None'";
  return `'${typeName(v)} object'`;
}

export function truthy(v: unknown): boolean {
  if (v === null || isUndefined(v)) return false;
  if (typeof v === 'boolean') return v;
  if (typeof v === 'number') return v !== 0;
  if (v instanceof PyFloat) return v.value !== 0;
  if (typeof v === 'string') return v.length > 0;
  if (Array.isArray(v)) return v.length > 0;
  if (isDict(v)) return Object.keys(v).length > 0;
  return true;
}

const MAX_DEPTH = 200;

/** str(v) as Jinja prints it; Undefined prints as the empty string. */
export function pyStr(v: unknown): string {
  if (typeof v === 'string') return v;
  if (isUndefined(v)) return '';
  return repr(v, 0);
}

export function pyRepr(v: unknown): string {
  return repr(v, 0);
}

function repr(v: unknown, depth: number): string {
  if (depth > MAX_DEPTH) throw new PyError('maximum nesting depth exceeded while converting to string');
  if (v === null) return 'None';
  if (isUndefined(v)) return 'Undefined';
  if (typeof v === 'boolean') return v ? 'True' : 'False';
  if (typeof v === 'string') return strRepr(v);
  if (v instanceof PyFloat) return floatRepr(v.value);
  if (typeof v === 'number') return Number.isInteger(v) ? formatInt(v) : floatRepr(v);
  if (Array.isArray(v)) {
    const items = v.map((item) => repr(item, depth + 1));
    if (isTuple(v)) return items.length === 1 ? `(${items[0]},)` : `(${items.join(', ')})`;
    return `[${items.join(', ')}]`;
  }
  if (v instanceof PyNamespace) return `<Namespace ${dictRepr(v.attrs, depth)}>`;
  if (isDict(v)) return dictRepr(v, depth);
  if (v instanceof HostObject) return v.toPyString();
  return `<${typeof v}>`;
}

function dictRepr(d: PyDict, depth: number): string {
  const parts = Object.keys(d).map((k) => `${repr(keyOf(k), depth + 1)}: ${repr(d[k], depth + 1)}`);
  return `{${parts.join(', ')}}`;
}

const NON_PRINTABLE = /[\p{Cc}\p{Cf}\p{Cs}\p{Co}\p{Cn}\p{Zl}\p{Zp}]|(?! )\p{Zs}/u;

/** Python's repr(str): prefers single quotes, escapes non-printables. */
export function strRepr(s: string): string {
  const quote = s.includes("'") && !s.includes('"') ? '"' : "'";
  let out = quote;
  for (const ch of s) {
    if (ch === quote || ch === '\\') out += `\\${ch}`;
    else if (ch === '\n') out += '\\n';
    else if (ch === '\r') out += '\\r';
    else if (ch === '\t') out += '\\t';
    else if (NON_PRINTABLE.test(ch)) {
      const code = ch.codePointAt(0) ?? 0;
      const hex = code.toString(16);
      if (code < 0x100) out += `\\x${hex.padStart(2, '0')}`;
      else if (code < 0x10000) out += `\\u${hex.padStart(4, '0')}`;
      else out += `\\U${hex.padStart(8, '0')}`;
    } else out += ch;
  }
  return out + quote;
}

/** An int argument (bools count, as in Python); TypeError otherwise. */
export function intArgument(v: unknown): number {
  if (isInt(v) || typeof v === 'boolean') return numValue(v);
  throw new PyError(`'${typeName(v)}' object cannot be interpreted as an integer`);
}

/** Python ==. */
export function pyEquals(a: unknown, b: unknown, depth = 0): boolean {
  if (depth > MAX_DEPTH) throw new PyError('maximum nesting depth exceeded in comparison');
  if (isUndefined(a) || isUndefined(b)) return isUndefined(a) && isUndefined(b);
  if (isNumber(a) && isNumber(b)) return numValue(a) === numValue(b);
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
  if (isNumber(a) && isNumber(b)) {
    const x = numValue(a);
    const y = numValue(b);
    if (Number.isNaN(x) || Number.isNaN(y)) return 'nan';
    return x < y ? -1 : x > y ? 1 : 0;
  }
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

/** Python iter(): the items a for loop, list() or join() would see. */
export function iterate(v: unknown): unknown[] {
  if (isUndefined(v)) return [];
  if (Array.isArray(v)) return v;
  if (typeof v === 'string') return Array.from(v);
  if (isDict(v)) return dictKeys(v);
  const items = v instanceof HostObject ? v.items() : undefined;
  if (items !== undefined) return items;
  throw new PyError(`'${typeName(v)}' object is not iterable`);
}

/** Python len(). */
export function pyLen(v: unknown): number {
  if (isUndefined(v)) return 0;
  if (typeof v === 'string') return Array.from(v).length;
  if (Array.isArray(v)) return v.length;
  if (isDict(v)) return Object.keys(v).length;
  throw new PyError(`object of type '${typeName(v)}' has no len()`);
}
