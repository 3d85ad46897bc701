/** The languages the intent engine has number words, units and a stemmer for. */
export type Language = 'en' | 'ru';

export const LANGUAGES: readonly Language[] = ['en', 'ru'];

/** The language of a BCP 47 tag ("ru-RU" → "ru"), or undefined when it is not one of `LANGUAGES`. */
export function languageOf(tag: string | undefined): Language | undefined {
  const primary = tag?.trim().toLowerCase().split(/[-_]/)[0];
  return LANGUAGES.find((l) => l === primary);
}

/** A number found in the words of a command: its value and the index just past its last word. */
export interface NumberMatch {
  readonly value: number;
  readonly end: number;
}

export type Unit = 'percent' | 'degrees' | 'seconds' | 'minutes' | 'hours';

/** A unit found after a number: which, and the index just past its last word. */
export interface UnitMatch {
  readonly unit: Unit;
  readonly end: number;
}

/** A number with its unit (the unit undefined when none follows). */
export interface QuantityMatch {
  readonly value: number;
  readonly unit: Unit | undefined;
  readonly end: number;
}

/** The words one language says numbers and units with (`numbers-en.ts`, `numbers-ru.ts`). */
export interface NumberWords {
  /** Words for 0. */
  readonly zero: ReadonlySet<string>;
  /** 1–9, 10–19 and the tens 20–90, every form a word takes. */
  readonly units: ReadonlyMap<string, number>;
  readonly teens: ReadonlyMap<string, number>;
  readonly tens: ReadonlyMap<string, number>;
  /** Whole hundreds said in one word (Russian "двести"). */
  readonly hundreds: ReadonlyMap<string, number>;
  /** "hundred", which multiplies the unit before it (English). */
  readonly hundred: ReadonlySet<string>;
  readonly thousand: ReadonlySet<string>;
  /** Words that say 1 before "hundred"/"thousand" ("a hundred"). */
  readonly one: ReadonlySet<string>;
  /** A word allowed between hundreds and the rest ("one hundred and five"). */
  readonly and: ReadonlySet<string>;
  /** Words that are a number by themselves ("half", "полтора"). */
  readonly alone: ReadonlyMap<string, number>;
  /** Word sequences after a number that add a half ("and a half", "с половиной"). */
  readonly plusHalf: readonly (readonly string[])[];
  readonly minus: ReadonlySet<string>;
  /** The decimal point said as a word, followed by digits said one by one ("point five"). */
  readonly point: ReadonlySet<string>;
  /** Units after a number: word sequences, longest first where they share a start. */
  readonly unitWords: readonly { readonly words: readonly string[]; readonly unit: Unit }[];
  /** Words that may follow a unit and belong to it ("degrees celsius"). */
  readonly unitTail: ReadonlyMap<Unit, ReadonlySet<string>>;
  /** A duration said without a number: word sequences worth a value of a unit ("an hour", "полчаса"). */
  readonly durations: readonly { readonly words: readonly string[]; readonly value: number; readonly unit: Unit }[];
}
