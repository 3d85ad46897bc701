// Runtime value model mirroring the Python objects Jinja works with.
//
//   None -> null          bool -> boolean       str -> string
//   int  -> safe-integer JS number, or bigint   float -> PyFloat, or a non-integral/non-finite JS number
//   list -> array         tuple -> array registered with makeTuple()
//   dict -> plain object (own enumerable string keys; other keys tagged, see dicts.ts)
//   Undefined -> PyUndefined (JS `undefined` read from data is normalised to it)
//
// Plain JS numbers coming from callers or JSON.parse are classified by value: 21 is an int, 21.5
// a float. Python's json would keep "21.0" a float; use parseJson() from json.ts to preserve that.
import { HostObject } from './host.js';
import { PyError } from './errors.js';
import { floatRepr } from './number-format.js';
import { PyFloat, intText, isIntLike, numValue } from './numbers.js';
import { dictKeys, isDict, keyOf, type PyDict } from './dicts.js';
import { isTuple, isUndefined, PyNamespace, typeName } from './value-kinds.js';

export { PyFloat, isFloat, isInt, isIntLike, isNumber, numValue, pyFloat, pyNumber } from './numbers.js';
export { dictKey, dictKeys, isDict, keyOf, newDict, storedKey, type PyDict } from './dicts.js';
export {
  failUndefined,
  isTuple,
  isUndefined,
  makeTuple,
  PyNamespace,
  PyUndefined,
  typeName,
  undefinedHint,
} from './value-kinds.js';

/** Jinja's object_type_repr, used in undefined messages: "'dict object'", "'None'". */
export function objectTypeRepr(v: unknown): string {
  if (v === null) return "'None'";
  return `'${typeName(v)} object'`;
}

export function truthy(v: unknown): boolean {
  if (v === null || isUndefined(v)) return false;
  if (typeof v === 'boolean') return v;
  if (typeof v === 'number') return v !== 0;
  if (typeof v === 'bigint') return v !== 0n;
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
  if (typeof v === 'number') return Number.isInteger(v) ? intText(v) : floatRepr(v);
  if (typeof v === 'bigint') return v.toString();
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

/** An int argument (bools count, as in Python); TypeError otherwise. Ints past 2**53 come as the nearest double. */
export function intArgument(v: unknown): number {
  if (isIntLike(v)) return typeof v === 'bigint' ? Number(v) : numValue(v);
  throw new PyError(`'${typeName(v)}' object cannot be interpreted as an integer`);
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
