/**
 * A phrase of the intent templates (hassil's syntax: `[optional]`, `(a|b)`, `(a; b)` in every order, `{slot}`)
 * expanded into every word sequence it allows. The sentence triggers' matcher (`automations/conversation/
 * template.ts`) compiles the same syntax into one regular expression; spoken commands need words instead, so that a
 * word of the phrase can match a mistyped word and a slot can be resolved against the registry word by word.
 */

export type PhraseItem = { readonly word: string } | { readonly slot: string };
export type PhraseSequence = readonly PhraseItem[];

/** Expanding stops here: a phrase that allows more sequences is a mistake in the file. */
export const MAX_SEQUENCES = 2_000;

type Node = { words: string } | { slot: string } | { alternatives: Node[][]; optional: boolean; permute: boolean };

function parse(text: string): Node[] {
  let pos = 0;
  const permuted = new WeakSet<Node[][]>(); // the groups written with ';'
  const seq = (close: string | undefined): Node[][] => {
    const alternatives: Node[][] = [[]];
    let literal = '';
    const flush = () => {
      // whitespace counts: "(a) (b)" are two words, "colo[u]r" one
      if (literal) alternatives[alternatives.length - 1]?.push({ words: literal });
      literal = '';
    };
    while (pos < text.length) {
      const ch = text[pos] as string;
      if (ch === close) {
        pos++;
        flush();
        return alternatives;
      }
      if (ch === '(' || ch === '[') {
        flush();
        pos++;
        const inner = seq(ch === '(' ? ')' : ']');
        const permute = inner.length > 1 && permuted.has(inner);
        alternatives[alternatives.length - 1]?.push({ alternatives: inner, optional: ch === '[', permute });
        continue;
      }
      if (ch === '{') {
        flush();
        const end = text.indexOf('}', pos);
        if (end < 0) throw new Error(`'{' without '}' in '${text}'`);
        alternatives[alternatives.length - 1]?.push({ slot: text.slice(pos + 1, end).trim() });
        pos = end + 1;
        continue;
      }
      if ((ch === '|' || ch === ';') && close !== undefined) {
        flush();
        if (ch === ';') permuted.add(alternatives);
        alternatives.push([]);
        pos++;
        continue;
      }
      if (ch === ')' || ch === ']' || ch === '}' || ch === '|' || ch === ';')
        throw new Error(`unexpected '${ch}' in '${text}'`);
      literal += ch;
      pos++;
    }
    if (close !== undefined) throw new Error(`'${close === ')' ? '(' : '['}' without '${close}' in '${text}'`);
    flush();
    return alternatives;
  };
  const top = seq(undefined);
  return top[0] ?? [];
}

function permutations<T>(items: readonly T[]): T[][] {
  if (items.length <= 1) return [items.slice()];
  return items.flatMap((item, i) =>
    permutations([...items.slice(0, i), ...items.slice(i + 1)]).map((rest) => [item, ...rest]),
  );
}

/** Every sequence of raw pieces (words still unsplit) a list of nodes allows. */
function expand(nodes: readonly Node[]): (string | { slot: string })[][] {
  let out: (string | { slot: string })[][] = [[]];
  for (const node of nodes) {
    let options: (string | { slot: string })[][];
    if ('words' in node) options = [[node.words]];
    else if ('slot' in node) options = [[{ slot: node.slot }]];
    else {
      const bodies = node.alternatives.map((alt) => expand(alt));
      if (node.permute) {
        options = permutations(bodies).flatMap((order) =>
          order.reduce<(string | { slot: string })[][]>(
            (acc, body) => acc.flatMap((a) => body.map((b) => [...a, ...b])),
            [[]],
          ),
        );
      } else options = bodies.flat();
      if (node.optional) options = [[], ...options];
    }
    out = out.flatMap((prefix) => options.map((o) => [...prefix, ...o]));
    if (out.length > MAX_SEQUENCES) throw new Error(`more than ${MAX_SEQUENCES} ways to say it`);
  }
  return out;
}

/**
 * Every word sequence of `phrase`, its words split by `split` (the language's tokens) and those for which `keep`
 * is false dropped (filler words); duplicates once. Throws on a syntax error or too many sequences.
 */
export function expandPhrase(
  phrase: string,
  split: (text: string) => readonly string[],
  keep: (word: string) => boolean,
): PhraseSequence[] {
  const seen = new Map<string, PhraseSequence>();
  for (const raw of expand(parse(phrase))) {
    const items: PhraseItem[] = [];
    let text = ''; // pieces of text next to each other make words together ("colo" + "u" + "r")
    const words = () => {
      for (const word of split(text)) if (keep(word)) items.push({ word });
      text = '';
    };
    for (const piece of raw) {
      if (typeof piece === 'string') text += piece;
      else {
        words();
        items.push({ slot: piece.slot });
      }
    }
    words();
    if (items.length === 0) continue;
    const key = items.map((i) => ('word' in i ? i.word : `{${i.slot}}`)).join(' ');
    if (!seen.has(key)) seen.set(key, items);
  }
  return [...seen.values()];
}

/**
 * A phrase said one way, for people and other assistants to read: the first of every `(a|b)`, `(a; b)` in the
 * order written, an `[optional part]` only when it holds a slot `fill` knows, and each slot `fill` knows replaced
 * (the others kept as `{slot}`).
 */
export function renderPhrase(phrase: string, fill: (slot: string) => string | undefined): string {
  const render = (nodes: readonly Node[]): string | undefined => {
    const parts: string[] = [];
    for (const node of nodes) {
      if ('words' in node) parts.push(node.words);
      else if ('slot' in node) parts.push(fill(node.slot) ?? `{${node.slot}}`);
      else if (node.optional) {
        const filled = node.alternatives.find((alt) => slotsOf(alt).some((s) => fill(s) !== undefined));
        if (filled) parts.push(render(filled) ?? '');
      } else if (node.permute) parts.push(node.alternatives.map((alt) => (render(alt) ?? '').trim()).join(' '));
      else parts.push(render(node.alternatives[0] ?? []) ?? '');
    }
    return parts.join('');
  };
  return (render(parse(phrase)) ?? '').replace(/\s+/g, ' ').trim();
}

function slotsOf(nodes: readonly Node[]): string[] {
  return nodes.flatMap((n) => ('slot' in n ? [n.slot] : 'words' in n ? [] : n.alternatives.flatMap(slotsOf)));
}
