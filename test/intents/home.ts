// A simulated home for the spoken-command tests (English and Russian): the whole app on a real broker, its devices
// announced through real MQTT discovery configs (lights, switches, a fan, covers, thermostats, locks, sensors,
// binary sensors and a timer in seven areas) with their states, and a way to say something and see what was
// published. Negative checks settle with markers (test/helpers/markers.ts), never with a sleep.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect } from 'vitest';
import { startTestApp, type TestApp, type TestAppOptions } from '../helpers/app.js';
import type { PhraseCase } from './cases-en.js';
import { settleThrough, until } from '../helpers/markers.js';
import { collect } from '../helpers/mqtt-client.js';

export interface HomeDevice {
  readonly id: string; // the entity id it gets (default_entity_id)
  readonly name: string; // the device's name, which the entity takes
  readonly area: string;
  readonly config?: Record<string, unknown>;
  /** the state published (retained) after discovery */
  readonly state?: string;
}

const light = (id: string, name: string, area: string, extra: Record<string, unknown> = {}): HomeDevice => ({
  id: `light.${id}`,
  name,
  area,
  config: { schema: 'json', brightness: true, ...extra },
  state: JSON.stringify({ state: 'OFF' }),
});
const colour = { supported_color_modes: ['rgb'] };
const plain = { schema: 'json', brightness: false };

/** Every device of the home: entity id, name, area. */
export const HOME: readonly HomeDevice[] = [
  light('kitchen_ceiling', 'Kitchen Ceiling', 'Kitchen', colour),
  light('counter_strip', 'Counter Strip', 'Kitchen'),
  { id: 'switch.coffee_maker', name: 'Coffee Maker', area: 'Kitchen', state: 'OFF' },
  {
    id: 'sensor.kitchen_temperature',
    name: 'Kitchen Temperature',
    area: 'Kitchen',
    config: { device_class: 'temperature', unit_of_measurement: '°C' },
    state: '22.5',
  },
  {
    id: 'binary_sensor.kitchen_window',
    name: 'Kitchen Window',
    area: 'Kitchen',
    config: { device_class: 'window' },
    state: 'ON',
  },
  light('living_room_ceiling', 'Ceiling', 'Living Room', colour),
  light('table_lamp', 'Table Lamp', 'Living Room'),
  {
    id: 'cover.living_room_blinds',
    name: 'Living Room Blinds',
    area: 'Living Room',
    config: {
      position_topic: 'home/cover.living_room_blinds/position',
      set_position_topic: 'home/cover.living_room_blinds/position/set',
    },
    state: 'open',
  },
  {
    id: 'climate.living_room_thermostat',
    name: 'Living Room Thermostat',
    area: 'Living Room',
    config: { min_temp: 7, max_temp: 30, modes: ['off', 'heat', 'cool', 'auto'] },
  },
  { id: 'switch.tv_plug', name: 'TV Plug', area: 'Living Room', config: { device_class: 'outlet' }, state: 'ON' },
  {
    id: 'sensor.living_room_humidity',
    name: 'Living Room Humidity',
    area: 'Living Room',
    config: { device_class: 'humidity', unit_of_measurement: '%' },
    state: '45',
  },
  light('bedside_lamp', 'Bedside Lamp', 'Bedroom'),
  {
    id: 'cover.bedroom_curtains',
    name: 'Bedroom Curtains',
    area: 'Bedroom',
    config: { device_class: 'curtain' },
    state: 'closed',
  },
  {
    id: 'climate.bedroom_heater',
    name: 'Bedroom Heater',
    area: 'Bedroom',
    config: { min_temp: 16, max_temp: 28, modes: ['off', 'heat'] },
  },
  {
    id: 'sensor.bedroom_temperature',
    name: 'Bedroom Temperature',
    area: 'Bedroom',
    config: { device_class: 'temperature', unit_of_measurement: '°C' },
    state: '19.5',
  },
  {
    id: 'binary_sensor.bedroom_motion',
    name: 'Bedroom Motion',
    area: 'Bedroom',
    config: { device_class: 'motion' },
    state: 'OFF',
  },
  { id: 'lock.front_door', name: 'Front Door', area: 'Hallway', state: 'LOCKED' },
  {
    id: 'binary_sensor.front_door_contact',
    name: 'Front Door Contact',
    area: 'Hallway',
    config: { device_class: 'door' },
    state: 'OFF',
  },
  { ...light('hallway_light', 'Hallway Light', 'Hallway'), config: plain },
  { id: 'cover.garage_door', name: 'Garage Door', area: 'Garage', config: { device_class: 'garage' }, state: 'closed' },
  { ...light('garage_light', 'Garage Light', 'Garage'), config: plain },
  { id: 'lock.back_door', name: 'Back Door', area: 'Garage', state: 'UNLOCKED' },
  light('desk_lamp', 'Desk Lamp', 'Office'),
  { id: 'fan.desk_fan', name: 'Desk Fan', area: 'Office', state: 'OFF' },
  { id: 'switch.printer', name: 'Printer', area: 'Office', state: 'ON' },
  light('mirror_light', 'Mirror Light', 'Bathroom'),
  { id: 'switch.towel_heater', name: 'Towel Heater', area: 'Bathroom', state: 'OFF' },
  {
    id: 'sensor.bathroom_humidity',
    name: 'Bathroom Humidity',
    area: 'Bathroom',
    config: { device_class: 'humidity', unit_of_measurement: '%' },
    state: '70',
  },
];

/** A timer helper from the automations folder (not MQTT), for durations. */
const HELPERS = 'timer:\n  tea:\n    name: Tea Timer\n    duration: "00:03:00"\n';

/** The discovery config of one device: its topics are `home/<entity id>/…`. */
function discoveryConfig(d: HomeDevice): Record<string, unknown> {
  const [domain, object] = d.id.split('.') as [string, string];
  const base = `home/${d.id}`;
  const topics: Record<string, unknown> = {
    light: { command_topic: `${base}/set`, state_topic: base },
    switch: { command_topic: `${base}/set`, state_topic: base },
    fan: { command_topic: `${base}/set`, state_topic: base },
    lock: { command_topic: `${base}/set`, state_topic: base },
    cover: { command_topic: `${base}/set`, state_topic: base },
    sensor: { state_topic: base },
    binary_sensor: { state_topic: base },
    climate: {
      temperature_command_topic: `${base}/temperature/set`,
      temperature_state_topic: `${base}/temperature`,
      mode_command_topic: `${base}/mode/set`,
      mode_state_topic: `${base}/mode`,
    },
  }[domain] as Record<string, unknown>;
  return {
    name: null,
    unique_id: `home_${object}`,
    default_entity_id: d.id,
    device: { identifiers: [`home_${object}`], name: d.name, suggested_area: d.area },
    ...topics,
    ...d.config,
  };
}

export interface SimulatedHome {
  readonly t: TestApp;
  /** what the app published under home/ (commands), in order */
  readonly published: { topic: string; payload: string }[];
  /** POST /api/conversation/process; the body of the 200 answer */
  say(text: string, extra?: Record<string, unknown>): Promise<any>;
  /** everything published since the last call, once the app has settled (markers) */
  sent(): Promise<{ topic: string; payload: string }[]>;
  close(): Promise<void>;
}

export async function startHome(
  devices: readonly HomeDevice[] = HOME,
  options: TestAppOptions = {},
): Promise<SimulatedHome> {
  const dir = mkdtempSync(join(tmpdir(), 'switchyard-intents-'));
  writeFileSync(join(dir, 'helpers.yaml'), HELPERS);
  const t = await startTestApp({ automations_dir: dir }, options);
  const heard = await collect(t.client, 'home/#');
  const commands = () =>
    heard.filter((m) => m.topic.endsWith('/set')).map(({ topic, payload }) => ({ topic, payload }));
  for (const d of devices) {
    const [domain] = d.id.split('.');
    await t.client.publishAsync(
      `homeassistant/${domain}/home/${d.id.split('.')[1]}/config`,
      JSON.stringify(discoveryConfig(d)),
      {
        qos: 1,
        retain: true,
      },
    );
  }
  await until(
    () => devices.every((d) => t.app.registry.entity(d.id)) && t.app.registry.entity('timer.tea'),
    'the simulated home was not discovered',
    15_000,
  );
  for (const d of devices)
    if (d.state !== undefined) await t.client.publishAsync(`home/${d.id}`, d.state, { qos: 1, retain: true });
  await until(
    () => devices.every((d) => d.state === undefined || t.app.states.get(d.id)?.state !== 'unknown'),
    'the states of the simulated home did not arrive',
  );
  await settleThrough(t.client, t.app.mqtt);
  let seen = commands().length;
  return {
    t,
    get published() {
      return commands();
    },
    async say(text, extra = {}) {
      const res = await t.post('/api/conversation/process', { text, ...extra });
      if (res.status !== 200)
        throw new Error(`POST /api/conversation/process ${res.status}: ${JSON.stringify(res.body)}`);
      return res.body;
    },
    async sent() {
      await settleThrough(t.client, t.app.mqtt);
      const list = commands();
      const fresh = list.slice(seen);
      seen = list.length;
      return fresh;
    },
    async close() {
      await t.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

const entityOf = (topic: string) => topic.split('/')[1] as string;

/**
 * Says `c.say` (in `language`, from `c.area` when given) and checks the answer and what was published against the
 * case: the entities acted on and their commands only, or an answer, a question or a refusal with nothing published.
 */
export async function check(h: SimulatedHome, c: PhraseCase, language = 'en'): Promise<void> {
  const body = await h.say(c.say, { language, ...(c.area ? { context: { area: c.area } } : {}) });
  const r = body.response;
  const speech: string = r.speech.plain.speech;
  const sent = await h.sent();
  const what = `${c.say} → ${r.response_type}: ${speech}`;
  if (c.done) {
    expect(r.response_type, what).toBe('action_done');
    expect(r.data.success.map((t: { id: string }) => t.id).sort(), what).toEqual([...c.done].sort());
    const mqtt = c.done.filter((id) => !id.startsWith('timer.'));
    expect([...new Set(sent.map((m) => entityOf(m.topic)))].sort(), what).toEqual(mqtt.sort());
    for (const [id, part] of Object.entries(c.sent ?? {}))
      expect(
        sent
          .filter((m) => entityOf(m.topic) === id)
          .map((m) => m.payload)
          .join(' '),
        what,
      ).toContain(part);
    if (c.speech) expect(speech).toMatch(c.speech);
    return;
  }
  expect(sent, what).toEqual([]);
  if (c.answer) {
    expect(r.response_type, what).toBe('query_answer');
    expect(speech).toMatch(c.answer);
  } else if (c.question) {
    expect(speech).toMatch(c.question);
    expect(r.data.success ?? [], what).toEqual([]);
  } else if (c.refused) {
    expect(r.response_type, what).toBe('error');
    expect(speech).toMatch(c.refused);
  }
}
