// Issue 18's acceptance on the whole app as it is wired: every automation of the shared fixtures (Home Assistant's
// docs and cookbook, copied into test/fixtures/automations) loads into one folder next to the helpers, scripts and
// group they name, with Zigbee2MQTT-style entities announced for every entity they name, and each one runs to its
// end without an error. What only Home Assistant has (person.me: its person integration) is a warning at its line.
import { copyFileSync, mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { startTestApp, type TestApp } from '../helpers/app.js';
import { collect } from '../helpers/mqtt-client.js';
import { eventually, tempDir } from '../helpers/net.js';

const FIXTURES = fileURLToPath(new URL('../fixtures/automations/', import.meta.url));

/** what the fixtures name that a home would define next to them */
const HOME = `input_boolean:
  simulate:
    name: Simulate
script:
  sim_morning:
    sequence:
      - action: light.turn_on
        target: {entity_id: light.kitchen}
  sim_day:
    sequence:
      - action: light.turn_on
        target: {entity_id: light.bedroom}
group:
  office_lights:
    name: Office lights
    entities: [light.office]
`;

/** every entity the fixtures name, as discovery would announce it: [platform, object id, extra config] */
const ENTITIES: [string, string, Record<string, unknown>][] = [
  ['binary_sensor', 'back_door', { state_topic: 'st/back_door' }],
  ['binary_sensor', 'motion', { state_topic: 'st/motion' }],
  ['binary_sensor', 'ecolink_pir_motion_sensor_sensor', { state_topic: 'st/pir' }],
  ['sensor', 'freezer_temperature', { state_topic: 'st/freezer' }],
  ['notify', 'my_device', { command_topic: 'cmd/my_device' }],
  ['switch', 'coffee_machine', { command_topic: 'cmd/coffee_machine' }],
  ['siren', 'noise_maker', { command_topic: 'cmd/noise_maker' }],
  ['device_tracker', 'paulus', { state_topic: 'st/paulus' }],
  ...['kitchen', 'bedroom', 'living_room', 'ceiling', 'office', 'bedroom_closet', 'kiddos_closet', 'linen_closet'].map(
    (id): [string, string, Record<string, unknown>] => [
      'light',
      id,
      { command_topic: `cmd/${id}`, schema: 'json', brightness: true },
    ],
  ),
];

let t: TestApp | undefined;
let dir: { path: string; remove(): void } | undefined;
afterEach(async () => {
  vi.useRealTimers();
  await t?.close();
  dir?.remove();
  t = undefined;
});

async function startHome(): Promise<TestApp> {
  dir = tempDir();
  const folder = join(dir.path, 'automations');
  mkdirSync(folder);
  for (const f of readdirSync(FIXTURES)) copyFileSync(join(FIXTURES, f), join(folder, f));
  writeFileSync(join(folder, 'home.yaml'), HOME);
  const app = await startTestApp({ automations_dir: folder });
  for (const [platform, id, extra] of ENTITIES)
    await app.client.publishAsync(
      `homeassistant/${platform}/${id}/config`,
      JSON.stringify({ name: id, unique_id: `fx_${id}`, object_id: id, ...extra }),
      { qos: 1 },
    );
  await eventually(() => ENTITIES.every(([p, id]) => app.app.registry.entity(`${p}.${id}`)));
  return app;
}

describe('the shared fixtures run', () => {
  it('each automation runs to its end without an error; only HA-only entities are warnings', async () => {
    // a morning: fixture 20's choose takes its "morning" branch (script.sim_morning) rather than a random delay
    vi.useFakeTimers({ toFake: ['Date'], now: new Date(2026, 11, 7, 8, 0, 0), shouldAdvanceTime: true });
    t = await startHome();
    const engine = t.app.automations;
    const published = await collect(t.client, 'cmd/#');

    const errors = engine.diagnostics().filter((d) => d.severity === 'error');
    expect(errors).toEqual([]);
    const warnings = engine
      .diagnostics()
      .filter((d) => / entity '[^']+' does not exist/.test(d.message))
      .map((d) => `${d.file}:${d.line} ${d.message.replace(/^.*entity/, 'entity')}`);
    expect(warnings).toEqual(["14-porch-light-mqtt-publish-when-home.yaml:5 entity 'person.me' does not exist"]);

    // the ones whose actions read what fired them are fired for real (a manual run has no trigger data, and
    // Home Assistant's templates fail on it as these do); the rest are run as automation.trigger runs them
    const ids = engine.list().map((a) => a.id);
    expect(ids.length).toBeGreaterThanOrEqual(14);
    const fx17 = '17_trigger_variable_templating';
    const fired = [`${fx17}_1`, `${fx17}_2`, `${fx17}_3`];
    await t.client.publishAsync('st/paulus', 'home', { qos: 1 });
    await t.client.publishAsync('/notify/phone', 'Dinner is ready', { qos: 1 });
    await engine.trigger(`${fx17}_3`, {
      variables: { trigger: { platform: 'state', entity_id: 'light.linen_closet' } },
    });
    for (const id of ids.filter((i) => !fired.includes(i))) await engine.trigger(id, { variables: {} });
    await eventually(() => fired.every((id) => engine.traces(id, 1).length === 1));
    await engine.whenIdle();
    const failed = ids.flatMap((id) =>
      engine
        .traces(id, 5)
        .filter((tr) => tr.error !== null)
        .map((tr) => `${id}: ${tr.error}`),
    );
    expect(failed).toEqual([]);

    // what they did, for a few of them
    await eventually(() => published.some((m) => m.topic === 'cmd/my_device'));
    const topics = new Set(published.map((m) => m.topic));
    for (const topic of [
      'cmd/my_device',
      'cmd/coffee_machine',
      'cmd/kitchen',
      'cmd/bedroom',
      'cmd/noise_maker',
      'cmd/office',
    ])
      expect(topics, topic).toContain(topic);
  });
});
