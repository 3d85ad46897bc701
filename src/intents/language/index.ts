/**
 * The language layer of the intent engine: the stable API the engine codes against. Pure functions, no state.
 *
 *   tokens(text, language)              the words of a command: lower case, "ё" → "е", no punctuation, numbers whole
 *                                       ("21,5" → "21.5"), "%" and "°" split off as words of their own
 *   stem(word, language)                Snowball's stem of a Russian word ("кухне", "кухня" → "кухн"), an English
 *                                       plural's singular ("lights" → "light"); other words as they are
 *   typos(a, b) / similar(a, b)         typo tolerance: edits between two words when close enough (≤ 1 from 4
 *                                       letters, ≤ 2 from 8; a swap of neighbours is 1), else undefined / false
 *   wordCost(spoken, known, language)   how far a spoken word is from a known one: 0 equal, 1 same stem
 *                                       (another inflection), 2–3 typos; undefined when they are different words
 *   numberAt(tokens, start, language)   { value, end } for a number in digits or words starting at `start`
 *   unitAt(tokens, start, language)     { unit, end }: percent, degrees, seconds, minutes, hours
 *   quantityAt(tokens, start, language) { value, unit?, end }: a number and its unit, or "half an hour", "полчаса"
 *   languageOf(tag)                     "ru-RU" → "ru"; undefined for a language without words here
 */
import { typoBudget, typos } from './normalize.js';
import { stemEn } from './stem-en.js';
import { stemRu } from './stem-ru.js';
import type { Language } from './types.js';

export { numberAt, numberWords, quantityAt, unitAt } from './numbers.js';
export { endings, inflectedTypos } from './inflections.js';
export { similar, tokens, typoBudget, typos } from './normalize.js';
export { stemEn } from './stem-en.js';
export { stemRu } from './stem-ru.js';
export type { Language, NumberMatch, NumberWords, QuantityMatch, Unit, UnitMatch } from './types.js';
export { LANGUAGES, languageOf } from './types.js';

/** The stem of one word of `tokens()` output in `language`. */
export function stem(word: string, language: Language): string {
  return language === 'ru' ? stemRu(word) : stemEn(word);
}

/**
 * How far a spoken word is from a known one (a name, an alias, a template word): 0 when equal, 1 when only the
 * inflection differs (same stem), 1 + the typos when they differ by typos (in the words or their stems); undefined
 * when they are different words.
 */
export function wordCost(spoken: string, known: string, language: Language): number | undefined {
  if (spoken === known) return 0;
  const a = stem(spoken, language);
  const b = stem(known, language);
  if (a === b) return 1;
  const direct = typos(spoken, known);
  if (direct !== undefined) return 1 + direct;
  // a typo in another inflection ("кухни" for "кухня" mistyped): compare the stems, with the words' allowance
  if (a.length < 4 || b.length < 4) return undefined;
  const inStems = typos(a, b, typoBudget(Math.min(spoken.length, known.length)));
  return inStems === undefined ? undefined : 1 + inStems;
}
