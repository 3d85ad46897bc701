// Tokenizer: template text, {{ }}, {% %}, {# #}, whitespace control and {% raw %}.
import { errorAt } from './errors.js';

export type TokenType =
  | 'text'
  | 'var_begin'
  | 'var_end'
  | 'block_begin'
  | 'block_end'
  | 'name'
  | 'string'
  | 'int'
  | 'float'
  | 'op'
  | 'eof';

export interface Token {
  readonly type: TokenType;
  /** Text, decoded string literal, operator or name. */
  readonly value: string;
  /** Numeric value of int/float literals. */
  readonly num: number;
  /** Offset in the source. */
  readonly pos: number;
}

const TAG_START = /\{([{%#])([-+]?)/g;
const RAW_BEGIN = /\{%[-+]?\s*raw\s*(-?)%\}/y;
const RAW_END = /\{%(-?)\s*endraw\s*(-?)%\}/g;
const WHITESPACE = /\s*/y;
const FLOAT_RE = /(?:\d+_)*\d+(?:(?:\.(?:\d+_)*\d+)?e[+-]?(?:\d+_)*\d+|\.(?:\d+_)*\d+)/iy;
const INT_RE = /0b(?:_?[01])+|0o(?:_?[0-7])+|0x(?:_?[\da-f])+|[1-9](?:_?\d)*|0(?:_?0)*/iy;
const NAME_RE = /[\p{L}_][\p{L}\p{N}_]*/uy;
const STRING_RE = /'([^'\\]*(?:\\.[^'\\]*)*)'|"([^"\\]*(?:\\.[^"\\]*)*)"/sy;
const OPERATORS = [
  '**',
  '//',
  '==',
  '!=',
  '<=',
  '>=',
  '+',
  '-',
  '*',
  '/',
  '%',
  '~',
  '[',
  ']',
  '(',
  ')',
  '{',
  '}',
  '<',
  '>',
  '=',
  '.',
  ':',
  '|',
  ',',
  ';',
];
const CLOSERS: Readonly<Record<string, string>> = { ')': '(', ']': '[', '}': '{' };
const SIMPLE_ESCAPES: Readonly<Record<string, string>> = {
  '\\': '\\',
  "'": "'",
  '"': '"',
  a: '\x07',
  b: '\b',
  f: '\f',
  n: '\n',
  r: '\r',
  t: '\t',
  v: '\v',
  '\n': '',
};

/** Python unicode-escape decoding of a string literal body, as Jinja does. */
function unescapeString(body: string): string {
  return body.replace(/\\(x[0-9a-fA-F]{2}|u[0-9a-fA-F]{4}|U[0-9a-fA-F]{8}|[0-7]{1,3}|[\s\S])/g, (whole, e: string) => {
    const simple = SIMPLE_ESCAPES[e];
    if (simple !== undefined) return simple;
    if (/^[0-7]/.test(e)) return String.fromCodePoint(parseInt(e, 8));
    if (e.length > 1) {
      const code = parseInt(e.slice(1), 16);
      return code <= 0x10ffff ? String.fromCodePoint(code) : whole;
    }
    return whole;
  });
}

function sticky(re: RegExp, src: string, pos: number): RegExpExecArray | null {
  re.lastIndex = pos;
  return re.exec(src);
}

export function tokenize(src: string): Token[] {
  const tokens: Token[] = [];
  const push = (type: TokenType, value: string, pos: number, num = 0): void => {
    tokens.push({ type, value, num, pos });
  };
  let pos = 0;
  let lstripNext = false;
  const skipWhitespace = (at: number): number => (sticky(WHITESPACE, src, at)?.[0].length ?? 0) + at;

  while (pos < src.length) {
    if (lstripNext) {
      pos = skipWhitespace(pos);
      lstripNext = false;
      if (pos >= src.length) break;
    }
    TAG_START.lastIndex = pos;
    const tag = TAG_START.exec(src);
    const start = tag ? tag.index : src.length;
    let text = src.slice(pos, start);
    if (tag?.[2] === '-') text = text.replace(/\s+$/u, '');
    if (text !== '') push('text', text, pos);
    if (!tag) break;
    const kind = tag[1];
    const inner = start + tag[0].length;

    if (kind === '#') {
      const end = src.indexOf('#}', inner);
      if (end < 0) throw errorAt(src, start, 'missing end of comment tag');
      pos = end + 2;
      lstripNext = src[end - 1] === '-' && end - 1 >= inner;
      continue;
    }

    if (kind === '%') {
      const raw = sticky(RAW_BEGIN, src, start);
      if (raw) {
        RAW_END.lastIndex = start + raw[0].length;
        const end = RAW_END.exec(src);
        if (!end) throw errorAt(src, start, "missing '{% endraw %}' for '{% raw %}'");
        let body = src.slice(start + raw[0].length, end.index);
        if (raw[1] === '-') body = body.replace(/^\s+/u, '');
        if (end[1] === '-') body = body.replace(/\s+$/u, '');
        if (body !== '') push('text', body, start + raw[0].length);
        pos = end.index + end[0].length;
        lstripNext = end[2] === '-';
        continue;
      }
    }

    const isVar = kind === '{';
    const closer = isVar ? '}}' : '%}';
    push(isVar ? 'var_begin' : 'block_begin', tag[0], start);
    const stack: string[] = [];
    let p = inner;
    for (;;) {
      p = skipWhitespace(p);
      if (p >= src.length) {
        throw errorAt(src, start, `unexpected end of template, expected '${closer}' to close this tag`);
      }
      if (stack.length === 0) {
        if (src.startsWith(`-${closer}`, p)) {
          push(isVar ? 'var_end' : 'block_end', closer, p);
          p += 3;
          lstripNext = true;
          break;
        }
        if (src.startsWith(closer, p)) {
          push(isVar ? 'var_end' : 'block_end', closer, p);
          p += 2;
          break;
        }
      }
      p = lexToken(src, p, stack, push);
    }
    pos = p;
  }
  push('eof', '', src.length);
  return tokens;
}

type Push = (type: TokenType, value: string, pos: number, num?: number) => void;

function lexToken(src: string, p: number, stack: string[], push: Push): number {
  let m = src[p - 1] !== '.' ? sticky(FLOAT_RE, src, p) : null;
  if (m) {
    push('float', m[0], p, Number(m[0].replaceAll('_', '')));
    return p + m[0].length;
  }
  m = sticky(INT_RE, src, p);
  if (m) {
    push('int', m[0], p, Number(m[0].replaceAll('_', '')));
    return p + m[0].length;
  }
  m = sticky(NAME_RE, src, p);
  if (m) {
    push('name', m[0], p);
    return p + m[0].length;
  }
  m = sticky(STRING_RE, src, p);
  if (m) {
    push('string', unescapeString(m[1] ?? m[2] ?? ''), p);
    return p + m[0].length;
  }
  const op = OPERATORS.find((o) => src.startsWith(o, p));
  if (op === undefined) {
    const ch = String.fromCodePoint(src.codePointAt(p) ?? 0);
    if (ch === '"' || ch === "'") throw errorAt(src, p, 'unterminated string literal');
    throw errorAt(src, p, `unexpected character '${ch}'`);
  }
  if (op === '(' || op === '[' || op === '{') stack.push(op);
  const opener = CLOSERS[op];
  if (opener !== undefined) {
    if (stack.length === 0) throw errorAt(src, p, `unexpected '${op}'`);
    if (stack.pop() !== opener) {
      throw errorAt(src, p, `unexpected '${op}', expected the bracket opened before it to close first`);
    }
  }
  push('op', op, p);
  return p + op.length;
}
