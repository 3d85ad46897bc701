/**
 * What was said as the matcher sees it: the language's words (`language/` tokens), each number with its unit
 * collapsed into one word that carries the quantity ("fifty percent", "21.5 °C", "half an hour"), and filler words
 * (the file's `skip_words`, also several words long) dropped.
 */
import { quantityAt, stem, tokens, type Language, type QuantityMatch } from './language/index.js';

export interface Word {
  /** the word as said (a quantity: its words joined by spaces) */
  readonly text: string;
  readonly stem: string;
  readonly quantity?: QuantityMatch;
  /** the stem as the home knows it (a typo corrected against the names, areas and phrase words); set by the engine */
  readonly known?: string;
}

/** Filler words of one language: single words by stem, and longer sequences. */
export interface SkipWords {
  readonly single: ReadonlySet<string>;
  readonly sequences: readonly (readonly string[])[];
}

export function skipWords(list: readonly string[], language: Language): SkipWords {
  const single = new Set<string>();
  const sequences: string[][] = [];
  for (const entry of list) {
    const words = tokens(entry, language).map((w) => stem(w, language));
    if (words.length === 1) single.add(words[0] as string);
    else if (words.length > 1) sequences.push(words);
  }
  return { single, sequences };
}

/** The longest a command may be, in words: anything longer is not a command for the intent engine. */
export const MAX_WORDS = 32;

export function wordsOf(text: string, language: Language, skip: SkipWords): Word[] | undefined {
  const raw = tokens(text, language);
  if (raw.length === 0 || raw.length > MAX_WORDS) return undefined;
  const stems = raw.map((w) => stem(w, language));
  const out: Word[] = [];
  for (let i = 0; i < raw.length; ) {
    const q = quantityAt(raw, i, language);
    if (q && q.end > i) {
      const text = raw.slice(i, q.end).join(' ');
      out.push({ text, stem: text, quantity: q });
      i = q.end;
      continue;
    }
    const seq = skip.sequences.find((s) => s.every((w, k) => stems[i + k] === w));
    if (seq) {
      i += seq.length;
      continue;
    }
    if (!skip.single.has(stems[i] as string)) out.push({ text: raw[i] as string, stem: stems[i] as string });
    i++;
  }
  return out;
}
