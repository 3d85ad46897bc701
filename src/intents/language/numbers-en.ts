/** English number words and units (see `NumberWords`). */
import type { NumberWords, Unit } from './types.js';

const list = (...words: string[]): ReadonlyMap<string, number> => new Map(words.map((w, i) => [w, i + 1] as const));

const UNITS = list('one', 'two', 'three', 'four', 'five', 'six', 'seven', 'eight', 'nine');

const TEENS = new Map(
  ['ten', 'eleven', 'twelve', 'thirteen', 'fourteen', 'fifteen', 'sixteen', 'seventeen', 'eighteen', 'nineteen'].map(
    (w, i) => [w, 10 + i] as const,
  ),
);

const TENS = new Map<string, number>([
  ...['twenty', 'thirty', 'forty', 'fifty', 'sixty', 'seventy', 'eighty', 'ninety'].map(
    (w, i) => [w, 20 + 10 * i] as const,
  ),
  // spellings people type
  ['fourty', 40],
  ['ninty', 90],
]);

const unit = (unit: Unit, ...phrases: string[]) => phrases.map((p) => ({ words: p.split(' '), unit }));

export const ENGLISH_NUMBERS: NumberWords = {
  zero: new Set(['zero', 'nought']),
  units: UNITS,
  teens: TEENS,
  tens: TENS,
  hundreds: new Map(),
  hundred: new Set(['hundred']),
  thousand: new Set(['thousand']),
  one: new Set(['a']),
  and: new Set(['and']),
  alone: new Map([['half', 0.5]]),
  plusHalf: [
    ['and', 'a', 'half'],
    ['and', 'half'],
  ],
  minus: new Set(['minus', 'negative']),
  point: new Set(['point']),
  unitWords: [
    ...unit('percent', 'per cent', 'percent', 'percents', 'pct', '%'),
    ...unit('degrees', 'degrees', 'degree', 'deg', '°'),
    ...unit('seconds', 'seconds', 'second', 'secs', 'sec', 's'),
    ...unit('minutes', 'minutes', 'minute', 'mins', 'min'),
    ...unit('hours', 'hours', 'hour', 'hrs', 'hr', 'h'),
  ],
  unitTail: new Map([['degrees', new Set(['celsius', 'centigrade', 'c'])]]),
  durations: [
    { words: ['half', 'an', 'hour'], value: 0.5, unit: 'hours' },
    { words: ['half', 'a', 'minute'], value: 0.5, unit: 'minutes' },
    { words: ['an', 'hour'], value: 1, unit: 'hours' },
    { words: ['a', 'minute'], value: 1, unit: 'minutes' },
    { words: ['a', 'second'], value: 1, unit: 'seconds' },
  ],
};
