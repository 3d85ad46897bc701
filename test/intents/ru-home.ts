// The simulated home of test/intents/home.ts as a Russian-speaking household has it: the same devices and areas
// (named in English, reached in Russian through the kinds of device and the area names of intents/ru.yaml), plus
// devices named in Russian and one area named in Russian ("Детская"), so that names are matched in their inflected
// forms ("торшера", "входную дверь", "чайнек").
import { expect } from 'vitest';
import { HOME, type HomeDevice, type SimulatedHome } from './home.js';

const lamp = (id: string, name: string, area: string, config: Record<string, unknown>): HomeDevice => ({
  id: `light.${id}`,
  name,
  area,
  config: { schema: 'json', ...config },
  state: JSON.stringify({ state: 'OFF' }),
});

export const RUSSIAN_HOME: readonly HomeDevice[] = [
  ...HOME,
  lamp('torsher', 'Торшер', 'Living Room', { brightness: true, supported_color_modes: ['rgb'] }),
  lamp('nochnik', 'Ночник', 'Детская', { brightness: false }),
  { id: 'switch.chainik', name: 'Чайник', area: 'Kitchen', state: 'OFF' },
  { id: 'switch.uvlazhnitel', name: 'Увлажнитель', area: 'Bedroom', state: 'OFF' },
  { id: 'fan.vytyazhka', name: 'Вытяжка', area: 'Bathroom', state: 'ON' },
  { id: 'lock.vkhodnaya_dver', name: 'Входная дверь', area: 'Hallway', state: 'LOCKED' },
  { id: 'cover.shtory', name: 'Шторы', area: 'Детская', state: 'open' },
  {
    id: 'climate.kondicioner',
    name: 'Кондиционер',
    area: 'Office',
    config: { min_temp: 16, max_temp: 30, modes: ['off', 'cool', 'auto'] },
  },
  {
    id: 'sensor.temperatura_detskaya',
    name: 'Температура в детской',
    area: 'Детская',
    config: { device_class: 'temperature', unit_of_measurement: '°C' },
    state: '23',
  },
  {
    id: 'binary_sensor.okno_spalni',
    name: 'Окно спальни',
    area: 'Bedroom',
    config: { device_class: 'window' },
    state: 'OFF',
  },
];

/** What a phrase must lead to. */
export type Expected =
  /** done: exactly these commands were published (topic → payload; a JSON payload is compared as a subset) */
  | { readonly done: readonly (readonly [string, string | Record<string, unknown>])[]; readonly speech?: RegExp }
  /** done without MQTT (a timer helper): the entity's state afterwards */
  | { readonly helper: string; readonly state: string }
  /** a question answered from the states */
  | { readonly answer: RegExp }
  /** a question back (ambiguity): nothing published */
  | { readonly ask: RegExp }
  /** refused (unknown device or area, out of range, not supported): the spoken reason; nothing published */
  | { readonly refused: RegExp };

export interface Phrase {
  readonly say: string;
  readonly expected: Expected;
  /** where the speaker is */
  readonly area?: string;
}

const light = (id: string, payload: Record<string, unknown>) => [`home/light.${id}/set`, payload] as const;
export const on = (...ids: string[]) => ids.map((id) => light(id, { state: 'ON' }));
export const off = (...ids: string[]) => ids.map((id) => light(id, { state: 'OFF' }));
export const lit = (id: string, extra: Record<string, unknown>) => [light(id, { state: 'ON', ...extra })];
export const cmd = (entity: string, payload: string, sub = 'set') => [[`home/${entity}/${sub}`, payload] as const];

/** Says the phrase in Russian and checks what came back and what was published. */
export async function check(home: SimulatedHome, p: Phrase): Promise<void> {
  const body = await home.say(p.say, { language: 'ru', ...(p.area ? { context: { area: p.area } } : {}) });
  const sent = await home.sent();
  const { response } = body;
  const speech: string = response.speech.plain.speech;
  const e = p.expected;
  if ('done' in e) {
    expect(response.response_type, speech).toBe('action_done');
    expect(sent.map((m) => m.topic).sort()).toEqual(e.done.map(([topic]) => topic).sort());
    for (const [topic, payload] of e.done) {
      const got = sent.find((m) => m.topic === topic)?.payload ?? '';
      if (typeof payload === 'string') expect(got, topic).toBe(payload);
      else expect(JSON.parse(got), topic).toMatchObject(payload);
    }
    if (e.speech) expect(speech).toMatch(e.speech);
    return;
  }
  expect(sent, `published for "${p.say}" (${speech})`).toEqual([]);
  if ('helper' in e) {
    expect(response.response_type, speech).toBe('action_done');
    expect(home.t.app.states.get(e.helper)?.state).toBe(e.state);
  } else if ('answer' in e) {
    expect(response.response_type, speech).toBe('query_answer');
    expect(speech).toMatch(e.answer);
  } else if ('ask' in e) {
    expect(response.response_type, speech).toBe('error');
    expect(body.continue_conversation, speech).toBe(true);
    expect(speech).toMatch(e.ask);
  } else {
    expect(response.response_type, speech).toBe('error');
    expect(body.continue_conversation, speech).toBe(false);
    expect(response.data.code).not.toBe('no_intent_match');
    expect(speech).toMatch(e.refused);
  }
}
