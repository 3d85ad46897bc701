/**
 * Words of a spoken command as the intent engine compares them: lower case, "ё" as "е", punctuation and quotes
 * gone, numbers kept whole with their decimal separator (written "."), and "%" and "°" as words of their own.
 */
import { editDistance } from '../../core/similarity.js';
import type { Language } from './types.js';

const DECIMAL = /(\d)[.,](?=\d)/g;
/** Apostrophes inside a word join it ("children's" → "childrens"); quotes elsewhere are punctuation. */
const APOSTROPHE = /(\p{L})['\u2019\u02BC`](?=\p{L})/gu;
/** Anything that is not a letter, a digit, a decimal point, "%", "°" or a minus sign. */
const SEPARATORS = /[^\p{L}\p{N}.%\u00B0\-\u2212]+/gu;

/** Splits one whitespace-free chunk into words, numbers and the unit signs "%" and "°". */
function split(chunk: string, out: string[]): void {
  // a number (with an optional leading minus and one decimal point), a run of letters, or a unit sign
  for (const m of chunk.matchAll(/[-\u2212]?\d+(?:\.\d+)?|[\p{L}\p{M}]+|\d+|[%\u00B0]/gu)) {
    const part = m[0];
    const signed = part[0] === '-' || part[0] === '−';
    if (signed) {
      // a minus only at the start of a chunk ("-5"), not between parts ("21-25", "wi-fi" is handled as letters)
      out.push(m.index === 0 ? `-${part.slice(1)}` : part.slice(1));
    } else {
      out.push(part);
    }
  }
}

/** The words of `text` (see the top of this file). `language` is a BCP 47 tag or its primary subtag. */
export function tokens(text: string, _language?: Language | string): string[] {
  const prepared = text
    .toLowerCase()
    .normalize('NFC')
    .replaceAll('ё', 'е')
    .replaceAll('℃', '°c')
    .replace(APOSTROPHE, '$1')
    .replace(DECIMAL, '$1.');
  const out: string[] = [];
  for (const chunk of prepared.split(SEPARATORS)) {
    if (!chunk) continue;
    // a dot or a hyphen that does not belong to a number separates words ("wi-fi" → "wi fi", "end." → "end")
    for (const piece of chunk.split(/(?<!\d)\.|\.(?!\d)|(?<=[\p{L}.%\u00B0])[-\u2212]/u)) {
      if (piece) split(piece, out);
    }
  }
  return out;
}

/** How many typos a word of `length` letters may carry and still be recognised. */
export function typoBudget(length: number): number {
  return length >= 8 ? 2 : length >= 4 ? 1 : 0;
}

/** Whether `a` and `b` differ by exactly one swap of neighbouring letters ("lihgt" / "light"). */
function transposed(a: string, b: string): boolean {
  if (a.length !== b.length || a.length < 2) return false;
  let i = 0;
  while (i < a.length && a[i] === b[i]) i++;
  return i < a.length - 1 && a[i] === b[i + 1] && a[i + 1] === b[i] && a.slice(i + 2) === b.slice(i + 2);
}

/**
 * The number of typos between two words when they are close enough to count as the same word, else undefined:
 * 0 when equal; up to 1 for words of 4–7 letters and 2 from 8 (Levenshtein, a swap of neighbours counts 1);
 * words under 4 letters must be equal. `budget` overrides the allowance.
 */
export function typos(a: string, b: string, budget = typoBudget(Math.min(a.length, b.length))): number | undefined {
  if (a === b) return 0;
  if (budget === 0) return undefined;
  if (transposed(a, b)) return 1;
  const d = editDistance(a, b, budget);
  return d <= budget ? d : undefined;
}

/** Whether two words are the same but for a typo or two (see `typos`). */
export function similar(a: string, b: string): boolean {
  return typos(a, b) !== undefined;
}
