import { describe, expect, it } from 'vitest';
import {
  type Language,
  languageOf,
  numberAt,
  quantityAt,
  tokens,
  unitAt,
} from '../../../src/intents/language/index.js';

/** The number at the start of `text` and how many words it took. */
const number = (text: string, language: Language) => {
  const ts = tokens(text, language);
  const found = numberAt(ts, 0, language);
  return found && { value: found.value, words: found.end };
};

describe('numberAt: digits', () => {
  it.each([
    ['21', 21, 1],
    ['0', 0, 1],
    ['21.5', 21.5, 1],
    ['21,5', 21.5, 1],
    ['-5', -5, 1],
    ['100%', 100, 1],
    ['2 thousand', 2000, 2],
  ])('%s → %d', (text, value, words) => {
    expect(number(text, 'en')).toEqual({ value, words });
  });

  it.each([
    ['21 градус', 21, 1],
    ['21,5', 21.5, 1],
    ['2 тысячи', 2000, 2],
    ['5 с половиной минут', 5.5, 3],
    ['минус 5', -5, 2],
  ])('ru: %s → %d', (text, value, words) => {
    expect(number(text, 'ru')).toEqual({ value, words });
  });

  it('finds a number in the middle and nothing on other words', () => {
    const ts = tokens('set the bedroom to 21 degrees', 'en');
    expect(numberAt(ts, 4, 'en')).toEqual({ value: 21, end: 5 });
    expect(numberAt(ts, 0, 'en')).toBeUndefined();
    expect(numberAt(ts, 6, 'en')).toBeUndefined();
    expect(numberAt([], 0, 'ru')).toBeUndefined();
  });
});

describe('numberAt: English words', () => {
  it.each([
    ['zero', 0, 1],
    ['one', 1, 1],
    ['nine', 9, 1],
    ['ten', 10, 1],
    ['eleven', 11, 1],
    ['nineteen', 19, 1],
    ['twenty', 20, 1],
    ['twenty one', 21, 2],
    ['twenty-one', 21, 2],
    ['fifty', 50, 1],
    ['fifty percent', 50, 1],
    ['ninety nine', 99, 2],
    ['ninety-nine', 99, 2],
    ['fourty two', 42, 2],
    ['one hundred', 100, 2],
    ['a hundred', 100, 2],
    ['hundred', 100, 1],
    ['one hundred and five', 105, 4],
    ['one hundred five', 105, 3],
    ['two hundred fifty', 250, 3],
    ['a thousand', 1000, 2],
    ['two thousand seven hundred', 2700, 4],
    ['four thousand and twenty', 4020, 4],
    ['twenty one point five', 21.5, 4],
    ['nineteen point two five', 19.25, 4],
    ['half', 0.5, 1],
    ['one and a half hours', 1.5, 4],
    ['two and half', 2.5, 3],
    ['minus ten', -10, 2],
    ['negative three', -3, 2],
  ])('%s → %d (%d words)', (text, value, words) => {
    expect(number(text, 'en')).toEqual({ value, words });
  });

  it.each([
    ['twenty ten', 20, 1],
    ['one hundred and', 100, 2],
    ['twenty and', 20, 1],
    ['five point', 5, 1],
    ['zero one', 0, 1],
  ])('stops where the number ends: %s', (text, value, words) => {
    expect(number(text, 'en')).toEqual({ value, words });
  });

  it.each(['a', 'and', 'the', 'point', 'minus', 'minus zero', 'there', 'second', 'degrees'])(
    'no number in "%s"',
    (text) => {
      expect(number(text, 'en')).toBeUndefined();
    },
  );
});

describe('numberAt: Russian words in their forms', () => {
  it.each([
    ['ноль', 0, 1],
    ['нуля', 0, 1],
    ['один', 1, 1],
    ['одна', 1, 1],
    ['одно', 1, 1],
    ['одного', 1, 1],
    ['одному', 1, 1],
    ['одну', 1, 1],
    ['два', 2, 1],
    ['две', 2, 1],
    ['двух', 2, 1],
    ['три', 3, 1],
    ['трёх', 3, 1],
    ['трех', 3, 1],
    ['четырьмя', 4, 1],
    ['пять', 5, 1],
    ['пяти', 5, 1],
    ['восьми', 8, 1],
    ['десять', 10, 1],
    ['одиннадцать', 11, 1],
    ['двенадцати', 12, 1],
    ['четырнадцать', 14, 1],
    ['девятнадцати', 19, 1],
    ['двадцать', 20, 1],
    ['двадцать один', 21, 2],
    ['двадцать одна', 21, 2],
    ['двадцати одного', 21, 2],
    ['двадцать два', 22, 2],
    ['двадцати двух', 22, 2],
    ['тридцать пять', 35, 2],
    ['сорок', 40, 1],
    ['сорока пяти', 45, 2],
    ['пятьдесят', 50, 1],
    ['пятидесяти', 50, 1],
    ['пятдесят', 50, 1],
    ['шестьдесят', 60, 1],
    ['семьдесят пять', 75, 2],
    ['восемьдесят', 80, 1],
    ['девяносто', 90, 1],
    ['девяноста девяти', 99, 2],
    ['сто', 100, 1],
    ['ста', 100, 1],
    ['сто один', 101, 2],
    ['сто двадцать', 120, 2],
    ['двести', 200, 1],
    ['двести пятьдесят пять', 255, 3],
    ['триста', 300, 1],
    ['пятьсот', 500, 1],
    ['девятьсот девяносто девять', 999, 3],
    ['тысяча', 1000, 1],
    ['две тысячи семьсот', 2700, 3],
    ['три тысячи', 3000, 2],
    ['полтора', 1.5, 1],
    ['полторы', 1.5, 1],
    ['полутора', 1.5, 1],
    ['половину', 0.5, 1],
    ['два с половиной', 2.5, 3],
    ['двадцать один с половиной', 21.5, 4],
    ['двадцать один запятая пять', 21.5, 4],
    ['минус двадцать', -20, 2],
  ])('%s → %d (%d words)', (text, value, words) => {
    expect(number(text, 'ru')).toEqual({ value, words });
  });

  it.each([
    ['двадцать градусов', 20, 1],
    ['пять с', 5, 1],
    ['один свет', 1, 1],
    ['десять один', 10, 1],
  ])('stops where the number ends: %s', (text, value, words) => {
    expect(number(text, 'ru')).toEqual({ value, words });
  });

  it.each(['свет', 'на', 'с половиной', 'минус', 'градус', 'время', 'тремя-то'])('no number in "%s"', (text) => {
    if (text === 'тремя-то') expect(number(text, 'ru')).toEqual({ value: 3, words: 1 });
    else expect(number(text, 'ru')).toBeUndefined();
  });

  it('does not read English words in Russian or the other way round', () => {
    expect(number('twenty', 'ru')).toBeUndefined();
    expect(number('двадцать', 'en')).toBeUndefined();
  });
});

describe('unitAt', () => {
  it.each([
    ['en', 'percent', 'percent', 1],
    ['en', 'per cent', 'percent', 2],
    ['en', '%', 'percent', 1],
    ['en', 'degrees', 'degrees', 1],
    ['en', 'degree', 'degrees', 1],
    ['en', '°', 'degrees', 1],
    ['en', '°C', 'degrees', 2],
    ['en', 'degrees celsius', 'degrees', 2],
    ['en', 'second', 'seconds', 1],
    ['en', 'seconds', 'seconds', 1],
    ['en', 'minute', 'minutes', 1],
    ['en', 'minutes', 'minutes', 1],
    ['en', 'min', 'minutes', 1],
    ['en', 'hour', 'hours', 1],
    ['en', 'hours', 'hours', 1],
    ['ru', 'процент', 'percent', 1],
    ['ru', 'процента', 'percent', 1],
    ['ru', 'процентов', 'percent', 1],
    ['ru', '%', 'percent', 1],
    ['ru', 'градус', 'degrees', 1],
    ['ru', 'градуса', 'degrees', 1],
    ['ru', 'градусов', 'degrees', 1],
    ['ru', 'градусов цельсия', 'degrees', 2],
    ['ru', '°С', 'degrees', 2],
    ['ru', '°', 'degrees', 1],
    ['ru', 'секунду', 'seconds', 1],
    ['ru', 'секунды', 'seconds', 1],
    ['ru', 'секунд', 'seconds', 1],
    ['ru', 'минуту', 'minutes', 1],
    ['ru', 'минуты', 'minutes', 1],
    ['ru', 'минут', 'minutes', 1],
    ['ru', 'час', 'hours', 1],
    ['ru', 'часа', 'hours', 1],
    ['ru', 'часов', 'hours', 1],
  ] as const)('%s: %s → %s', (language, text, unit, words) => {
    expect(unitAt(tokens(text, language), 0, language)).toEqual({ unit, end: words });
  });

  it.each([
    ['en', 'light'],
    ['en', 'per'],
    ['ru', 'свет'],
    ['ru', 'percent'],
    ['en', 'процентов'],
  ] as const)('%s: no unit in "%s"', (language, text) => {
    expect(unitAt(tokens(text, language), 0, language)).toBeUndefined();
  });
});

describe('quantityAt', () => {
  const quantity = (text: string, language: Language) => quantityAt(tokens(text, language), 0, language);

  it.each([
    ['en', '21 degrees', 21, 'degrees', 2],
    ['en', 'twenty one degrees', 21, 'degrees', 3],
    ['en', 'fifty percent', 50, 'percent', 2],
    ['en', '50%', 50, 'percent', 2],
    ['en', 'ten minutes', 10, 'minutes', 2],
    ['en', 'an hour', 1, 'hours', 2],
    ['en', 'half an hour', 0.5, 'hours', 3],
    ['en', 'one and a half hours', 1.5, 'hours', 5],
    ['en', '21', 21, undefined, 1],
    ['ru', 'двадцать один градус', 21, 'degrees', 3],
    ['ru', 'двадцать два градуса', 22, 'degrees', 3],
    ['ru', '21,5 градусов', 21.5, 'degrees', 2],
    ['ru', 'пятьдесят процентов', 50, 'percent', 2],
    ['ru', '50 %', 50, 'percent', 2],
    ['ru', 'пять минут', 5, 'minutes', 2],
    ['ru', 'полчаса', 0.5, 'hours', 1],
    ['ru', 'час', 1, 'hours', 1],
    ['ru', 'минуту', 1, 'minutes', 1],
    ['ru', 'полтора часа', 1.5, 'hours', 2],
    ['ru', 'два с половиной часа', 2.5, 'hours', 4],
    ['ru', 'тридцать секунд', 30, 'seconds', 2],
  ] as const)('%s: %s', (language, text, value, unit, end) => {
    expect(quantity(text, language)).toEqual({ value, unit, end });
  });

  it('finds nothing where no number or duration starts', () => {
    expect(quantity('свет', 'ru')).toBeUndefined();
    expect(quantity('light', 'en')).toBeUndefined();
  });
});

describe('languageOf', () => {
  it.each([
    ['ru', 'ru'],
    ['ru-RU', 'ru'],
    ['EN_us', 'en'],
    ['en', 'en'],
    ['de', undefined],
    [undefined, undefined],
    ['', undefined],
  ])('%s → %s', (tag, language) => {
    expect(languageOf(tag)).toBe(language);
  });
});
