/**
 * The endings a stem takes in one language, for typos that fall in an inflected word's ending or that change its stem
 * ("кухе" for "кухне": the stem "кух" is not "кухн"; "входнуб" for "входную": no stem at all). A word the index does
 * not know is compared with each known stem plus each ending. English words are stemmed only for the plural, so a
 * typo there is a typo in the stem and needs no endings.
 */
import { typoBudget, typos } from './normalize.js';
import type { Language } from './types.js';

/** Russian noun and adjective endings (cases, numbers, genders), and none. */
const RU = [
  '',
  ...['а', 'я', 'о', 'е', 'и', 'ы', 'у', 'ю', 'ь', 'й'],
  ...['ой', 'ей', 'ий', 'ый', 'ая', 'яя', 'ое', 'ее', 'ую', 'юю', 'ом', 'ем', 'ам', 'ям', 'ах', 'ях', 'ов', 'ев'],
  ...['ым', 'им', 'ых', 'их', 'ою', 'ею', 'ие', 'ые', 'ами', 'ями', 'ого', 'его', 'ому', 'ему', 'ыми', 'ими'],
];

export function endings(language: Language): readonly string[] {
  return language === 'ru' ? RU : [];
}

/** Typos between a word as said and `stem` with its closest ending, within the word's allowance; else undefined. */
export function inflectedTypos(said: string, stem: string, language: Language): number | undefined {
  const budget = typoBudget(said.length);
  if (budget === 0) return undefined;
  let best: number | undefined;
  for (const ending of endings(language)) {
    const form = stem + ending;
    if (Math.abs(form.length - said.length) > budget) continue;
    const c = typos(said, form, budget);
    if (c !== undefined && (best === undefined || c < best)) best = c;
    if (best === 0) break;
  }
  return best;
}
