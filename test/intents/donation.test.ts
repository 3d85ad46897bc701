// GET /api/intents/donation: the seed's handler donation built from the intent templates and the registry, kept
// current as devices come and go (registry events), on the whole app with the simulated home.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { until } from '../helpers/markers.js';
import { startHome, type SimulatedHome } from './home.js';

let home: SimulatedHome;
beforeAll(async () => {
  home = await startHome();
}, 30_000);
afterAll(async () => home?.close());

const donation = async () => {
  const res = await home.t.get('/api/intents/donation');
  expect(res.status).toBe(200);
  return res.body;
};

describe('the handler donation', () => {
  it("has the seed's shape: templates with method metadata and action donations", async () => {
    const d = await donation();
    expect(d).toMatchObject({ schema_version: '1.0', handler_domain: 'mqtt', handler_type: 'dynamic_generator' });
    const light = d.device_templates.find((t: any) => t.template_name === 'light_control');
    expect(light.device_types).toEqual(['light']);
    expect(light.generated_method_metadata).toMatchObject({ method_prefix: 'control_light', intent_prefix: 'light' });
    expect(light.generated_method_metadata.parameters).toContainEqual(
      expect.objectContaining({ name: 'brightness_pct', type: 'float', min_value: 0, max_value: 100 }),
    );
    const turnOn = light.action_donations.find((a: any) => a.action_type === 'turn_on');
    expect(turnOn.phrases).toContain('(turn|switch|put) on {name} [in {area}]');
    expect(turnOn.lemmas).toContain('turn');
  });

  it('generates the methods of every device with its phrases and its own ranges', async () => {
    const d = await donation();
    const byName = new Map(d.generated_methods.map((m: any) => [m.method_name, m]));
    expect(byName.get('control_light_turn_on_kitchen_ceiling')).toMatchObject({
      entity_id: 'light.kitchen_ceiling',
      room_name: 'Kitchen',
      action: 'light.turn_on',
      intent: 'light.turn_on.kitchen',
    });
    expect((byName.get('control_light_turn_on_kitchen_ceiling') as any).phrases.en).toContain(
      'turn on Kitchen Ceiling in Kitchen',
    );
    // the thermostat's own range, not the template's 5–35
    expect((byName.get('control_climate_set_temperature_bedroom_heater') as any).parameters).toEqual([
      expect.objectContaining({ name: 'temperature', min_value: 16, max_value: 28 }),
    ]);
    // a light without brightness gets no brightness method
    expect(byName.has('control_light_turn_on_hallway_light')).toBe(true);
    expect(byName.has('control_light_set_brightness_hallway_light')).toBe(false);
    expect(d.generated_method_count).toBe(d.generated_methods.length);
  });

  it('is rebuilt when a device comes and when it goes', async () => {
    const config = {
      name: null,
      unique_id: 'home_porch_light',
      default_entity_id: 'light.porch_light',
      command_topic: 'home/light.porch_light/set',
      device: { identifiers: ['home_porch_light'], name: 'Porch Light', suggested_area: 'Porch' },
    };
    const topic = 'homeassistant/light/home/porch_light/config';
    const methods = async () => (await donation()).generated_methods.map((m: any) => m.entity_id);
    expect(await methods()).not.toContain('light.porch_light');
    await home.t.client.publishAsync(topic, JSON.stringify(config), { qos: 1, retain: true });
    await until(() => home.t.app.registry.entity('light.porch_light'), 'the porch light was not discovered');
    expect(await methods()).toContain('light.porch_light');
    const said = await home.say('turn on the porch light');
    expect(said.response.data.success.map((t: any) => t.id)).toEqual(['light.porch_light']);
    await home.sent();
    await home.t.client.publishAsync(topic, '', { qos: 1, retain: true });
    await until(() => !home.t.app.registry.entity('light.porch_light'), 'the porch light was not removed');
    expect(await methods()).not.toContain('light.porch_light');
  });
});
