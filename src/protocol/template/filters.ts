// The supported filters: Jinja built-ins plus Home Assistant's additions.
import { Buffer } from 'node:buffer';
import { PyError, PyValueError } from './errors.js';
import {
  forgiving,
  forgivingBool,
  forgivingFloat,
  forgivingInt,
  forgivingRound,
  iif,
  noDefault,
  toPyFloat,
  withDefault,
} from './convert.js';
import { absNumber } from './arithmetic.js';
import { intValue, isIntLike, normInt } from './numbers.js';
import { fromTimestamp, isoFormat, strftime } from './datetime.js';
import { TRIGONOMETRY } from './ha-math.js';
import { TIME_BUILTIN_FILTERS } from './ha-time.js';
import { REGEX_FILTERS } from './regex.js';
import { parseJson } from './json.js';
import { dumpJson } from './json-dump.js';
import { contains } from './operators.js';
import { percentFormat } from './printf.js';
import {
  PyFloat,
  failUndefined,
  intArgument,
  isDict,
  isNumber,
  isUndefined,
  iterate,
  makeTuple,
  keyOf,
  newDict,
  numValue,
  pyLen,
  pyStr,
  truthy,
  typeName,
} from './python-values.js';
import { MISSING, opt, sig, type Builtin } from './signature.js';
import { attrGetter, firstOrLast, minMax, randomItem, sortItems, sumItems, uniqueItems } from './sequences.js';
import { jinjaTitle, jinjaTruncate, pyCapitalize, pyReplace, pyStrip } from './strings.js';

const flag = (v: unknown, dflt = false): boolean => (v === MISSING ? dflt : truthy(v));

function absValue(v: unknown): unknown {
  if (isUndefined(v)) failUndefined(v);
  if (!isNumber(v)) throw new PyError(`bad operand type for abs(): '${typeName(v)}'`);
  return absNumber(v);
}

function reverse(v: unknown): unknown {
  if (typeof v === 'string') return Array.from(v).reverse().join('');
  return [...iterate(v)].reverse();
}

function tojson(value: unknown, indent: unknown): string {
  const n = indent === MISSING || indent === null ? undefined : intArgument(indent);
  const json = dumpJson(value, {
    sortKeys: true,
    ensureAscii: true,
    separators: n === undefined ? [', ', ': '] : [',', ': '],
    indent: n,
  });
  return json.replace(/[<>&']/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

/** HA's to_json: Python's json.dumps with ensure_ascii, orjson.dumps otherwise. */
function toJson(value: unknown, ensureAscii: unknown, prettyPrint: unknown, sortKeys: unknown): string {
  const ascii = flag(ensureAscii);
  const pretty = flag(prettyPrint);
  const separators: [string, string] = pretty ? [',', ': '] : ascii ? [', ', ': '] : [',', ':'];
  const indent = pretty ? 2 : undefined;
  return dumpJson(value, { sortKeys: flag(sortKeys), ensureAscii: ascii, separators, indent, orjson: !ascii });
}

function truncate(v: unknown, length: unknown, killwords: unknown, end: unknown, leeway: unknown): unknown {
  // Jinja's Undefined has length 0 and comes back as it is
  if (isUndefined(v)) return v;
  const n = length === MISSING ? 255 : intArgument(length);
  const ends = end === MISSING ? '...' : pyStr(end);
  // the environment's policy truncate.leeway, 5 by default (Home Assistant keeps it)
  const slack = leeway === MISSING || leeway === null ? 5 : intArgument(leeway);
  if (typeof v !== 'string') {
    // do_truncate works on anything with a len(): short enough, it comes back as it is
    if (pyLen(v) <= n + slack) return v;
    throw new PyError(`cannot truncate a '${typeName(v)}'`);
  }
  try {
    return jinjaTruncate(v, n, flag(killwords), ends, slack);
  } catch (err) {
    throw new PyError((err as Error).message);
  }
}

/** HA's from_json: json_loads (orjson), with a default for what does not parse. */
function fromJson(value: unknown, dflt: unknown): unknown {
  try {
    if (typeof value !== 'string') throw new PyError(`Input must be bytes, bytearray, memoryview, or str`);
    return parseJson(value);
  } catch (err) {
    if (!(err instanceof PyError)) throw err;
    return dflt === MISSING ? noDefault('from_json', value) : dflt;
  }
}

function format(value: unknown, rest: readonly unknown[], kwargs: Readonly<Record<string, unknown>>): string {
  const hasKw = Object.keys(kwargs).length > 0;
  if (rest.length > 0 && hasKw) throw new PyError("can't handle positional and keyword arguments at the same time");
  const mapping = newDict();
  Object.assign(mapping, kwargs);
  return percentFormat(pyStr(value), hasKw ? mapping : makeTuple([...rest]));
}

function intArg(v: unknown, w: unknown, what: string): bigint {
  if (!isIntLike(v)) {
    throw new PyError(`unsupported operand type(s) for ${what}: '${typeName(v)}' and '${typeName(w)}'`);
  }
  return intValue(v);
}

function bitwise(op: '&' | '|' | '^'): Builtin {
  return sig('value, other', ([a, b]) => {
    const x = intArg(a, b, op);
    const y = intArg(b, a, op);
    return normInt(op === '&' ? x & y : op === '|' ? x | y : x ^ y);
  });
}

function ordinal(value: unknown): string {
  const s = pyStr(value);
  const last = Number(s.slice(-1));
  const lastTwo = Number(s.slice(-2));
  if (s === '' || !/\d$/.test(s) || Number.isNaN(lastTwo)) {
    throw new PyError(`invalid literal for int() with base 10: '${s}'`);
  }
  const suffixes = ['th', 'st', 'nd', 'rd', 'th', 'th', 'th', 'th', 'th', 'th'];
  return s + (lastTwo % 100 >= 11 && lastTwo % 100 <= 13 ? 'th' : (suffixes[last % 10] ?? 'th'));
}

function timestampFilter(local: boolean | 'custom'): Builtin {
  if (local === 'custom') {
    return sig('value, format?, local?, default?', ([value, fmt, loc, dflt], _rest, _kw, env) =>
      withDefault('timestamp_custom', value, dflt, () => {
        const isLocal = flag(loc, true);
        const format = pyStr(opt(fmt, '%Y-%m-%d %H:%M:%S'));
        return strftime(fromTimestamp(value, isLocal), format, !isLocal, env.zoneNames);
      }),
    );
  }
  const name = local ? 'timestamp_local' : 'timestamp_utc';
  return sig('value, default?', ([value, dflt]) =>
    withDefault(name, value, dflt, () => isoFormat(fromTimestamp(value, local))),
  );
}

function floatResult(r: number): PyFloat {
  if (Number.isNaN(r)) throw new PyValueError('math domain error');
  return new PyFloat(r);
}

/** HA's log(value, base=e, default): float() of both; a default for what fails or is outside the domain. */
function logarithm(value: unknown, base: unknown, dflt: unknown): unknown {
  const b = base === MISSING ? Math.E : toPyFloat(base);
  if (b === undefined) return dflt === MISSING ? noDefault('log', base) : dflt;
  return forgiving('log', value, dflt, (f) => {
    if (f <= 0 || b <= 0) throw new PyValueError('math domain error');
    if (b === 1) throw new PyError('float division by zero');
    return new PyFloat(Math.log(f) / Math.log(b));
  });
}

function stringOnly(name: string, value: unknown): string {
  if (typeof value !== 'string') throw new PyError(`${name} expects a string, not '${typeName(value)}'`);
  return value;
}

const length = sig('value', ([v]) => pyLen(v));
const dflt = sig('value, default_value?, boolean?', ([v, d, boolean]) =>
  isUndefined(v) || (flag(boolean) && !truthy(v)) ? opt(d, '') : v,
);
const toJsonFilter = sig('value, ensure_ascii?, pretty_print?, sort_keys?', ([v, a, p, s]) => toJson(v, a, p, s));

const OWN_FILTERS: Readonly<Record<string, Builtin>> = {
  abs: sig('value', ([v]) => absValue(v)),
  add: sig('value, amount, default?', ([v, amount, d]) =>
    forgiving('add', v, d, (f) => {
      if (!isNumber(amount)) throw new PyValueError('amount must be a number');
      return new PyFloat(f + numValue(amount));
    }),
  ),
  base64_decode: sig('value, encoding?', ([v, enc]) => {
    const e = opt(enc, 'utf-8');
    if (e === null) throw new PyError('base64_decode to bytes is not supported');
    const encoding = pyStr(e).toLowerCase().replace('_', '-');
    const bytes = Buffer.from(stringOnly('base64_decode', v), 'base64');
    if (encoding === 'utf-8' || encoding === 'utf8') return bytes.toString('utf8');
    if (encoding === 'ascii' || encoding === 'latin-1' || encoding === 'latin1') return bytes.toString('latin1');
    throw new PyError(`unsupported encoding '${pyStr(e)}'`);
  }),
  base64_encode: sig('value', ([v]) => Buffer.from(stringOnly('base64_encode', v), 'utf8').toString('base64')),
  bitwise_and: bitwise('&'),
  bitwise_or: bitwise('|'),
  bitwise_xor: bitwise('^'),
  bool: sig('value, default?', ([v, d]) => forgivingBool(v, d)),
  capitalize: sig('value', ([v]) => pyCapitalize(pyStr(v))),
  contains: sig('value, other', ([v, other]) => contains(v, other)),
  count: length,
  d: dflt,
  default: dflt,
  first: sig('value', ([v]) => firstOrLast(v, false)),
  float: sig('value, default?', ([v, d]) => forgivingFloat(v, d)),
  format: sig('value, *args, **kwargs', ([v], rest, kw) => format(v, rest, kw)),
  from_json: sig('value, default?', ([v, d]) => fromJson(v, d)),
  iif: sig('value, if_true?, if_false?, if_none?', ([v, t, f, n]) => iif(v, t, f, n)),
  int: sig('value, default?, base?', ([v, d, base]) => forgivingInt(v, d, opt(base, 10))),
  is_defined: sig('value', ([v]) => (isUndefined(v) ? failUndefined(v) : v)),
  is_number: sig('value', ([v]) => {
    const f = forgivingFloat(v, null);
    return f instanceof PyFloat && Number.isFinite(f.value);
  }),
  items: sig('value', ([v]) => {
    if (isUndefined(v)) return [];
    if (!isDict(v)) throw new PyError('Can only get item pairs from a mapping.');
    return Object.keys(v).map((k) => makeTuple([keyOf(k), v[k]]));
  }),
  join: sig('value, d?, attribute?', ([v, sep, attribute]) =>
    iterate(v)
      .map(attrGetter(attribute))
      .map(pyStr)
      .join(pyStr(opt(sep, ''))),
  ),
  last: sig('value', ([v]) => firstOrLast(v, true)),
  length,
  list: sig('value', ([v]) => [...iterate(v)]),
  log: sig('value, base?, default?', ([v, base, d]) => logarithm(v, base, d)),
  lower: sig('value', ([v]) => pyStr(v).toLowerCase()),
  max: sig('value, case_sensitive?, attribute?', ([v, cs, a]) => minMax('max', v, cs, a)),
  min: sig('value, case_sensitive?, attribute?', ([v, cs, a]) => minMax('min', v, cs, a)),
  multiply: sig('value, amount, default?', ([v, amount, d]) =>
    forgiving('multiply', v, d, (f) => {
      if (!isNumber(amount)) throw new PyValueError('amount must be a number');
      return new PyFloat(f * numValue(amount));
    }),
  ),
  ord: sig('value', ([v]) => {
    const chars = typeof v === 'string' ? Array.from(v) : [];
    if (chars.length !== 1) throw new PyError(`ord() expected a character, got ${pyStr(v)}`);
    return chars[0]?.codePointAt(0) ?? 0;
  }),
  ordinal: sig('value', ([v]) => ordinal(v)),
  replace: sig('value, old, new, count?', ([v, o, n, c]) =>
    pyReplace(pyStr(v), pyStr(o), pyStr(n), c === MISSING || c === null ? -1 : intArgument(c)),
  ),
  reverse: sig('value', ([v]) => reverse(v)),
  round: sig('value, precision?, method?, default?', ([v, p, m, d]) =>
    forgivingRound(v, opt(p, 0), opt(m, 'common'), d),
  ),
  sort: sig('value, reverse?, case_sensitive?, attribute?', ([v, r, cs, a]) =>
    sortItems(v, flag(r), flag(cs), opt(a, null)),
  ),
  sqrt: sig('value, default?', ([v, d]) => forgiving('sqrt', v, d, (f) => floatResult(f < 0 ? NaN : Math.sqrt(f)))),
  string: sig('value', ([v]) => pyStr(v)),
  sum: sig('value, attribute?, start?', ([v, a, s]) => sumItems(v, opt(a, null), opt(s, 0))),
  timestamp_custom: timestampFilter('custom'),
  timestamp_local: timestampFilter(true),
  timestamp_utc: timestampFilter(false),
  title: sig('value', ([v]) => jinjaTitle(pyStr(v))),
  to_json: toJsonFilter,
  tojson: sig('value, indent?', ([v, indent]) => tojson(v, indent)),
  trim: sig('value, chars?', ([v, chars]) =>
    pyStrip(pyStr(v), chars === MISSING || chars === null ? null : pyStr(chars), 'both'),
  ),
  truncate: sig('value, length?, killwords?, end?, leeway?', ([v, length, killwords, end, leeway]) =>
    truncate(v, length, killwords, end, leeway),
  ),
  unique: sig('value, case_sensitive?, attribute?', ([v, cs, a]) => uniqueItems(v, flag(cs), opt(a, null))),
  upper: sig('value', ([v]) => pyStr(v).toUpperCase()),
};

/** Jinja's filters and Home Assistant's, by name. */
export const FILTERS: Readonly<Record<string, Builtin>> = {
  ...OWN_FILTERS,
  random: sig('value', ([v]) => randomItem(v)),
  ...TRIGONOMETRY,
  ...TIME_BUILTIN_FILTERS,
  ...REGEX_FILTERS,
};

export function hasFilter(name: string): boolean {
  return Object.hasOwn(FILTERS, name);
}
