// JSON in, as Home Assistant's json_loads (orjson) reads it, with Python's int/float distinction kept:
// "21.0" parses to a float, integers stay exact over the whole 64-bit range (a bigint past 2**53) and
// larger ones become floats; NaN, Infinity, lone surrogates and numbers that overflow a double are refused.
import { PyError } from './errors.js';
import { normInt } from './numbers.js';
import { PyFloat, newDict, type PyDict } from './python-values.js';

export const MAX_JSON_DEPTH = 512;
const INT64_MIN = -(2n ** 63n);
const UINT64_MAX = 2n ** 64n - 1n;
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

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
// biome-ignore lint/suspicious/noControlCharactersInRegex: JSON strings may not hold raw control characters (RFC 8259)
const STRING_RE = /"((?:[^"\\\u0000-\u001f]|\\(?:["\\/bfnrt]|u[0-9a-fA-F]{4}))*)"/y;
const ESCAPES: Readonly<Record<string, string>> = {
  '"': '"',
  '\\': '\\',
  '/': '/',
  b: '\b',
  f: '\f',
  n: '\n',
  r: '\r',
  t: '\t',
};

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
    for (const [word, v] of [
      ['true', true],
      ['false', false],
      ['null', null],
    ] as const) {
      if (this.text.startsWith(word, this.pos)) {
        this.pos += word.length;
        return v;
      }
    }
    NUMBER_RE.lastIndex = this.pos;
    const m = NUMBER_RE.exec(this.text);
    if (!m) this.fail(ch === '' ? 'unexpected end of input' : `unexpected character '${ch}'`);
    this.pos += m[0].length;
    if (m[1] === undefined && m[2] === undefined) return this.integer(m[0]);
    const f = Number(m[0]);
    if (!Number.isFinite(f)) this.fail('number is infinity when parsed as double');
    return new PyFloat(f);
  }

  integer(text: string): unknown {
    const n = Number(text);
    if (Number.isSafeInteger(n)) return n === 0 ? 0 : n;
    const big = BigInt(text);
    return big >= INT64_MIN && big <= UINT64_MAX ? normInt(big) : new PyFloat(n);
  }

  string(): string {
    STRING_RE.lastIndex = this.pos;
    const m = STRING_RE.exec(this.text);
    if (!m) this.fail('invalid string');
    this.pos += m[0].length;
    const text = (m[1] ?? '').replace(/\\(u[0-9a-fA-F]{4}|.)/g, (_s, e: string) =>
      e.length === 5 ? String.fromCharCode(parseInt(e.slice(1), 16)) : (ESCAPES[e] ?? e),
    );
    if (LONE_SURROGATE.test(text)) this.fail('lone surrogate in string');
    return text;
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
