/**
 * The Snowball stemmer for Russian (Martin Porter's published algorithm, snowballstem.org/algorithms/russian),
 * written out here rather than taken from npm: the maintained packages bundle every Snowball language (or a whole
 * NLP toolkit) for one 150-line function, ship no types, and a library would have to live in an adapter behind a
 * port, while the intent engine needs this pure function in its own layer. Checked against Snowball's published
 * vocabulary (test/intents/language/stem-ru.test.ts).
 *
 * It expects lower-case words with "ё" already written "е" (`tokens()` does both).
 */

const VOWELS = 'аеиоуыэюя';
const isVowel = (c: string | undefined): boolean => c !== undefined && VOWELS.includes(c);

/** An ending; `afterAYa`: only when preceded by "а" or "я" (which stays). */
interface Ending {
  readonly text: string;
  readonly afterAYa: boolean;
}

/** Longest first, so the first match is the one Snowball's `among` picks. */
function endings(afterAYa: readonly string[], plain: readonly string[] = []): readonly Ending[] {
  return [
    ...afterAYa.map((text) => ({ text, afterAYa: true })),
    ...plain.map((text) => ({ text, afterAYa: false })),
  ].sort((a, b) => b.text.length - a.text.length);
}

const PERFECTIVE_GERUND = endings(['в', 'вши', 'вшись'], ['ив', 'ивши', 'ившись', 'ыв', 'ывши', 'ывшись']);
const ADJECTIVE = endings(
  [],
  [
    ...['ее', 'ие', 'ые', 'ое', 'ими', 'ыми', 'ей', 'ий', 'ый', 'ой', 'ем', 'им', 'ым', 'ом'],
    ...['его', 'ого', 'ему', 'ому', 'их', 'ых', 'ую', 'юю', 'ая', 'яя', 'ою', 'ею'],
  ],
);
const PARTICIPLE = endings(['ем', 'нн', 'вш', 'ющ', 'щ'], ['ивш', 'ывш', 'ующ']);
const REFLEXIVE = endings([], ['ся', 'сь']);
const VERB = endings(
  ['ла', 'на', 'ете', 'йте', 'ли', 'й', 'л', 'ем', 'н', 'ло', 'но', 'ет', 'ют', 'ны', 'ть', 'ешь', 'нно'],
  [
    ...['ила', 'ыла', 'ена', 'ейте', 'уйте', 'ите', 'или', 'ыли', 'ей', 'уй', 'ил', 'ыл', 'им', 'ым', 'ен'],
    ...['ило', 'ыло', 'ено', 'ят', 'ует', 'уют', 'ит', 'ыт', 'ены', 'ить', 'ыть', 'ишь', 'ую', 'ю'],
  ],
);
const NOUN = endings(
  [],
  [
    ...['а', 'ев', 'ов', 'ие', 'ье', 'е', 'иями', 'ями', 'ами', 'еи', 'ии', 'и', 'ией', 'ей', 'ой', 'ий', 'й'],
    ...['иям', 'ям', 'ием', 'ем', 'ам', 'ом', 'о', 'у', 'ах', 'иях', 'ях', 'ы', 'ь', 'ию', 'ью', 'ю', 'ия'],
    ...['ья', 'я'],
  ],
);
const DERIVATIONAL = endings([], ['ост', 'ость']);

/**
 * Removes the longest ending of `list` that lies after `limit` (and whose "а"/"я", when it needs one, does too);
 * undefined when the longest matching ending fails its condition or none matches, as Snowball's `among`.
 */
function strip(word: string, list: readonly Ending[], limit: number): string | undefined {
  for (const e of list) {
    if (!word.endsWith(e.text)) continue;
    const at = word.length - e.text.length;
    if (at < limit) continue;
    if (!e.afterAYa) return word.slice(0, at);
    const before = word[at - 1];
    return at - 1 >= limit && (before === 'а' || before === 'я') ? word.slice(0, at) : undefined;
  }
  return undefined;
}

/** RV (after the first vowel) and R2 (R1 of R1) as start offsets; the word's length where a region is empty. */
function regions(word: string): { rv: number; r2: number } {
  const n = word.length;
  let i = 0;
  const pastVowel = (): number => {
    while (i < n && !isVowel(word[i])) i++;
    return i < n ? ++i : n;
  };
  const pastConsonant = (): number => {
    while (i < n && isVowel(word[i])) i++;
    return i < n ? ++i : n;
  };
  const rv = pastVowel();
  pastConsonant(); // R1 starts here
  pastVowel();
  const r2 = pastConsonant();
  return { rv, r2 };
}

function adjectival(word: string, rv: number): string | undefined {
  const base = strip(word, ADJECTIVE, rv);
  if (base === undefined) return undefined;
  return strip(base, PARTICIPLE, rv) ?? base;
}

/** The Snowball stem of one lower-case Russian word. */
export function stemRu(input: string): string {
  const word = input.replaceAll('ё', 'е');
  const { rv, r2 } = regions(word);
  if (rv >= word.length) return word;

  // step 1
  let w = strip(word, PERFECTIVE_GERUND, rv);
  if (w === undefined) {
    const unreflexive = strip(word, REFLEXIVE, rv) ?? word;
    w = adjectival(unreflexive, rv) ?? strip(unreflexive, VERB, rv) ?? strip(unreflexive, NOUN, rv) ?? unreflexive;
  }
  // step 2
  if (w.endsWith('и') && w.length - 1 >= rv) w = w.slice(0, -1);
  // step 3: the derivational ending must lie in R2
  const underived = strip(w, DERIVATIONAL, Math.max(rv, r2));
  if (underived !== undefined) w = underived;
  // step 4
  return tidy(w, rv);
}

function tidy(w: string, rv: number): string {
  const fits = (suffix: string): boolean => w.endsWith(suffix) && w.length - suffix.length >= rv;
  if (fits('ейше') || fits('ейш')) {
    const base = w.slice(0, w.length - (fits('ейше') ? 4 : 3));
    return base.endsWith('нн') && base.length - 2 >= rv ? base.slice(0, -1) : base;
  }
  if (fits('нн')) return w.slice(0, -1);
  if (fits('ь')) return w.slice(0, -1);
  return w;
}
