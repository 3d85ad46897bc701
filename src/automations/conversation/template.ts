/**
 * Sentence templates as Home Assistant's conversation trigger takes them: hassil's template syntax
 * (github.com/OHF-Voice/hassil `docs/template_syntax.md`), matched the way the default agent matches trigger
 * sentences (every `{list}` is a wildcard: `_rebuild_trigger_intents` makes each list reference a WildcardSlotList).
 *
 * No maintained npm package implements hassil (it is a Python library; `npm view hassil` finds nothing), so this is
 * a small matcher of our own: a template compiles to one regular expression.
 * - `[x]` optional (= `(x|)`), `(a|b)` alternatives, `(a; b)` permutations (every order, joined by a space),
 *   `{name}` / `{list:slot}` a wildcard slot (`{@capture}` and `{list:@capture}` match but are no slot),
 *   `\` escapes one of the reserved characters `()[]{}<>|;@\`;
 * - expansion rules `<rule>` are refused: trigger sentences have none;
 * - whitespace in a template matches one or more spaces, or none where a word already ends (so `[turn] on` matches
 *   "on" and `hello[ world]` matches "hello"), never inside a word (`turn on` does not match "turnon");
 * - case is ignored; the input is normalised as hassil does before matching (`util.py`: punctuation at the start and
 *   end of words removed, `’` → `'`, whitespace collapsed, Unicode NFC);
 * - a wildcard takes at least one word character run and as little as it can (the first way the rest matches).
 */

export class SentenceTemplateError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'SentenceTemplateError';
  }
}

/** A compiled template: its expression, and which capture group is which slot. */
export interface CompiledSentence {
  readonly template: string;
  readonly pattern: RegExp;
  /** capture group number → slot name */
  readonly slots: readonly (readonly [group: number, name: string])[];
}

/** hassil `PUNCTUATION_STR`; the conversation trigger refuses sentences that contain any of it. */
export const PUNCTUATION = '.。,，?¿？؟!¡！;；:：’';
const PUNCT_CLASS = `[${PUNCTUATION.replace(/[\\\]^-]/g, '\\$&')}"]`;
const RESERVED = '()[]{}<>|;@\\';
const MAX_PERMUTED = 6;
/** a word boundary or spaces: where template whitespace stands */
const GAP = String.raw`(?:\s+|(?<![\p{L}\p{N}_'])|(?![\p{L}\p{N}_']))`;
const WILDCARD = String.raw`(\S(?:.*?\S)?)`;

const escapeRegex = (text: string): string => text.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');

/** Whether a sentence contains punctuation (HA's `has_no_punctuation` refuses it). */
export const hasPunctuation = (sentence: string): boolean => new RegExp(PUNCT_CLASS, 'u').test(sentence);

/** hassil's normalisation of what was said, before matching. */
export function normalizeSpoken(text: string): string {
  const punct = `${PUNCT_CLASS}+`;
  return text
    .normalize('NFC')
    .replace(/\u2019/g, "'")
    .replace(new RegExp(`(^|\\s)${punct}`, 'gu'), '$1')
    .replace(new RegExp(`${punct}(?=\\s|$)`, 'gu'), '')
    .replace(/\s+/gu, ' ')
    .trim();
}

interface Parser {
  readonly text: string;
  pos: number;
  groups: [number, string][];
  nextGroup: number;
}

const fail = (p: Parser, message: string): never => {
  throw new SentenceTemplateError(`${message} (at character ${p.pos + 1} of '${p.text}')`);
};

/** Text up to the next reserved character: words escaped, whitespace runs as gaps. */
function literal(p: Parser): string {
  let out = '';
  let pendingGap = false;
  while (p.pos < p.text.length) {
    let ch = p.text[p.pos] ?? '';
    if (ch === '\\') {
      const next = p.text[p.pos + 1];
      if (next === undefined) fail(p, 'a template cannot end with \\');
      ch = next ?? '';
      p.pos++;
    } else if (RESERVED.includes(ch)) break;
    p.pos++;
    if (/\s/u.test(ch)) {
      pendingGap = true;
      continue;
    }
    if (pendingGap) out += GAP;
    pendingGap = false;
    out += escapeRegex(ch);
  }
  return pendingGap ? `${out}${GAP}` : out;
}

function slot(p: Parser): string {
  const end = p.text.indexOf('}', p.pos);
  if (end < 0) fail(p, "'{' without '}'");
  const inner = p.text.slice(p.pos + 1, end).trim();
  p.pos = end + 1;
  const [list = '', slotName] = inner.split(':').map((s) => s.trim());
  if (!list && !slotName) fail(p, 'an empty {} names no list');
  const name = slotName ?? list;
  if (name.startsWith('@')) return `(?:${WILDCARD.replace('(', '(?:')})`;
  p.nextGroup++;
  p.groups.push([p.nextGroup, name]);
  return WILDCARD;
}

function permutations<T>(items: readonly T[]): T[][] {
  if (items.length <= 1) return [items.slice()];
  return items.flatMap((item, i) =>
    permutations([...items.slice(0, i), ...items.slice(i + 1)]).map((rest) => [item, ...rest]),
  );
}

/** `(…)` or `[…]`: alternatives, or (round only) permutations. */
function group(p: Parser, close: ')' | ']'): string {
  p.pos++;
  const alternatives: string[][] = [[]];
  let separator: '|' | ';' | undefined;
  for (;;) {
    if (p.pos >= p.text.length) fail(p, `'${close === ')' ? '(' : '['}' without '${close}'`);
    const ch = p.text[p.pos];
    if (ch === close) {
      p.pos++;
      break;
    }
    if (ch === '|' || ch === ';') {
      if (ch === ';' && close === ']') fail(p, "';' (permutation) is only allowed inside ( )");
      if (separator !== undefined && separator !== ch) fail(p, "a group cannot mix '|' and ';'");
      separator = ch;
      p.pos++;
      alternatives.push([]);
      continue;
    }
    alternatives[alternatives.length - 1]?.push(item(p));
  }
  const bodies = alternatives.map((parts) => parts.join(''));
  if (separator === ';') {
    if (bodies.length > MAX_PERMUTED) fail(p, `at most ${MAX_PERMUTED} items can be permuted`);
    const orders = permutations(bodies).map((order) => order.join(GAP));
    return `(?:${orders.join('|')})`;
  }
  return `(?:${bodies.join('|')})${close === ']' ? '?' : ''}`;
}

function item(p: Parser): string {
  const ch = p.text[p.pos];
  if (ch === '(') return group(p, ')');
  if (ch === '[') return group(p, ']');
  if (ch === '{') return slot(p);
  if (ch === '<') return fail(p, 'expansion rules (<rule>) are not available in trigger sentences');
  if (ch === ')' || ch === ']' || ch === '}' || ch === '>') return fail(p, `unexpected '${ch}'`);
  if (ch === '@') return fail(p, "'@' is reserved; write \\@ for the character");
  return literal(p);
}

/** Compiles a sentence template; throws SentenceTemplateError. */
export function compileSentence(template: string): CompiledSentence {
  const p: Parser = { text: template.trim(), pos: 0, groups: [], nextGroup: 0 };
  let body = '';
  while (p.pos < p.text.length) {
    const ch = p.text[p.pos];
    if (ch === '|' || ch === ';') fail(p, `'${ch}' outside of ( ) or [ ]`);
    body += item(p);
  }
  if (!body) fail(p, 'an empty sentence');
  let pattern: RegExp;
  try {
    pattern = new RegExp(`^\\s*${body}\\s*$`, 'iu');
  } catch (err) {
    throw new SentenceTemplateError(`cannot compile '${template}': ${err instanceof Error ? err.message : err}`);
  }
  return { template, pattern, slots: p.groups };
}

/** The slots of a sentence that matched `spoken` (already normalised), or undefined when it does not match. */
export function matchSentence(sentence: CompiledSentence, spoken: string): Record<string, string> | undefined {
  const m = sentence.pattern.exec(spoken);
  if (!m) return undefined;
  const slots: Record<string, string> = {};
  for (const [groupNo, name] of sentence.slots) {
    const value = m[groupNo];
    if (value !== undefined && !Object.hasOwn(slots, name)) slots[name] = value.trim();
  }
  return slots;
}
