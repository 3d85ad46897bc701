// Home Assistant's regular expression filters and tests (regex_match, regex_search, regex_replace,
// regex_findall, regex_findall_index; `is match`, `is search`) on Python's `re` syntax, translated to
// JavaScript's: named groups (?P<name>…) and (?P=name), \A and \Z, \d \w \s over Unicode as Python's
// str patterns do, and the replacement's \1 and \g<name>. Patterns JavaScript cannot express fail.
// Compiled patterns are kept in the rendering environment's cache (caches.ts), bounded by bytes.
import type { TemplateCaches } from './caches.js';
import { PyError } from './errors.js';
import { MISSING, opt, sig, type Builtin } from './signature.js';
import { intArgument, makeTuple, pyStr, truthy } from './python-values.js';

const SYNTAX = '^$\\.*+?()[]{}|/';
const CLASS_ESCAPES: Readonly<Record<string, string>> = { d: '\\p{Nd}', D: '\\P{Nd}', w: '\\p{L}\\p{N}_' };
const ESCAPES: Readonly<Record<string, string>> = {
  A: '^',
  Z: '$',
  d: '\\p{Nd}',
  D: '\\P{Nd}',
  w: '[\\p{L}\\p{N}_]',
  W: '[^\\p{L}\\p{N}_]',
};

/** One escape `\\x` of a Python pattern, in a character class or not. */
function escapeChar(next: string, inClass: boolean): string {
  const special = inClass ? CLASS_ESCAPES[next] : ESCAPES[next];
  if (special !== undefined) return special;
  if ('nrtfvsSbB0xu'.includes(next)) return `\\${next}`;
  if (/[1-9]/.test(next) && !inClass) return `\\${next}`;
  if (/[a-zA-Z0-9]/.test(next)) fail(`bad escape \\${next}`);
  return SYNTAX.includes(next) || (inClass && next === '-') ? `\\${next}` : next;
}

/** Python `re` pattern text -> JavaScript RegExp source, and the flags set inline at its start. */
function translate(pattern: string): { source: string; flags: string } {
  let flags = '';
  let i = 0;
  const inline = /^\(\?([aiLmsux]+)\)/.exec(pattern);
  if (inline) {
    flags = (inline[1] ?? '').replace(/[aLux]/g, '');
    i = inline[0].length;
  }
  let out = '';
  let inClass = false;
  for (; i < pattern.length; i++) {
    const ch = pattern.charAt(i);
    if (ch === '\\') {
      out += escapeChar(pattern.charAt(++i), inClass);
    } else if (inClass) {
      if (ch === ']') inClass = false;
      out += ch === '[' ? '\\[' : ch;
    } else if (ch === '[') {
      inClass = true;
      out += ch;
      if (pattern.charAt(i + 1) === '^') out += pattern.charAt(++i);
      if (pattern.charAt(i + 1) === ']') out += `\\${pattern.charAt(++i)}`;
    } else if (pattern.startsWith('(?P<', i)) {
      out += '(?<';
      i += 3;
    } else if (pattern.startsWith('(?P=', i)) {
      const end = pattern.indexOf(')', i);
      if (end < 0) fail('missing ), unterminated name');
      out += `\\k<${pattern.slice(i + 4, end)}>`;
      i = end;
    } else {
      // Python's $ also matches before a newline that ends the text
      out += ch === '$' ? '(?=\\n?$)' : ch;
    }
  }
  return { source: out, flags };
}

function fail(message: string): never {
  throw new PyError(`re.error: ${message}`);
}

export function compile(find: unknown, ignorecase: unknown, env: TemplateCaches): RegExp {
  const pattern = pyStr(find);
  const ignore = ignorecase !== MISSING && truthy(ignorecase) ? 'i' : '';
  const key = `${ignore}/${pattern}`;
  const cache = env.regexes;
  let re = cache.get(key);
  if (re === undefined) {
    try {
      const { source, flags } = translate(pattern);
      re = new RegExp(source, `gu${ignore}${flags.replace(ignore, '')}`);
    } catch (err) {
      if (err instanceof PyError) throw err;
      throw new PyError(`re.error: ${(err as Error).message}`);
    }
    cache.set(key, re);
  }
  re.lastIndex = 0;
  return re;
}

/** re.match: at the start of the text (the leftmost match, if any, starts there). */
function match(value: unknown, find: unknown, ignorecase: unknown, env: TemplateCaches): boolean {
  const m = compile(opt(find, ''), ignorecase, env).exec(pyStr(value));
  return m !== null && m.index === 0;
}

function search(value: unknown, find: unknown, ignorecase: unknown, env: TemplateCaches): boolean {
  return compile(opt(find, ''), ignorecase, env).test(pyStr(value));
}

/** Python's replacement template: \1, \g<1>, \g<name>, escapes; `$` is literal. */
function replacement(template: string): (m: RegExpExecArray) => string {
  return (m) =>
    template.replace(/\\(g<([^>]+)>|[0-9]{1,2}|.)/g, (_whole, e: string, ref: string | undefined) => {
      const group = ref ?? (/^[0-9]+$/.test(e) ? e : undefined);
      if (group !== undefined) {
        const value = /^[0-9]+$/.test(group) ? m[Number(group)] : m.groups?.[group];
        const numbered = /^[0-9]+$/.test(group);
        if (value === undefined && (numbered ? Number(group) >= m.length : !(group in (m.groups ?? {})))) {
          throw new PyError(`re.error: invalid group reference ${group}`);
        }
        return value ?? '';
      }
      const simple: Record<string, string> = { n: '\n', t: '\t', r: '\r', '\\': '\\', a: '\x07', f: '\f', v: '\v' };
      return simple[e] ?? `\\${e}`;
    });
}

function replace(value: unknown, find: unknown, repl: unknown, ignorecase: unknown, env: TemplateCaches): string {
  const re = compile(opt(find, ''), ignorecase, env);
  const build = replacement(pyStr(opt(repl, '')));
  const text = pyStr(opt(value, ''));
  let out = '';
  let last = 0;
  for (const m of text.matchAll(re)) {
    out += text.slice(last, m.index) + build(m);
    last = m.index + m[0].length;
  }
  return out + text.slice(last);
}

/** re.findall: whole matches, the one group, or tuples of the groups (unmatched ones as ''). */
function findall(value: unknown, find: unknown, ignorecase: unknown, env: TemplateCaches): unknown[] {
  const re = compile(opt(find, ''), ignorecase, env);
  return [...pyStr(value).matchAll(re)].map((m) => {
    if (m.length === 1) return m[0];
    if (m.length === 2) return m[1] ?? '';
    return makeTuple(m.slice(1).map((g) => g ?? ''));
  });
}

function findallIndex(
  value: unknown,
  find: unknown,
  index: unknown,
  ignorecase: unknown,
  env: TemplateCaches,
): unknown {
  const all = findall(value, find, ignorecase, env);
  const i = intArgument(opt(index, 0));
  const at = i < 0 ? i + all.length : i;
  if (at < 0 || at >= all.length) throw new PyError('list index out of range');
  return all[at];
}

export const REGEX_FILTERS: Readonly<Record<string, Builtin>> = {
  regex_findall: sig('value, find?, ignorecase?', ([v, f, i], _r, _k, env) => findall(v, f, i, env)),
  regex_findall_index: sig('value, find?, index?, ignorecase?', ([v, f, n, i], _r, _k, env) =>
    findallIndex(v, f, n, i, env),
  ),
  regex_match: sig('value, find?, ignorecase?', ([v, f, i], _r, _k, env) => match(v, f, i, env)),
  regex_replace: sig('value?, find?, replace?, ignorecase?', ([v, f, r, i], _r, _k, env) => replace(v, f, r, i, env)),
  regex_search: sig('value, find?, ignorecase?', ([v, f, i], _r, _k, env) => search(v, f, i, env)),
};

export const REGEX_TESTS: Readonly<Record<string, Builtin>> = {
  match: REGEX_FILTERS['regex_match'] as Builtin,
  search: REGEX_FILTERS['regex_search'] as Builtin,
};
