import { describe, expect, it } from 'vitest';
import { similar, tokens, typos } from '../../../src/intents/language/index.js';

describe('tokens', () => {
  it.each([
    ['Turn ON the Kitchen Light!', 'en', ['turn', 'on', 'the', 'kitchen', 'light']],
    ['Включи СВЕТ на кухне.', 'ru', ['включи', 'свет', 'на', 'кухне']],
    ['ЁЛКА, зелёный, Ещё', 'ru', ['елка', 'зеленый', 'еще']],
    ['set   the\tbedroom\n to 21', 'en', ['set', 'the', 'bedroom', 'to', '21']],
    ['«Включи» “свет” "now" \'please\'', 'ru', ['включи', 'свет', 'now', 'please']],
    ['сделай ярче в гостиной?!', 'ru', ['сделай', 'ярче', 'в', 'гостиной']],
    ['поставь 21,5 градуса', 'ru', ['поставь', '21.5', 'градуса']],
    ['set it to 21.5', 'en', ['set', 'it', 'to', '21.5']],
    ['21°', 'ru', ['21', '°']],
    ['21°C', 'en', ['21', '°', 'c']],
    ['21 °С', 'ru', ['21', '°', 'с']],
    ['22℃', 'en', ['22', '°', 'c']],
    ['50%', 'en', ['50', '%']],
    ['на 50 %.', 'ru', ['на', '50', '%']],
    ['10min', 'en', ['10', 'min']],
    ['5мин', 'ru', ['5', 'мин']],
    ['lamp2', 'en', ['lamp', '2']],
    ['twenty-one degrees', 'en', ['twenty', 'one', 'degrees']],
    ['wi-fi plug', 'en', ['wi', 'fi', 'plug']],
    ["children's room", 'en', ['childrens', 'room']],
    ['what’s the temperature', 'en', ['whats', 'the', 'temperature']],
    ['set to -5', 'en', ['set', 'to', '-5']],
    ['минус 5', 'ru', ['минус', '5']],
    ['from 21-25', 'en', ['from', '21', '25']],
    ['the end.', 'en', ['the', 'end']],
    ['version 1.2.3', 'en', ['version', '1.2', '3']],
    ['it costs 1,000', 'en', ['it', 'costs', '1.000']],
    ['  ', 'en', []],
    ['...', 'en', []],
    ['Ünïcode Straße', 'en', ['ünïcode', 'straße']],
    ['выключи свет (весь)', 'ru', ['выключи', 'свет', 'весь']],
    ['открой шторы; закрой жалюзи', 'ru', ['открой', 'шторы', 'закрой', 'жалюзи']],
    ['хол/коридор', 'ru', ['хол', 'коридор']],
  ])('%s', (text, language, expected) => {
    expect(tokens(text, language)).toEqual(expected);
  });

  it('composes a decomposed "й" and a decomposed "ё"', () => {
    expect(tokens('синии\u0306', 'ru')).toEqual(['синий']);
    expect(tokens('зел\u0435\u0308ный', 'ru')).toEqual(['зеленый']);
  });
});

describe('typos and similar', () => {
  it.each([
    ['kitchen', 'kitchen', 0],
    ['kitchn', 'kitchen', 1],
    ['ktichen', 'kitchen', 1],
    ['lihgt', 'light', 1],
    ['ligt', 'light', 1],
    ['bedroon', 'bedroom', 1],
    ['livingroom', 'livingrooms', 1],
    ['temperatur', 'temperature', 1],
    ['tempreture', 'temperature', 2],
    ['кухня', 'кухня', 0],
    ['кухя', 'кухня', 1],
    ['спалня', 'спальня', 1],
    ['сапльня', 'спальня', 1],
    ['гостинная', 'гостиная', 1],
    ['выключи', 'включи', 1],
  ])('%s ~ %s: %d', (a, b, d) => {
    expect(typos(a, b)).toBe(d);
    expect(typos(b, a)).toBe(d);
    expect(similar(a, b)).toBe(true);
  });

  it.each([
    ['on', 'of'],
    ['off', 'of'],
    ['red', 'bed'],
    ['лампа', 'лавка'],
    ['light', 'night2'],
    ['kitchen', 'chicken'],
    ['свет', 'сеть'],
    ['tempreture', 'temperatures'],
    ['bedroom', 'bathroom'],
    ['', 'a'],
  ])('%s and %s are different words', (a, b) => {
    expect(typos(a, b)).toBeUndefined();
    expect(similar(a, b)).toBe(false);
  });

  it('takes an explicit allowance', () => {
    expect(typos('on', 'of', 1)).toBe(1);
    expect(typos('kitchn', 'kitchen', 0)).toBeUndefined();
  });
});
