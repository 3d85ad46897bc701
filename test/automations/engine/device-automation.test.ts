// Device triggers, conditions and actions of entity domains with Switchyard's own ids, on the engine harness (real
// broker, real discovery, real SQLite): each becomes what Home Assistant makes of it — a state / numeric_state
// trigger (binary_sensor/device_trigger.py, sensor/device_trigger.py), a state check (toggle_entity.py) and the
// entity action (light/device_action.py, toggle_entity.py) through the command router.
import { afterEach, describe, expect, it } from 'vitest';
import { startHarness, until, type Harness } from './harness.js';

let h: Harness | undefined;
afterEach(async () => {
  await h?.close();
  h = undefined;
});

const DOOR_LIGHT = `
id: door_light
triggers:
  - trigger: device
    domain: binary_sensor
    device_id: hall
    entity_id: binary_sensor.door
    type: opened
conditions:
  - condition: device
    domain: switch
    device_id: hall
    entity_id: switch.fan
    type: is_on
actions:
  - device_id: hall
    domain: light
    entity_id: light.lamp
    type: turn_on
    brightness_pct: 40
`;

const HOT = `
id: hot
triggers:
  - trigger: device
    domain: sensor
    device_id: hall
    entity_id: sensor.temperature
    type: temperature
    above: 25
actions:
  - device_id: hall
    domain: switch
    entity_id: switch.fan
    type: turn_off
`;

const BRIGHTER = `
id: brighter
triggers: [{trigger: mqtt, topic: in/brighter}]
actions:
  - {device_id: hall, domain: light, entity_id: light.lamp, type: brightness_increase}
`;

describe('device automations with Switchyard ids', () => {
  it('a binary_sensor trigger, a toggle condition and a light action', async () => {
    h = await startHarness({ 'door.yaml': DOOR_LIGHT, 'brighter.yaml': BRIGHTER });
    expect(h.engine.diagnostics()).toEqual([]);
    // the fan is off: is_on does not pass, nothing is commanded
    await h.setState('switch.fan', 'st/fan', 'OFF', 'off');
    await h.setState('binary_sensor.door', 'st/door', 'ON', 'on');
    await h.flush();
    expect(h.on('cmd/lamp')).toEqual([]);
    expect(h.fullTraces('door_light')[0]?.outcome).toBe('failed_conditions');

    await h.setState('binary_sensor.door', 'st/door', 'OFF', 'off');
    await h.setState('switch.fan', 'st/fan', 'ON', 'on');
    await h.setState('binary_sensor.door', 'st/door', 'ON', 'on');
    await h.flush();
    // light.turn_on with brightness_pct 40 → brightness 102 (round(40 * 255 / 100))
    expect(h.on('cmd/lamp/brightness')).toEqual(['102']);
    const [trace] = h.fullTraces('door_light');
    expect(trace?.trigger).toMatchObject({ platform: 'device', description: 'state of binary_sensor.door' });

    // brightness_increase: light.turn_on with brightness_step_pct 10 → 40 % + 10 % → round(127.5) = 128
    await until(() => h?.t.app.states.get('light.lamp')?.attributes['brightness'] === 102);
    await h.send('in/brighter', 'x');
    await h.flush();
    expect(h.on('cmd/lamp/brightness')).toEqual(['102', '128']);
  });

  it('a sensor value trigger crossing its threshold runs a switch action', async () => {
    h = await startHarness({ 'hot.yaml': HOT });
    await h.setState('sensor.temperature', 'st/temperature', '21');
    await h.setState('sensor.temperature', 'st/temperature', '26');
    await h.flush();
    expect(h.on('cmd/fan')).toEqual(['OFF']);
    // still above: numeric_state fires again only after leaving the range
    await h.setState('sensor.temperature', 'st/temperature', '27');
    await h.flush();
    expect(h.on('cmd/fan')).toEqual(['OFF']);
  });

  it('an entity registry id outside the add-on is a warning at its line, and a run reaching it fails', async () => {
    h = await startHarness({
      'ha.yaml': `
id: ha_ids
triggers: [{trigger: mqtt, topic: in/go}]
actions:
  - device_id: 8f0d1c2e3b4a59687766554433221100
    domain: light
    entity_id: 3c4d5e6f7a8b49c0d1e2f3a4b5c6d7e8
    type: turn_on
`,
    });
    expect(h.engine.diagnostics()).toEqual([
      expect.objectContaining({
        file: 'ha.yaml',
        line: 7,
        severity: 'warning',
        message: expect.stringMatching(
          /^actions\[0\]\.entity_id: entity '3c4d5e6f7a8b49c0d1e2f3a4b5c6d7e8' is an entity registry id of Home Assistant; .*add-on/,
        ),
      }),
    ]);
    await h.send('in/go', 'x');
    await h.flush();
    const [trace] = h.fullTraces('ha_ids');
    expect(trace?.outcome).toBe('error');
    expect(trace?.error).toMatch(/device action light turn_on: entity '3c4d.*' is an entity registry id/);
  });
});
