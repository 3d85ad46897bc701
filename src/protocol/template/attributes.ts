// Jinja's sandboxed lookups: `obj.name` tries the Python attribute first, then the item; `obj[key]` the item
// first, then (for a string key) the attribute. So `value_json.items` is the dict's items method, not its
// "items" key, and `value_json.update` is the dict's update method, which the immutable sandbox refuses.
// A lookup on an undefined value raises UndefinedError, as Jinja's Undefined does.
import { PyError } from './errors.js';
import { HostObject } from './host.js';
import { intValue, isIntLike } from './numbers.js';
import {
  PyNamespace,
  PyUndefined,
  dictKey,
  failUndefined,
  isDict,
  isTuple,
  isUndefined,
  makeTuple,
  objectTypeRepr,
  pyStr,
  storedKey,
} from './python-values.js';

/** Methods Python objects carry, by type; `unsafe` ones modify the object, and the sandbox refuses them. */
type Owner = 'dict' | 'list' | 'str';
const PYTHON_ATTRIBUTES: Readonly<Record<Owner, { safe: readonly string[]; unsafe: readonly string[] }>> = {
  dict: {
    safe: ['copy', 'fromkeys', 'get', 'items', 'keys', 'values'],
    unsafe: ['clear', 'pop', 'popitem', 'setdefault', 'update'],
  },
  list: {
    safe: ['copy', 'count', 'index'],
    unsafe: ['append', 'clear', 'extend', 'insert', 'pop', 'remove', 'reverse', 'sort'],
  },
  str: {
    safe: [
      'capitalize',
      'casefold',
      'center',
      'count',
      'encode',
      'endswith',
      'expandtabs',
      'find',
      'format',
      'format_map',
      'index',
      'isalnum',
      'isalpha',
      'isascii',
      'isdecimal',
      'isdigit',
      'isidentifier',
      'islower',
      'isnumeric',
      'isprintable',
      'isspace',
      'istitle',
      'isupper',
      'join',
      'ljust',
      'lower',
      'lstrip',
      'maketrans',
      'partition',
      'removeprefix',
      'removesuffix',
      'replace',
      'rfind',
      'rindex',
      'rjust',
      'rpartition',
      'rsplit',
      'rstrip',
      'split',
      'splitlines',
      'startswith',
      'strip',
      'swapcase',
      'title',
      'translate',
      'upper',
      'zfill',
    ],
    unsafe: [],
  },
};

/** A method looked up but not called: `value_json.items`. Printing it gives Python's repr, less the address. */
export class PyBoundMethod extends HostObject {
  readonly typeName = 'builtin_function_or_method';

  constructor(
    readonly name: string,
    readonly owner: string,
  ) {
    super();
  }

  toPyString(): string {
    return `<built-in method ${this.name} of ${this.owner} object>`;
  }
}

function pythonAttribute(obj: unknown, name: string): unknown {
  let owner: Owner | undefined;
  if (isDict(obj)) owner = 'dict';
  else if (Array.isArray(obj) && !isTuple(obj)) owner = 'list';
  else if (typeof obj === 'string') owner = 'str';
  if (owner === undefined) return undefined;
  const { safe, unsafe } = PYTHON_ATTRIBUTES[owner];
  if (safe.includes(name)) return new PyBoundMethod(name, owner);
  if (unsafe.includes(name)) return new PyUndefined(`access to attribute '${name}' of '${owner}' object is unsafe.`);
  return undefined;
}

function readOwn(obj: Record<string, unknown>, key: string): unknown {
  if (!Object.hasOwn(obj, key)) return undefined;
  const value = obj[key];
  return value === undefined ? new PyUndefined(`'${key}' is undefined`) : value;
}

function missing(obj: unknown, name: string): PyUndefined {
  return new PyUndefined(`${objectTypeRepr(obj)} has no attribute '${name}'`);
}

/** `obj.name`: the Python attribute, else the item, else Undefined. */
export function getAttr(obj: unknown, name: string): unknown {
  if (isUndefined(obj)) failUndefined(obj);
  let found: unknown;
  if (obj instanceof HostObject) found = obj.attribute(name);
  else if (obj instanceof PyNamespace) found = readOwn(obj.attrs, name);
  else {
    found = pythonAttribute(obj, name);
    if (found === undefined && isDict(obj)) found = readOwn(obj, dictKey(name));
  }
  return found === undefined ? missing(obj, name) : found;
}

function normIndex(key: unknown, length: number): number | undefined {
  if (!isIntLike(key)) return undefined;
  const i = intValue(key);
  const index = i < 0n ? i + BigInt(length) : i;
  return index >= 0n && index < BigInt(length) ? Number(index) : undefined;
}

/** `obj[key]`: the item, else (for a string key) the Python attribute, else Undefined. */
export function getItem(obj: unknown, key: unknown): unknown {
  if (isUndefined(obj)) failUndefined(obj);
  if (obj instanceof PyNamespace && typeof key === 'string') return getAttr(obj, key);
  if (isDict(obj) && !isUndefined(key)) {
    const stored = storedKey(obj, key);
    if (Object.hasOwn(obj, stored)) return readOwn(obj, stored);
  } else if (Array.isArray(obj) || typeof obj === 'string') {
    const seq = typeof obj === 'string' ? Array.from(obj) : obj;
    const index = normIndex(key, seq.length);
    if (index !== undefined) {
      const value = seq[index];
      return value === undefined ? new PyUndefined('value is undefined') : value;
    }
  }
  if (typeof key === 'string') {
    const attribute = obj instanceof HostObject ? obj.attribute(key) : pythonAttribute(obj, key);
    if (attribute !== undefined) return attribute;
  }
  return new PyUndefined(`${objectTypeRepr(obj)} has no element ${pyStr(key)}`);
}

function sliceBound(v: unknown): number | undefined | 'bad' {
  if (v === null || isUndefined(v)) return undefined;
  if (isIntLike(v)) return Number(intValue(v));
  return 'bad';
}

/** `obj[start:stop:step]` with Python's index normalisation. */
export function getSlice(obj: unknown, start: unknown, stop: unknown, step: unknown): unknown {
  if (isUndefined(obj)) failUndefined(obj);
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
