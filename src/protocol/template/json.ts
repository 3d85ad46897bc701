// JSON in and out with Python's int/float distinction kept: "21.0" parses to a float.
import { PyError } from './errors.js';
import { floatRepr, formatInt } from './number-format.js';
import { PyFloat, isDict, keyOf, newDict, numValue, typeName, type PyDict } from './python-values.js';

const MAX_JSON_DEPTH = 512;

/** Strict JSON (RFC 8259) parse; numbers with a fraction or exponent become floats. */
export function parseJson(text: string): unknown {
  const p = new JsonParser(text);
  p.ws();
  const value = p.value(0);
  p.ws();
  if (p.pos < text.length) p.fail('extra data');
  return value;
}

/** Like parseJson but returns `undefined` instead of throwing (HA leaves value_json unset). */
export function tryParseJson(text: string): unknown {
  try {
    return parseJson(text);
  } catch {
    return undefined;
  }
}

const NUMBER_RE = /-?(?:0|[1-9]\d*)(\.\d+)?([eE][+-]?\d+)?/y;
const STRING_RE = /"((?:[^"\\\u0000-\u001f]|\\(?:["\\/bfnrt]|u[0-9a-fA-F]{4}))*)"/y;
const ESCAPES: Readonly<Record<string, string>> = { '"': '"', '\\': '\\', '/': '/', b: '\b', f: '\f', n: '\n', r: '\r', t: '\t' };

class JsonParser {
  pos = 0;
  constructor(private readonly text: string) {}

  fail(what: string): never {
    throw new PyError(`invalid JSON: ${what} at position ${this.pos}`);
  }

  ws(): void {
    while (this.pos < this.text.length && ' \t\n\r'.includes(this.text.charAt(this.pos))) this.pos++;
  }

  value(depth: number): unknown {
    if (depth > MAX_JSON_DEPTH) this.fail('nesting too deep');
    const ch = this.text.charAt(this.pos);
    if (ch === '{') return this.object(depth);
    if (ch === '[') return this.array(depth);
    if (ch === '"') return this.string();
    for (const [word, v] of [['true', true], ['false', false], ['null', null]] as const) {
      if (this.text.startsWith(word, this.pos)) {
        this.pos += word.length;
        return v;
      }
    }
    NUMBER_RE.lastIndex = this.pos;
    const m = NUMBER_RE.exec(this.text);
    if (!m) this.fail(ch === '' ? 'unexpected end of input' : `unexpected character '${ch}'`);
    this.pos += m[0].length;
    const n = Number(m[0]);
    return m[1] !== undefined || m[2] !== undefined ? new PyFloat(n) : n;
  }

  string(): string {
    STRING_RE.lastIndex = this.pos;
    const m = STRING_RE.exec(this.text);
    if (!m) this.fail('invalid string');
    this.pos += m[0].length;
    return (m[1] ?? '').replace(/\\(u[0-9a-fA-F]{4}|.)/g, (_s, e: string) =>
      e.length === 5 ? String.fromCharCode(parseInt(e.slice(1), 16)) : (ESCAPES[e] ?? e),
    );
  }

  expect(ch: string): void {
    this.ws();
    if (this.text.charAt(this.pos) !== ch) this.fail(`expected '${ch}'`);
    this.pos++;
  }

  array(depth: number): unknown[] {
    this.pos++;
    const out: unknown[] = [];
    this.ws();
    if (this.text.charAt(this.pos) === ']') {
      this.pos++;
      return out;
    }
    for (;;) {
      this.ws();
      out.push(this.value(depth + 1));
      this.ws();
      if (this.text.charAt(this.pos) === ']') {
        this.pos++;
        return out;
      }
      this.expect(',');
    }
  }

  object(depth: number): PyDict {
    this.pos++;
    const out = newDict();
    this.ws();
    if (this.text.charAt(this.pos) === '}') {
      this.pos++;
      return out;
    }
    for (;;) {
      this.ws();
      if (this.text.charAt(this.pos) !== '"') this.fail('expected property name');
      const key = this.string();
      this.expect(':');
      this.ws();
      out[key] = this.value(depth + 1);
      this.ws();
      if (this.text.charAt(this.pos) === '}') {
        this.pos++;
        return out;
      }
      this.expect(',');
    }
  }
}

export interface DumpOptions {
  readonly sortKeys: boolean;
  readonly ensureAscii: boolean;
  /** [item separator, key separator] */
  readonly separators: readonly [string, string];
  readonly indent?: number | undefined;
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
  if (typeof v === 'number' || v instanceof PyFloat) {
    const n = v instanceof PyFloat ? v.value : v;
    if (Number.isNaN(n)) return 'NaN';
    if (!Number.isFinite(n)) return n > 0 ? 'Infinity' : '-Infinity';
    return v instanceof PyFloat || !Number.isInteger(n) ? floatRepr(n) : formatInt(n);
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
    const keys = stored.map((k) => [jsonKey(keyOf(k)), k] as const);
    if (opts.sortKeys) {
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

function jsonKey(k: unknown): string {
  if (typeof k === 'string') return k;
  if (k === null) return 'null';
  if (typeof k === 'boolean') return k ? 'true' : 'false';
  return dump(k, { sortKeys: false, ensureAscii: false, separators: [',', ':'], indent: undefined }, 0);
}
