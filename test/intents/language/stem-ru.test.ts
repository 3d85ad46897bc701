import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { stem, stemRu, tokens, wordCost } from '../../../src/intents/language/index.js';

const SAMPLE = new URL('../../fixtures/intents/snowball-russian-sample.txt', import.meta.url);

describe("stemRu against Snowball's published vocabulary", () => {
  const pairs = readFileSync(SAMPLE, 'utf8')
    .split('\n')
    .filter((l) => l && !l.startsWith('#'))
    .map((l) => l.split(' ') as [string, string]);

  it('has the sample', () => {
    expect(pairs.length).toBeGreaterThan(2000);
  });

  it('stems every word of the sample as Snowball does', () => {
    const wrong = pairs.filter(([word, expected]) => stemRu(word) !== expected);
    expect(wrong.map(([w, e]) => `${w}: ${e} ≠ ${stemRu(w)}`)).toEqual([]);
  });
});

describe('stemRu on the words of a home', () => {
  it.each([
    [['кухня', 'кухни', 'кухне', 'кухню', 'кухней'], 'кухн'],
    [['спальня', 'спальни', 'спальне', 'спальню', 'спальней'], 'спальн'],
    [['гостиная', 'гостиной', 'гостиную', 'гостиные'], 'гостин'],
    [['свет', 'света', 'свету', 'светом', 'свете'], 'свет'],
    [['лампа', 'лампы', 'лампе', 'лампу', 'лампой', 'ламп', 'лампам'], 'ламп'],
    [['люстра', 'люстры', 'люстре', 'люстру', 'люстрой'], 'люстр'],
    [['коридор', 'коридора', 'коридоре', 'коридору'], 'коридор'],
    [['прихожая', 'прихожей', 'прихожую'], 'прихож'],
    [['ванная', 'ванной', 'ванную'], 'ван'],
    [['кабинет', 'кабинета', 'кабинете'], 'кабинет'],
    [['детская', 'детской', 'детскую'], 'детск'],
    [['гараж', 'гаража', 'гараже'], 'гараж'],
    [['дверь', 'двери', 'дверью'], 'двер'],
    [['штора', 'шторы', 'шторе', 'штору', 'шторами'], 'штор'],
    [['розетка', 'розетки', 'розетке', 'розетку'], 'розетк'],
    [['входная', 'входной', 'входную'], 'входн'],
    [['красный', 'красным', 'красного', 'красная', 'красную'], 'красн'],
    [['синий', 'синим', 'синего', 'синяя'], 'син'],
    [['температура', 'температуры', 'температуре', 'температуру'], 'температур'],
  ])('%j → %s', (words, expected) => {
    for (const w of words) expect(stemRu(w), w).toBe(expected);
  });

  it('reads "ё" as "е"', () => {
    expect(stemRu('зелёный')).toBe(stemRu('зеленый'));
    expect(stemRu('зелёным')).toBe('зелен');
  });

  it('leaves words without a vowel and short words alone', () => {
    expect(stemRu('в')).toBe('в');
    expect(stemRu('на')).toBe('на');
    expect(stemRu('тв')).toBe('тв');
    expect(stemRu('')).toBe('');
  });

  it('does not need to join "ярче" and "яркость"', () => {
    expect(stemRu('яркость')).toBe('яркост');
    expect(stemRu('яркости')).toBe('яркост');
    expect(stemRu('ярче')).toBe('ярч');
  });
});

describe('stem', () => {
  it.each([
    ['lights', 'light'],
    ['blinds', 'blind'],
    ['switches', 'switch'],
    ['batteries', 'battery'],
    ['boxes', 'box'],
    ['lamps', 'lamp'],
    ['glass', 'glass'],
    ['status', 'status'],
    ['is', 'is'],
    ['gas', 'gas'],
    ['light', 'light'],
    ['kitchen', 'kitchen'],
  ])('en: %s → %s', (word, expected) => {
    expect(stem(word, 'en')).toBe(expected);
  });

  it('ru: uses Snowball', () => {
    expect(stem('кухне', 'ru')).toBe('кухн');
  });
});

describe('wordCost', () => {
  it.each([
    ['кухне', 'кухня', 'ru', 1],
    ['кухня', 'кухня', 'ru', 0],
    ['спальне', 'спальня', 'ru', 1],
    ['гостиной', 'гостиная', 'ru', 1],
    ['кухнэ', 'кухня', 'ru', 2],
    ['спалне', 'спальня', 'ru', 2],
    ['гостинной', 'гостиная', 'ru', 1],
    ['кухни', 'кухне', 'ru', 1],
    ['lights', 'light', 'en', 1],
    ['kichen', 'kitchen', 'en', 2],
  ] as const)('%s ~ %s (%s): %d', (spoken, known, language, cost) => {
    expect(wordCost(spoken, known, language)).toBe(cost);
  });

  it.each([
    ['кухне', 'спальня', 'ru'],
    ['свет', 'сеть', 'ru'],
    ['on', 'off', 'en'],
    ['bedroom', 'bathroom', 'en'],
    ['включи', 'выключи', 'ru'],
  ] as const)('%s and %s (%s) are different words', (spoken, known, language) => {
    // "включи"/"выключи" differ by one letter: the engine must prefer an exact verb, so it costs, but not 0
    const cost = wordCost(spoken, known, language);
    if (spoken === 'включи') expect(cost).toBeGreaterThan(1);
    else expect(cost).toBeUndefined();
  });

  it('works on tokens', () => {
    const [verb, , prep, area] = tokens('Включи свет на кухне', 'ru');
    expect([verb, prep]).toEqual(['включи', 'на']);
    expect(wordCost(area ?? '', 'кухня', 'ru')).toBe(1);
  });
});
