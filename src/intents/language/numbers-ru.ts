/** Russian number words in their case and gender forms, and units (see `NumberWords`). Written with "е" for "ё". */
import type { NumberWords, Unit } from './types.js';

const forms = (value: number, ...words: string[]) => words.map((w) => [w, value] as const);
/** A numeral ending in "-ь" declines as "-ь", "-и", "-ью" (пять, пяти, пятью). */
const soft = (value: number, stem: string) => forms(value, `${stem}ь`, `${stem}и`, `${stem}ью`);

const UNITS = new Map<string, number>([
  ...forms(1, 'один', 'одна', 'одно', 'одни', 'одного', 'одной', 'одному', 'одним', 'одном', 'одну', 'одною'),
  ...forms(1, 'одних', 'одними'),
  ...forms(2, 'два', 'две', 'двух', 'двум', 'двумя'),
  ...forms(3, 'три', 'трех', 'трем', 'тремя'),
  ...forms(4, 'четыре', 'четырех', 'четырем', 'четырьмя'),
  ...soft(5, 'пят'),
  ...soft(6, 'шест'),
  ...soft(7, 'сем'),
  ...forms(8, 'восемь', 'восьми', 'восемью', 'восьмью'),
  ...soft(9, 'девят'),
]);

const TEENS = new Map<string, number>([
  ...soft(10, 'десят'),
  ...['один', 'две', 'три', 'четыр', 'пят', 'шест', 'сем', 'восем', 'девят'].flatMap((s, i) =>
    soft(11 + i, `${s}надцат`),
  ),
]);

const TENS = new Map<string, number>([
  ...soft(20, 'двадцат'),
  ...soft(30, 'тридцат'),
  ...forms(40, 'сорок', 'сорока'),
  ...forms(50, 'пятьдесят', 'пятидесяти', 'пятьюдесятью', 'пятдесят'),
  ...forms(60, 'шестьдесят', 'шестидесяти', 'шестьюдесятью', 'шездесят', 'шейсят'),
  ...forms(70, 'семьдесят', 'семидесяти', 'семьюдесятью'),
  ...forms(80, 'восемьдесят', 'восьмидесяти', 'восемьюдесятью', 'восьмьюдесятью'),
  ...forms(90, 'девяносто', 'девяноста'),
]);

/** Nominative, genitive, dative, instrumental, prepositional. */
const HUNDREDS = new Map<string, number>([
  ...forms(100, 'сто', 'ста', 'сотню'),
  ...forms(200, 'двести', 'двухсот', 'двумстам', 'двумястами', 'двухстах'),
  ...forms(300, 'триста', 'трехсот', 'тремстам', 'тремястами', 'трехстах'),
  ...forms(400, 'четыреста', 'четырехсот', 'четыремстам', 'четырьмястами', 'четырехстах'),
  ...['пят', 'шест', 'сем', 'девят'].flatMap((s, i) =>
    forms([500, 600, 700, 900][i] ?? 0, `${s}ьсот`, `${s}исот`, `${s}истам`, `${s}ьюстами`, `${s}истах`),
  ),
  ...forms(800, 'восемьсот', 'восьмисот', 'восьмистам', 'восемьюстами', 'восьмистах'),
]);

const unit = (unit: Unit, ...words: string[]) => words.map((w) => ({ words: w.split(' '), unit }));

export const RUSSIAN_NUMBERS: NumberWords = {
  zero: new Set(['ноль', 'нуль', 'ноля', 'нуля', 'нолю', 'нулю', 'нолем', 'нулем']),
  units: UNITS,
  teens: TEENS,
  tens: TENS,
  hundreds: HUNDREDS,
  hundred: new Set(),
  thousand: new Set(['тысяча', 'тысячи', 'тысяч', 'тысячу', 'тысячей', 'тысячам', 'тысячах']),
  one: new Set(),
  and: new Set(),
  alone: new Map([...forms(1.5, 'полтора', 'полторы', 'полутора'), ...forms(0.5, 'половина', 'половину', 'половины')]),
  plusHalf: [['с', 'половиной']],
  minus: new Set(['минус']),
  point: new Set(['запятая', 'точка']),
  unitWords: [
    ...unit('percent', 'процентов', 'процента', 'процент', 'проценту', 'процентам', 'процентах', 'проц', '%'),
    ...unit('degrees', 'градусов', 'градуса', 'градус', 'градусу', 'градусам', 'градусах', 'град', '°'),
    ...unit('seconds', 'секунд', 'секунды', 'секунду', 'секунда', 'секундам', 'секундах', 'сек'),
    ...unit('minutes', 'минут', 'минуты', 'минуту', 'минута', 'минутам', 'минутах', 'мин'),
    ...unit('hours', 'часов', 'часа', 'час', 'часу', 'часам', 'часах', 'ч'),
  ],
  // "°С" is as often typed with a Cyrillic "с" as with a Latin "c"
  unitTail: new Map([['degrees', new Set(['цельсия', 'c', 'с'])]]),
  durations: [
    { words: ['полчаса'], value: 0.5, unit: 'hours' },
    { words: ['полминуты'], value: 0.5, unit: 'minutes' },
    { words: ['час'], value: 1, unit: 'hours' },
    { words: ['минуту'], value: 1, unit: 'minutes' },
    { words: ['секунду'], value: 1, unit: 'seconds' },
  ],
};
