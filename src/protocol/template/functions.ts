// Global functions, `is` tests and the methods callable on str/dict/list values.
import { PyError, PyJinjaError, PyValueError } from './errors.js';
import { forgivingBool, forgivingFloat, forgivingInt, iif } from './convert.js';
import { TRIGONOMETRY } from './ha-math.js';
import { TIME_BUILTIN_FUNCTIONS } from './ha-time.js';
import { REGEX_TESTS } from './regex.js';
import { PyDatetime } from './datetime-value.js';
import { FILTERS } from './filters.js';
import { arithmetic, contains } from './operators.js';
import {
  PyFloat,
  PyNamespace,
  failUndefined,
  intArgument,
  isDict,
  isFloat,
  isInt,
  isNumber,
  isTuple,
  isUndefined,
  iterate,
  makeTuple,
  newDict,
  objectTypeRepr,
  pyStr,
  typeName,
  dictKeys,
  keyOf,
  storedKey,
  type PyDict,
} from './python-values.js';
import { pyCompare, pyEquals } from './compare.js';
import { MISSING, kwArg, kwOnly, opt, sig, type Builtin } from './signature.js';
import { minMax, spreadArgs } from './sequences.js';
import { pyCapitalize, pyReplace, pySplit, pyStrip, pyTitle } from './strings.js';
import { asBuiltin, HostObject } from './host.js';

/** Jinja's sandbox refuses ranges longer than this. */
export const MAX_RANGE = 100_000;

function range(args: readonly unknown[]): number[] {
  if (args.length < 1 || args.length > 3) throw new PyError(`range expected 1 to 3 arguments, got ${args.length}`);
  const nums = args.map(intArgument);
  const [start, stop, step] = nums.length === 1 ? [0, nums[0] ?? 0, 1] : [nums[0] ?? 0, nums[1] ?? 0, nums[2] ?? 1];
  if (step === 0) throw new PyError('range() arg 3 must not be zero');
  const count = Math.max(0, Math.ceil((stop - start) / step));
  if (count > MAX_RANGE) {
    throw new PyError(`Range too big. The sandbox blocks ranges larger than MAX_RANGE (${MAX_RANGE}).`);
  }
  return Array.from({ length: count }, (_, i) => start + i * step);
}

/** dict(mapping or pairs, **kwargs), as Python builds it. */
function makeDict(args: readonly unknown[], kwargs: Readonly<Record<string, unknown>>): PyDict {
  if (args.length > 1) throw new PyError(`dict expected at most 1 argument, got ${args.length}`);
  const d = newDict();
  const [source] = args;
  if (isDict(source)) Object.assign(d, source);
  else if (source !== undefined) {
    iterate(source).forEach((pair, i) => {
      if (!(Array.isArray(pair) || typeof pair === 'string')) {
        throw new PyError(`cannot convert dictionary update sequence element #${i} to a sequence`);
      }
      const items = iterate(pair);
      if (items.length !== 2) {
        throw new PyValueError(`dictionary update sequence element #${i} has length ${items.length}; 2 is required`);
      }
      d[storedKey(d, items[0])] = items[1];
    });
  }
  for (const [k, v] of Object.entries(kwargs)) d[storedKey(d, k)] = v;
  return d;
}

/** zip(*iterables) as the list of tuples a loop over it sees. */
function zip(args: readonly unknown[]): unknown[] {
  const lists = args.map(iterate);
  const n = lists.length === 0 ? 0 : Math.min(...lists.map((l) => l.length));
  return Array.from({ length: n }, (_, i) => makeTuple(lists.map((l) => l[i])));
}

function namespace(args: readonly unknown[], kwargs: Readonly<Record<string, unknown>>): PyNamespace {
  const ns = new PyNamespace();
  for (const arg of args) {
    if (!isDict(arg)) throw new PyError('namespace() positional arguments must be mappings');
    Object.assign(ns.attrs, arg);
  }
  Object.assign(ns.attrs, kwargs);
  return ns;
}

function minMaxFn(which: 'min' | 'max'): Builtin {
  return sig('*args, **kwargs', (_a, rest, kw) => {
    kwOnly(which, kw, ['case_sensitive', 'attribute']);
    const arg = spreadArgs(which, rest);
    if (rest.length === 1 && !(Array.isArray(arg) || typeof arg === 'string' || isDict(arg) || isUndefined(arg))) {
      throw new PyError(`'${typeName(arg)}' object is not iterable`);
    }
    return minMax(which, arg, kwArg(kw, 'case_sensitive', MISSING), kwArg(kw, 'attribute', null));
  });
}

export const FUNCTIONS: Readonly<Record<string, Builtin>> = {
  bool: sig('value, default?', ([v, d]) => forgivingBool(v, d)),
  dict: sig('*args, **kwargs', (_a, rest, kw) => makeDict(rest, kw)),
  'dict.fromkeys': sig('iterable, value?', ([keys, value]) => {
    const d = newDict();
    for (const k of iterate(keys)) d[storedKey(d, k)] = opt(value, null);
    return d;
  }),
  float: sig('value, default?', ([v, d]) => forgivingFloat(v, d)),
  iif: sig('value, if_true?, if_false?, if_none?', ([v, t, f, n]) => iif(v, t, f, n)),
  int: sig('value, default?, base?', ([v, d, base]) => forgivingInt(v, d, opt(base, 10))),
  is_number: FILTERS['is_number'] as Builtin,
  log: FILTERS['log'] as Builtin,
  max: minMaxFn('max'),
  min: minMaxFn('min'),
  namespace: sig('*args, **kwargs', (_a, rest, kw) => namespace(rest, kw)),
  range: sig('*args', (_a, rest) => range(rest)),
  sqrt: FILTERS['sqrt'] as Builtin,
  zip: sig('*args', (_a, rest) => zip(rest)),
  ...TRIGONOMETRY,
  ...TIME_BUILTIN_FUNCTIONS,
};

const cmp = (op: '<' | '<=' | '>' | '>='): Builtin => sig('value, other', ([a, b]) => pyCompare(op, a, b));
const eq = sig('value, other', ([a, b]) => pyEquals(a, b));
const ne = sig('value, other', ([a, b]) => !pyEquals(a, b));
const isIterable = (v: unknown): boolean => typeof v === 'string' || Array.isArray(v) || isDict(v) || isUndefined(v);

export const TESTS: Readonly<Record<string, Builtin>> = {
  boolean: sig('value', ([v]) => typeof v === 'boolean'),
  contains: sig('value, other', ([v, other]) => contains(v, other)),
  defined: sig('value', ([v]) => !isUndefined(v)),
  divisibleby: sig('value, num', ([v, n]) => pyEquals(arithmetic('%', v, n), 0)),
  eq,
  equalto: eq,
  even: sig('value', ([v]) => pyEquals(arithmetic('%', v, 2), 0)),
  false: sig('value', ([v]) => v === false),
  float: sig('value', ([v]) => isFloat(v)),
  ge: cmp('>='),
  greaterthan: cmp('>'),
  gt: cmp('>'),
  in: sig('value, seq', ([v, seq]) => contains(seq, v)),
  integer: sig('value', ([v]) => isInt(v)),
  is_number: FILTERS['is_number'] as Builtin,
  iterable: sig('value', ([v]) => isIterable(v)),
  le: cmp('<='),
  lessthan: cmp('<'),
  list: sig('value', ([v]) => Array.isArray(v) && !isTuple(v)),
  lower: sig('value', ([v]) => typeof v === 'string' && v.toLowerCase() === v && v.toUpperCase() !== v),
  lt: cmp('<'),
  mapping: sig('value', ([v]) => isDict(v)),
  ne,
  none: sig('value', ([v]) => v === null),
  number: sig('value', ([v]) => isNumber(v)),
  odd: sig('value', ([v]) => pyEquals(arithmetic('%', v, 2), 1)),
  sameas: sig(
    'value, other',
    ([a, b]) => a === b || (a instanceof PyFloat && b instanceof PyFloat && a.value === b.value),
  ),
  sequence: sig('value', ([v]) => typeof v === 'string' || Array.isArray(v) || isDict(v) || isUndefined(v)),
  string: sig('value', ([v]) => typeof v === 'string'),
  true: sig('value', ([v]) => v === true),
  tuple: sig('value', ([v]) => isTuple(v)),
  undefined: sig('value', ([v]) => isUndefined(v)),
  upper: sig('value', ([v]) => typeof v === 'string' && v.toUpperCase() === v && v.toLowerCase() !== v),
  datetime: sig('value', ([v]) => v instanceof PyDatetime),
  ...REGEX_TESTS,
};

const str = (v: unknown): string => v as string;
const optStr = (v: unknown): string | null => (v === MISSING || v === null ? null : pyStr(v));
const optInt = (v: unknown, dflt: number): number => (v === MISSING || v === null ? dflt : intArgument(v));

function affix(kind: 'startswith' | 'endswith'): Builtin {
  return sig('self, affix', ([s, a]) => {
    const options = isTuple(a) ? a : [a];
    return options.some((o) => {
      if (typeof o !== 'string') {
        throw new PyError(`${kind} first arg must be str or a tuple of str, not ${typeName(o)}`);
      }
      return kind === 'startswith' ? str(s).startsWith(o) : str(s).endsWith(o);
    });
  });
}

type Receiver = 'str' | 'dict' | 'list';

export const METHODS: Readonly<Record<string, Partial<Record<Receiver, Builtin>>>> = {
  capitalize: { str: sig('self', ([s]) => pyCapitalize(str(s))) },
  count: {
    str: sig('self, sub', ([s, sub]) =>
      pyStr(sub) === '' ? Array.from(str(s)).length + 1 : str(s).split(pyStr(sub)).length - 1,
    ),
    list: sig('self, x', ([l, x]) => (l as unknown[]).filter((item) => pyEquals(item, x)).length),
  },
  endswith: { str: affix('endswith') },
  find: {
    str: sig('self, sub', ([s, sub]) => {
      const at = str(s).indexOf(pyStr(sub));
      return at < 0 ? -1 : Array.from(str(s).slice(0, at)).length;
    }),
  },
  get: {
    dict: sig('self, key, default?', ([d, k, dflt]) => {
      const stored = storedKey(d as PyDict, k);
      return Object.hasOwn(d as object, stored) ? (d as PyDict)[stored] : opt(dflt, null);
    }),
  },
  index: {
    list: sig('self, x', ([l, x]) => {
      const i = (l as unknown[]).findIndex((item) => pyEquals(item, x));
      if (i < 0) throw new PyError(`${pyStr(x)} is not in list`);
      return i;
    }),
  },
  isdigit: { str: sig('self', ([s]) => /^\p{Nd}+$/u.test(str(s))) },
  items: {
    dict: sig('self', ([d]) => Object.keys(d as object).map((k) => makeTuple([keyOf(k), (d as PyDict)[k]]))),
  },
  join: {
    str: sig('self, iterable', ([s, it]) =>
      iterate(it)
        .map((x) => {
          if (typeof x !== 'string') throw new PyError(`sequence item: expected str instance, ${typeName(x)} found`);
          return x;
        })
        .join(str(s)),
    ),
  },
  keys: { dict: sig('self', ([d]) => dictKeys(d as Record<string, unknown>)) },
  lower: { str: sig('self', ([s]) => str(s).toLowerCase()) },
  lstrip: { str: sig('self, chars?', ([s, c]) => pyStrip(str(s), optStr(c), 'left')) },
  replace: {
    str: sig('self, old, new, count?', ([s, o, n, c]) => pyReplace(str(s), pyStr(o), pyStr(n), optInt(c, -1))),
  },
  rstrip: { str: sig('self, chars?', ([s, c]) => pyStrip(str(s), optStr(c), 'right')) },
  split: { str: sig('self, sep?, maxsplit?', ([s, sep, max]) => pySplit(str(s), optStr(sep), optInt(max, -1))) },
  startswith: { str: affix('startswith') },
  strip: { str: sig('self, chars?', ([s, c]) => pyStrip(str(s), optStr(c), 'both')) },
  title: { str: sig('self', ([s]) => pyTitle(str(s))) },
  upper: { str: sig('self', ([s]) => str(s).toUpperCase()) },
  values: { dict: sig('self', ([d]) => Object.values(d as object)) },
};

export function methodFor(obj: unknown, name: string): Builtin {
  if (isUndefined(obj)) failUndefined(obj);
  if (obj instanceof HostObject) {
    const fn = obj.method(name);
    if (fn !== undefined) return asBuiltin(fn, true);
  }
  const receiver: Receiver | undefined =
    typeof obj === 'string' ? 'str' : Array.isArray(obj) ? 'list' : isDict(obj) ? 'dict' : undefined;
  const method = receiver === undefined ? undefined : METHODS[name]?.[receiver];
  // calling an attribute that is not there calls Jinja's Undefined: an UndefinedError
  if (method === undefined) throw new PyJinjaError(`${objectTypeRepr(obj)} has no attribute '${name}'`);
  return method;
}

export const GLOBAL_CONSTANTS: Readonly<Record<string, unknown>> = {
  e: new PyFloat(Math.E),
  pi: new PyFloat(Math.PI),
  tau: new PyFloat(Math.PI * 2),
};
