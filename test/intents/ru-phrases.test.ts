// Russian spoken commands against the simulated home (test/intents/home.ts, with the Russian-named devices of
// ru-home.ts): the expected action and targets of each phrase, with inflected forms, typos, reordered words, numbers
// in words, ambiguity (a question back, nothing switched), unknown devices and out-of-range values (refused with a
// spoken reason, nothing published — settled with markers, never a sleep).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadIntentTemplates } from '../../src/adapters/automations/intent-templates.js';
import { startHome, type SimulatedHome } from './home.js';
import { check, cmd, lit, off, on, type Phrase, RUSSIAN_HOME } from './ru-home.js';

const KITCHEN = ['kitchen_ceiling', 'counter_strip'];
const LIVING = ['living_room_ceiling', 'table_lamp', 'torsher'];

const LIGHTS: Phrase[] = [
  { say: 'включи свет на кухне', expected: { done: on(...KITCHEN), speech: /^Включено: / } },
  { say: 'Включи СВЕТ на кухне!', expected: { done: on(...KITCHEN) } },
  { say: 'свет на кухне включи', expected: { done: on(...KITCHEN) } },
  { say: 'на кухне включи свет', expected: { done: on(...KITCHEN) } },
  { say: 'включи на кухне свет', expected: { done: on(...KITCHEN) } },
  { say: 'выключи свет в спальне', expected: { done: off('bedside_lamp'), speech: /Bedside Lamp/ } },
  { say: 'в спальне выключи свет', expected: { done: off('bedside_lamp') } },
  { say: 'погаси свет в коридоре', expected: { done: off('hallway_light') } },
  { say: 'зажги свет в прихожей', expected: { done: on('hallway_light') } },
  { say: 'включите, пожалуйста, свет в гараже', expected: { done: on('garage_light') } },
  { say: 'включи-ка свет в ванной', expected: { done: on('mirror_light') } },
  { say: 'включи свет в зале', expected: { done: on(...LIVING) } },
  { say: 'выключи весь свет в гостиной', expected: { done: off(...LIVING) } },
  { say: 'включи торшер', expected: { done: on('torsher'), speech: /Торшер/ } },
  { say: 'выключи торшер в гостиной', expected: { done: off('torsher') } },
  { say: 'торшер выключи', expected: { done: off('torsher') } },
  { say: 'зажги ночник в детской', expected: { done: on('nochnik') } },
  { say: 'включи свет', area: 'Kitchen', expected: { done: on(...KITCHEN) } },
  { say: 'выключи лампу', area: 'Bedroom', expected: { done: off('bedside_lamp') } },
];

const TYPOS: Phrase[] = [
  { say: 'вкючи свет на кухне', expected: { done: on(...KITCHEN) } },
  { say: 'включи свте на кухне', expected: { done: on(...KITCHEN) } },
  { say: 'выключи свет в спалне', expected: { done: off('bedside_lamp') } },
  { say: 'включи торшр', expected: { done: on('torsher') } },
  { say: 'выключи чайнек', expected: { done: cmd('switch.chainik', 'OFF') } },
  { say: 'зажги свет в прихожй', expected: { done: on('hallway_light') } },
  { say: 'отопри вхоную дверь', expected: { done: cmd('lock.vkhodnaya_dver', 'UNLOCK') } },
  { say: 'отопри входню дверь', expected: { done: cmd('lock.vkhodnaya_dver', 'UNLOCK') } },
  // a typo that changes the stem or falls in the ending: the word is compared with each known stem plus its endings
  { say: 'включи свет на кухе', expected: { done: on(...KITCHEN) } },
  { say: 'отопри входнуб дверь', expected: { done: cmd('lock.vkhodnaya_dver', 'UNLOCK') } },
  { say: 'выключи свет в спальнк', expected: { done: off('bedside_lamp') } },
  { say: 'включи ночнек в детской', expected: { done: on('nochnik') } },
];

const LEVELS: Phrase[] = [
  { say: 'поставь яркость торшера на пятьдесят процентов', expected: { done: lit('torsher', { brightness: 128 }) } },
  { say: 'торшер на 30%', expected: { done: lit('torsher', { brightness: 76 }), speech: /30%/ } },
  { say: 'включи торшер на семьдесят пять процентов', expected: { done: lit('torsher', { brightness: 191 }) } },
  { say: 'поставь торшер на сорок процентов', expected: { done: lit('torsher', { brightness: 102 }) } },
  { say: 'яркость торшера 20 процентов', expected: { done: lit('torsher', { brightness: 51 }) } },
  { say: 'установи яркость торшера на двадцать пять %', expected: { done: lit('torsher', { brightness: 64 }) } },
  { say: 'поставь торшер на сто пятьдесят процентов', expected: { refused: /150.*Торшер.*0.*100/ } },
  { say: 'поставь ночник на 50 процентов', expected: { refused: /Ночник так не умеет/ } },
  {
    say: 'включи свет на кухне на пятьдесят процентов',
    expected: { done: KITCHEN.flatMap((id) => lit(id, { brightness: 128 })) },
  },
  { say: 'включи торшер на полную', expected: { done: lit('torsher', { brightness: 255 }) } },
  { say: 'сделай торшер красным', expected: { done: lit('torsher', { color: { r: 255, g: 0, b: 0 } }) } },
  { say: 'покрась торшер в зелёный', expected: { done: lit('torsher', { color: { r: 0, g: 255, b: 0 } }) } },
  { say: 'сделай торшер синим', expected: { done: lit('torsher', { color: { r: 0, g: 0, b: 255 } }) } },
  { say: 'сделай торшер голубым', expected: { done: lit('torsher', { color: { r: 0, g: 191, b: 255 } }) } },
  { say: 'сделай торшер тёплым белым', expected: { done: lit('torsher', { color: { r: 255, g: 180, b: 107 } }) } },
  { say: 'сделай ночник красным', expected: { refused: /Ночник так не умеет/ } },
];

const SWITCHES: Phrase[] = [
  { say: 'включи чайник', expected: { done: cmd('switch.chainik', 'ON'), speech: /Чайник/ } },
  { say: 'выключи чайник на кухне', expected: { done: cmd('switch.chainik', 'OFF') } },
  { say: 'чайник включи', expected: { done: cmd('switch.chainik', 'ON') } },
  { say: 'включи увлажнитель в спальне', expected: { done: cmd('switch.uvlazhnitel', 'ON') } },
  { say: 'включи вентилятор в кабинете', expected: { done: cmd('fan.desk_fan', 'ON') } },
  { say: 'выключи вытяжку в ванной', expected: { done: cmd('fan.vytyazhka', 'OFF') } },
  { say: 'включи розетку в гостиной', expected: { done: cmd('switch.tv_plug', 'ON') } },
];

const COVERS: Phrase[] = [
  { say: 'открой шторы в гостиной', expected: { done: cmd('cover.living_room_blinds', 'OPEN') } },
  { say: 'подними жалюзи в гостиной', expected: { done: cmd('cover.living_room_blinds', 'OPEN') } },
  { say: 'шторы в гостиной открой', expected: { done: cmd('cover.living_room_blinds', 'OPEN') } },
  { say: 'закрой шторы в детской', expected: { done: cmd('cover.shtory', 'CLOSE') } },
  { say: 'в детской закрой шторы', expected: { done: cmd('cover.shtory', 'CLOSE') } },
  // a device named "Шторы" is named, not asked about
  { say: 'закрой шторы', expected: { done: cmd('cover.shtory', 'CLOSE') } },
  { say: 'опусти шторы в спальне', expected: { done: cmd('cover.bedroom_curtains', 'CLOSE') } },
  { say: 'останови шторы в гостиной', expected: { done: cmd('cover.living_room_blinds', 'STOP') } },
  {
    say: 'открой шторы в гостиной на пятьдесят процентов',
    expected: { done: cmd('cover.living_room_blinds', '50', 'position/set') },
  },
  {
    say: 'открой шторы в гостиной на тридцать процентов',
    expected: { done: cmd('cover.living_room_blinds', '30', 'position/set') },
  },
  { say: 'открой шторы в гостиной на двести процентов', expected: { refused: /200.*0.*100/ } },
];

const CLIMATE: Phrase[] = [
  {
    say: 'поставь температуру в спальне на двадцать один градус',
    expected: { done: cmd('climate.bedroom_heater', '21.0', 'temperature/set'), speech: /21/ },
  },
  {
    say: 'установи температуру в гостиной на 22 градуса',
    expected: { done: cmd('climate.living_room_thermostat', '22.0', 'temperature/set') },
  },
  {
    say: 'сделай в спальне двадцать два градуса',
    expected: { done: cmd('climate.bedroom_heater', '22.0', 'temperature/set') },
  },
  {
    say: 'нагрей спальню до двадцати трёх градусов',
    expected: { done: cmd('climate.bedroom_heater', '23.0', 'temperature/set') },
  },
  {
    say: 'поставь в гостиной двадцать градусов',
    expected: { done: cmd('climate.living_room_thermostat', '20.0', 'temperature/set') },
  },
  {
    say: 'температура в спальне двадцать градусов',
    expected: { done: cmd('climate.bedroom_heater', '20.0', 'temperature/set') },
  },
  {
    say: 'поставь кондиционер в кабинете на восемнадцать градусов',
    expected: { done: cmd('climate.kondicioner', '18.0', 'temperature/set') },
  },
  {
    say: 'установи температуру в гостиной на 21,5 градуса',
    expected: { done: cmd('climate.living_room_thermostat', '21.5', 'temperature/set') },
  },
  {
    say: 'установи температуру в гостиной на двадцать один с половиной градус',
    expected: { done: cmd('climate.living_room_thermostat', '21.5', 'temperature/set') },
  },
  { say: 'поставь температуру в спальне на сорок градусов', expected: { refused: /40.*Bedroom Heater.*16.*28/ } },
  { say: 'поставь температуру в спальне на десять градусов', expected: { refused: /10.*Bedroom Heater.*16.*28/ } },
  { say: 'поставь температуру в гостиной на тридцать пять градусов', expected: { refused: /35.*7.*30/ } },
  {
    say: 'переключи термостат в гостиной в режим охлаждения',
    expected: { done: cmd('climate.living_room_thermostat', 'cool', 'mode/set') },
  },
  { say: 'поставь кондиционер в режим авто', expected: { done: cmd('climate.kondicioner', 'auto', 'mode/set') } },
];

const LOCKS_AND_TIMERS: Phrase[] = [
  { say: 'запри входную дверь', expected: { done: cmd('lock.vkhodnaya_dver', 'LOCK'), speech: /Заперто/ } },
  { say: 'входную дверь запри', expected: { done: cmd('lock.vkhodnaya_dver', 'LOCK') } },
  { say: 'закрой входную дверь на замок', expected: { done: cmd('lock.vkhodnaya_dver', 'LOCK') } },
  { say: 'отопри входную дверь', expected: { done: cmd('lock.vkhodnaya_dver', 'UNLOCK') } },
  { say: 'запусти таймер на пять минут', expected: { helper: 'timer.tea', state: 'active' } },
  { say: 'отмени таймер', expected: { helper: 'timer.tea', state: 'idle' } },
  { say: 'поставь таймер на полчаса', expected: { helper: 'timer.tea', state: 'active' } },
  { say: 'останови таймер', expected: { helper: 'timer.tea', state: 'idle' } },
];

const QUESTIONS: Phrase[] = [
  { say: 'заперта ли входная дверь', expected: { answer: /^Да, Входная дверь: заперто/ } },
  { say: 'входная дверь заперта ли?', expected: { answer: /^Да, Входная дверь/ } },
  { say: 'включен ли свет на кухне', expected: { answer: /^Нет, .*выключено/ } },
  { say: 'включен ли чайник', expected: { answer: /^Нет, Чайник: выключено/ } },
  { say: 'какая температура в детской', expected: { answer: /Температура в детской: 23 °C/ } },
  { say: 'в каком состоянии входная дверь', expected: { answer: /Входная дверь: заперто/ } },
];

const AMBIGUOUS: Phrase[] = [
  { say: 'включи лампу в гостиной', expected: { ask: /Ceiling.*Table Lamp.*Торшер/ } },
  { say: 'открой жалюзи', expected: { ask: /Living Room Blinds.*Bedroom Curtains.*Шторы/ } },
  { say: 'включи лампу в зале', expected: { ask: /Ceiling.*Table Lamp.*Торшер/ } },
  { say: 'выключи лампу', expected: { ask: /^Уточните/ } },
  { say: 'какая температура', expected: { ask: /^Уточните/ } },
];

const UNKNOWN: Phrase[] = [
  { say: 'включи телевизор', expected: { refused: /Не знаю .*телевизор/ } },
  { say: 'включи пылесос в спальне', expected: { refused: /Не знаю .*пылесос/ } },
  { say: 'выключи кофеварку', expected: { refused: /Не знаю .*кофеварку/ } },
  { say: 'включи свет на чердаке', expected: { refused: /Не знаю/ } },
  { say: 'открой шторы в бане', expected: { refused: /Не знаю/ } },
];

/** Kinds of device known by their device class (окно, ворота, влажность), and questions limited to one. */
const DEVICE_CLASSES: Phrase[] = [
  { say: 'закрой гаражные ворота', expected: { done: cmd('cover.garage_door', 'CLOSE') } },
  { say: 'открыто ли окно на кухне', expected: { answer: /^Да, Kitchen Window: открыто/ } },
  { say: 'открыто ли окно в спальне', expected: { answer: /^Нет, Окно спальни: закрыто/ } },
  { say: 'какая влажность в ванной', expected: { answer: /Bathroom Humidity: 70 %/ } },
  { say: 'сколько градусов на кухне', expected: { answer: /Kitchen Temperature: 22.5 °C/ } },
  { say: 'какая температура в спальне', expected: { answer: /Bedroom Temperature: 19.5 °C/ } },
];

/** light.turn_on with brightness_step_pct ±20 on each light's own brightness: all are off (0), so +20 % is 51. */
const brighter = (...ids: string[]) => ids.flatMap((id) => lit(id, { brightness: 51 }));
const RELATIVE: Phrase[] = [
  { say: 'сделай свет ярче в гостиной', expected: { done: brighter(...LIVING), speech: /^Ярче: / } },
  { say: 'сделай ярче в гостиной', expected: { done: brighter(...LIVING) } },
  { say: 'сделай ярче', area: 'Kitchen', expected: { done: brighter(...KITCHEN) } },
  { say: 'прибавь яркость торшеру', expected: { done: brighter('torsher') } },
  { say: 'добавь света на кухне', expected: { done: brighter(...KITCHEN) } },
  { say: 'сделай темнее в спальне', expected: { done: off('bedside_lamp'), speech: /^Темнее: / } },
  { say: 'приглуши торшер', expected: { done: off('torsher') } },
  { say: 'убавь свет в гостиной', expected: { done: off(...LIVING) } },
];

const GROUPS = {
  LIGHTS,
  RELATIVE,
  TYPOS,
  LEVELS,
  SWITCHES,
  COVERS,
  CLIMATE,
  LOCKS_AND_TIMERS,
  QUESTIONS,
  DEVICE_CLASSES,
  AMBIGUOUS,
  UNKNOWN,
};

describe('Russian phrases in the simulated home', () => {
  let home: SimulatedHome;
  beforeAll(async () => {
    home = await startHome(RUSSIAN_HOME);
  }, 60_000);
  afterAll(async () => {
    await home?.close();
  });

  it('loads intents/ru.yaml without a problem', () => {
    const loaded = loadIntentTemplates();
    expect(loaded.problems).toEqual([]);
    expect(loaded.files.map((f) => f.language)).toContain('ru');
  });

  it('has at least 75 phrases', () => {
    const count = Object.values(GROUPS).reduce((n, g) => n + g.length, 0);
    if (count < 75) throw new Error(`only ${count} phrases`);
  });

  for (const [group, phrases] of Object.entries(GROUPS))
    describe(group.toLowerCase().replaceAll('_', ' '), () => {
      it.each(phrases.map((p) => [p.say, p] as const))('%s', async (_say, p) => {
        await check(home, p);
      });
    });
});
