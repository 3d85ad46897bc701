// The examples a new install starts with (automations/), on the engine: in a home without those devices they
// start disabled and warn about each entity they name, with the closest one; once Zigbee2MQTT has announced a
// motion sensor and a light, the motion example, enabled, switches the light as its comments promise.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { collect } from '../../helpers/mqtt-client.js';
import { fakeTime, startHarness, until, type Harness } from './harness.js';

const EXAMPLES = fileURLToPath(new URL('../../../automations/', import.meta.url));
const files = Object.fromEntries(
  readdirSync(EXAMPLES)
    .filter((f) => f.endsWith('.yaml'))
    .map((f) => [f, readFileSync(join(EXAMPLES, f), 'utf8')]),
);

let h: Harness | undefined;
afterEach(async () => {
  await h?.close();
  h = undefined;
});

// What Zigbee2MQTT 2.x publishes (homeassistant: enabled) for an Aqara motion sensor named "hallway_motion"
// and a Hue bulb named "hallway_light": retained discovery configs, and its bridge state for availability.
const availability = [{ topic: 'zigbee2mqtt/bridge/state', value_template: '{{ value_json.state }}' }];
const origin = { name: 'Zigbee2MQTT', sw: '2.1.0', url: 'https://www.zigbee2mqtt.io' };
const bridge = 'zigbee2mqtt_bridge_0x00124b0024c2a1b3';
const Z2M: [string, Record<string, unknown>][] = [
  [
    'homeassistant/binary_sensor/0x00158d0008a1b2c3/occupancy/config',
    {
      availability,
      device: {
        identifiers: ['zigbee2mqtt_0x00158d0008a1b2c3'],
        manufacturer: 'Aqara',
        model: 'Motion sensor',
        model_id: 'RTCGQ11LM',
        name: 'hallway_motion',
        via_device: bridge,
      },
      device_class: 'motion',
      name: 'Occupancy',
      object_id: 'hallway_motion_occupancy',
      origin,
      payload_off: false,
      payload_on: true,
      state_topic: 'zigbee2mqtt/hallway_motion',
      unique_id: '0x00158d0008a1b2c3_occupancy_zigbee2mqtt',
      value_template: '{{ value_json.occupancy }}',
    },
  ],
  [
    'homeassistant/light/0x0017880104e45517/light/config',
    {
      availability,
      brightness: true,
      brightness_scale: 254,
      command_topic: 'zigbee2mqtt/hallway_light/set',
      device: {
        identifiers: ['zigbee2mqtt_0x0017880104e45517'],
        manufacturer: 'Philips',
        model: 'Hue White A60 bulb E27',
        model_id: '9290011370',
        name: 'hallway_light',
        via_device: bridge,
      },
      max_mireds: 454,
      min_mireds: 250,
      name: null,
      object_id: 'hallway_light',
      origin,
      schema: 'json',
      state_topic: 'zigbee2mqtt/hallway_light',
      supported_color_modes: ['color_temp'],
      unique_id: '0x0017880104e45517_light_zigbee2mqtt',
    },
  ],
];

describe('the examples of automations/', () => {
  it('start disabled in a home without their devices, and warn about each entity with the closest one', async () => {
    h = await startHarness(files);
    expect(h.engine.list().map((a) => [a.id, a.enabled])).toEqual([
      ['example_button_toggle', false],
      ['example_door_left_open', false],
      ['example_motion_light', false],
      ['example_plug_power_alert', false],
      ['example_sunset_light', false],
    ]);
    const diagnostics = h.engine.diagnostics();
    expect(diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
    const missing = [...new Set(diagnostics.map((d) => /entity '([^']+)' does not exist$/.exec(d.message)?.[1]))];
    expect(missing.sort()).toEqual([
      'binary_sensor.front_door_contact',
      'binary_sensor.hallway_motion_occupancy',
      'light.hallway_light',
      'light.porch_light',
      'sensor.washing_machine_energy_power',
    ]);
    expect(diagnostics.every((d) => d.severity === 'warning' && d.hint !== undefined)).toBe(true);
  });

  it('motion → light: runs end to end when enabled, against Zigbee2MQTT discovery', async () => {
    h = await startHarness(files);
    const commands = await collect(h.t.client, 'zigbee2mqtt/hallway_light/set');
    // Zigbee2MQTT retains its bridge state and its discovery configs
    const retained = (topic: string, payload: unknown) =>
      h!.t.client.publishAsync(topic, JSON.stringify(payload), { qos: 1, retain: true });
    await retained('zigbee2mqtt/bridge/state', { state: 'online' });
    for (const [topic, config] of Z2M) await retained(topic, config);
    const registry = h.t.app.registry;
    await until(
      () => registry.entity('binary_sensor.hallway_motion_occupancy') && registry.entity('light.hallway_light'),
    );
    // worked out again on request: the motion example names nothing that is missing any more
    expect(h.engine.diagnostics().filter((d) => d.automation_id === 'example_motion_light')).toEqual([]);

    // disabled, motion does nothing
    await h.setState(
      'binary_sensor.hallway_motion_occupancy',
      'zigbee2mqtt/hallway_motion',
      '{"occupancy":true}',
      'on',
    );
    await h.flush();
    expect(commands).toEqual([]);
    await h.setState(
      'binary_sensor.hallway_motion_occupancy',
      'zigbee2mqtt/hallway_motion',
      '{"occupancy":false}',
      'off',
    );

    h.engine.setEnabled('example_motion_light', true);
    fakeTime();
    // fake time moves in 20 s steps with a few turns of real I/O after each, so keep-alive pings are answered
    // (as in dst-scenarios.ts)
    const step = async (ms = 0) => {
      for (let left = ms; left > 0; left -= 20_000) {
        await vi.advanceTimersByTimeAsync(Math.min(20_000, left));
        for (let turn = 0; turn < 5; turn++) await new Promise((r) => setImmediate(r));
      }
      await h!.flush();
    };
    const sent = () => commands.map((m) => JSON.parse(m.payload) as Record<string, unknown>);
    await h.setState(
      'binary_sensor.hallway_motion_occupancy',
      'zigbee2mqtt/hallway_motion',
      '{"occupancy":true}',
      'on',
    );
    await step();
    expect(sent()).toEqual([{ state: 'ON', brightness: 203 }]);
    // no motion for a minute, then motion again: the off-delay starts over
    await h.setState(
      'binary_sensor.hallway_motion_occupancy',
      'zigbee2mqtt/hallway_motion',
      '{"occupancy":false}',
      'off',
    );
    await step(60_000);
    await h.setState(
      'binary_sensor.hallway_motion_occupancy',
      'zigbee2mqtt/hallway_motion',
      '{"occupancy":true}',
      'on',
    );
    await step();
    await h.setState(
      'binary_sensor.hallway_motion_occupancy',
      'zigbee2mqtt/hallway_motion',
      '{"occupancy":false}',
      'off',
    );
    await step(119_000);
    expect(sent()).toEqual([
      { state: 'ON', brightness: 203 },
      { state: 'ON', brightness: 203 },
    ]);
    await step(1_000);
    expect(sent().at(-1)).toEqual({ state: 'OFF' });
    const traces = h.fullTraces('example_motion_light');
    expect(traces.map((t) => [t.trigger?.variables['id'], t.outcome])).toEqual([
      ['no_motion', 'finished'],
      ['motion', 'finished'],
      ['motion', 'finished'],
    ]);
  });
});
