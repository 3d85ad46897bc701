/**
 * Native values from rendered templates, as Home Assistant's `parse_result` makes them: a render that
 * reads as a Python literal becomes that value ("True" → true, "42" → 42, "[1, 'a']" → [1, 'a']), text
 * stays text. Also turns template values into plain JSON for traces.
 */
import { HostObject, PyFloat } from '../protocol/template/index.js';

const IS_NUMERIC = /^[+-]?(?!0\d)\d*(?:\.\d*)?(?:[eE][+-]?\d+)?$/;
const NOT_LITERAL = Symbol('not a literal');
type Parsed = unknown;

/** HA's `_parse_result`: the Python literal the text spells, or the text itself. */
export function parseResult(text: string): unknown {
  const value = new LiteralParser(text).parse();
  if (value === NOT_LITERAL || typeof value === 'string') return text;
  if (typeof value === 'number' && !IS_NUMERIC.test(text)) return text;
  return value;
}

/**
 * What a template condition (and a wait_template) counts as true: Home Assistant's `condition.async_template`
 * renders without parsing the result (stripped) and passes only on `value.lower() == "true"`, so `yes`,
 * `on`, `1` and `42` do not pass there (they do for a template trigger, see `resultAsBoolean`).
 */
export function templateIsTrue(rendered: string): boolean {
  return rendered.trim().toLowerCase() === 'true';
}

/** HA's `result_as_boolean`: what a template trigger counts as true. */
export function resultAsBoolean(value: unknown): boolean {
  if (typeof value === 'boolean') return value;
  if (typeof value === 'number') return value !== 0;
  const text = String(value ?? '')
    .trim()
    .toLowerCase();
  if (['true', 'yes', 'on', 'enable'].includes(text)) return true;
  const n = Number(text);
  return text !== '' && !Number.isNaN(n) && n !== 0;
}

/** A small reader of Python literals: numbers, strings, True/False/None, lists, tuples, dicts. */
class LiteralParser {
  private i = 0;

  constructor(private readonly s: string) {}

  parse(): Parsed {
    try {
      const v = this.value();
      this.space();
      return this.i === this.s.length ? v : NOT_LITERAL;
    } catch {
      return NOT_LITERAL;
    }
  }

  private space(): void {
    while (this.i < this.s.length && /\s/.test(this.s[this.i] ?? '')) this.i++;
  }

  private fail(): never {
    throw new Error('not a literal');
  }

  private value(): Parsed {
    this.space();
    const c = this.s[this.i];
    if (c === '[') return this.sequence(']');
    if (c === '(') return this.sequence(')');
    if (c === '{') return this.dict();
    if (c === "'" || c === '"') return this.string(c);
    const word = /^(True|False|None)\b/.exec(this.s.slice(this.i));
    if (word) {
      this.i += word[0].length;
      return word[0] === 'True' ? true : word[0] === 'False' ? false : null;
    }
    const num = /^[+-]?(\d+\.?\d*(?:[eE][+-]?\d+)?|\.\d+(?:[eE][+-]?\d+)?)/.exec(this.s.slice(this.i));
    if (!num) return this.fail();
    this.i += num[0].length;
    const n = Number(num[0]);
    return Number.isFinite(n) ? n : this.fail();
  }

  private sequence(close: string): unknown[] {
    this.i++;
    const out: unknown[] = [];
    for (;;) {
      this.space();
      if (this.s[this.i] === close) {
        this.i++;
        return out;
      }
      out.push(this.value());
      this.space();
      if (this.s[this.i] === ',') this.i++;
      else if (this.s[this.i] !== close) this.fail();
    }
  }

  private dict(): Record<string, unknown> {
    this.i++;
    const out: Record<string, unknown> = {};
    for (;;) {
      this.space();
      if (this.s[this.i] === '}') {
        this.i++;
        return out;
      }
      const key = this.value();
      if (typeof key !== 'string' && typeof key !== 'number') this.fail();
      this.space();
      if (this.s[this.i] !== ':') this.fail();
      this.i++;
      out[String(key)] = this.value();
      this.space();
      if (this.s[this.i] === ',') this.i++;
      else if (this.s[this.i] !== '}') this.fail();
    }
  }

  private string(quote: string): string {
    this.i++;
    let out = '';
    const escapes: Record<string, string> = { n: '\n', t: '\t', r: '\r', '\\': '\\', "'": "'", '"': '"', '0': '\0' };
    while (this.i < this.s.length) {
      const c = this.s[this.i++] ?? '';
      if (c === quote) return out;
      if (c !== '\\') {
        out += c;
        continue;
      }
      const e = this.s[this.i++] ?? '';
      const hex = e === 'x' ? 2 : e === 'u' ? 4 : e === 'U' ? 8 : 0;
      if (hex > 0) {
        const code = Number.parseInt(this.s.slice(this.i, this.i + hex), 16);
        if (Number.isNaN(code)) this.fail();
        out += String.fromCodePoint(code);
        this.i += hex;
      } else out += escapes[e] ?? `\\${e}`;
    }
    return this.fail();
  }
}

/** A template or runtime value as plain JSON (for traces and API answers). */
export function toJson(value: unknown, depth = 0): unknown {
  if (depth > 32) return '…';
  if (value === null || typeof value === 'string' || typeof value === 'boolean') return value;
  if (typeof value === 'number') return Number.isFinite(value) ? value : String(value);
  if (value === undefined || typeof value === 'function' || typeof value === 'symbol') return undefined;
  if (typeof value === 'bigint') return value.toString();
  if (value instanceof PyFloat) return Number.isFinite(value.value) ? value.value : String(value.value);
  if (value instanceof HostObject) return value.toPyString();
  if (value instanceof Date) return value.toISOString();
  if (value instanceof Error) return value.message;
  if (Array.isArray(value)) return value.map((v) => toJson(v, depth + 1) ?? null);
  if (typeof value === 'object') {
    const out: Record<string, unknown> = {};
    // keys, not entries: one array per object instead of one per property (traces convert results on every run)
    const record = value as Record<string, unknown>;
    for (const k of Object.keys(record)) {
      const j = toJson(record[k], depth + 1);
      if (j !== undefined) out[k] = j;
    }
    return out;
  }
  return String(value);
}

/** toJson for a mapping. */
export function jsonRecord(value: Readonly<Record<string, unknown>>): Record<string, unknown> {
  return (toJson(value) ?? {}) as Record<string, unknown>;
}
