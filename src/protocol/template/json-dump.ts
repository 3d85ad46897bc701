// JSON out: Python's json.dumps (Jinja's tojson, to_json with ensure_ascii) and orjson.dumps (Home
// Assistant's to_json otherwise), which differ in float notation, NaN, key order and integer range.
import { PyError } from './errors.js';
import { floatRepr } from './number-format.js';
import { intText, isInt } from './numbers.js';
import { PyFloat, isDict, keyOf, numValue, typeName } from './python-values.js';
import { MAX_JSON_DEPTH } from './json.js';

const INT64_MIN = -(2n ** 63n);
const UINT64_MAX = 2n ** 64n - 1n;

export interface DumpOptions {
  readonly sortKeys: boolean;
  readonly ensureAscii: boolean;
  /** [item separator, key separator] */
  readonly separators: readonly [string, string];
  readonly indent?: number | undefined;
  /** orjson's rules: short float notation, NaN and infinities as null, 64-bit ints, keys sorted as text */
  readonly orjson?: boolean;
}

/** orjson's float notation: repr, except that small exponents are written out (1e-05 -> 0.00001) or short (1e-7). */
export function orjsonFloat(x: number): string {
  if (!Number.isFinite(x)) return 'null';
  const text = floatRepr(x);
  const m = /^(-?)(\d)(?:\.(\d+))?e-(\d+)$/.exec(text);
  if (m === null) return text;
  const exp = Number(m[4]);
  if (exp > 5) return `${m[1]}${m[2]}${m[3] === undefined ? '' : `.${m[3]}`}e-${exp}`;
  return `${m[1]}0.${'0'.repeat(exp - 1)}${m[2]}${m[3] ?? ''}`;
}

/** json.dumps-style serialisation of template values. */
export function dumpJson(value: unknown, opts: DumpOptions): string {
  return dump(value, opts, 0);
}

function quote(s: string, ensureAscii: boolean): string {
  const json = JSON.stringify(s);
  if (!ensureAscii) return json;
  return json.replace(/[\u007f-\uffff]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

function dump(v: unknown, opts: DumpOptions, level: number): string {
  if (level > MAX_JSON_DEPTH) throw new PyError('maximum nesting depth exceeded in JSON serialisation');
  if (v === null) return 'null';
  if (typeof v === 'boolean') return v ? 'true' : 'false';
  if (typeof v === 'string') return quote(v, opts.ensureAscii);
  if (isInt(v)) {
    if (opts.orjson && typeof v === 'bigint' && (v < INT64_MIN || v > UINT64_MAX)) {
      throw new PyError('Integer exceeds 64-bit range');
    }
    return intText(v);
  }
  if (typeof v === 'number' || v instanceof PyFloat) {
    const n = v instanceof PyFloat ? v.value : v;
    if (opts.orjson) return orjsonFloat(n);
    if (Number.isNaN(n)) return 'NaN';
    if (!Number.isFinite(n)) return n > 0 ? 'Infinity' : '-Infinity';
    return floatRepr(n);
  }
  const [itemSep, keySep] = opts.separators;
  const inner = opts.indent === undefined ? '' : `\n${' '.repeat(opts.indent * (level + 1))}`;
  const outer = opts.indent === undefined ? '' : `\n${' '.repeat(opts.indent * level)}`;
  if (Array.isArray(v)) {
    if (v.length === 0) return '[]';
    return `[${inner}${v.map((x) => dump(x, opts, level + 1)).join(itemSep + inner)}${outer}]`;
  }
  if (isDict(v)) {
    const stored = Object.keys(v);
    if (stored.length === 0) return '{}';
    // Python's json writes None, True, 1 and 1.5 keys as "null", "true", "1" and "1.5"
    const keys = stored.map((k) => [jsonKey(keyOf(k), opts), k] as const);
    if (opts.sortKeys && opts.orjson) keys.sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    else if (opts.sortKeys) {
      // Python sorts the keys themselves: numbers among numbers, strings among strings, nothing else mixes
      const actual = stored.map(keyOf);
      const kinds = new Set(actual.map((k) => (typeof k === 'string' ? 'str' : k === null ? 'NoneType' : 'number')));
      if (kinds.size > 1 || (kinds.has('NoneType') && actual.length > 1)) {
        const [a, b] = [typeName(actual[1]), typeName(actual[0])];
        throw new PyError(`'<' not supported between instances of '${a}' and '${b}'`);
      }
      if (kinds.has('number')) keys.sort(([, a], [, b]) => numValue(keyOf(a) as number) - numValue(keyOf(b) as number));
      else keys.sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    }
    const parts = keys.map(([name, k]) => `${quote(name, opts.ensureAscii)}${keySep}${dump(v[k], opts, level + 1)}`);
    return `{${inner}${parts.join(itemSep + inner)}${outer}}`;
  }
  throw new PyError(`Object of type ${typeName(v)} is not JSON serializable`);
}

function jsonKey(k: unknown, opts: DumpOptions): string {
  if (typeof k === 'string') return k;
  if (k === null) return 'null';
  if (typeof k === 'boolean') return k ? 'true' : 'false';
  const compact: DumpOptions = { sortKeys: false, ensureAscii: false, separators: [',', ':'], orjson: opts.orjson };
  return dump(k, compact, 0);
}
