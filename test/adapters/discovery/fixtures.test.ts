// Every discovery fixture, published retained to a real broker, yields the entity Home Assistant would create.
import { afterEach, describe, expect, it } from 'vitest';
import { fixture, startTestApp, type TestApp } from '../../helpers/app.js';
import { eventually } from '../../helpers/net.js';

let t: TestApp | undefined;
afterEach(async () => {
  await t?.close();
  t = undefined;
});

async function announce(name: string): Promise<TestApp> {
  t = await startTestApp();
  const f = fixture(name);
  await t.client.publishAsync(f.topic, JSON.stringify(f.payload), { retain: true, qos: 1 });
  return t;
}

async function entity(app: TestApp, id: string) {
  return eventually(async () => {
    const res = await app.get(`/api/entities/${id}`);
    return res.status === 200 ? res.body : undefined;
  });
}

describe('discovery fixtures through the broker', () => {
  it('binary_sensor-ha-docs-1: name null → the device name, binary_sensor.garden, motion', async () => {
    const app = await announce('binary_sensor-ha-docs-1.json');
    const e = await entity(app, 'binary_sensor.garden');
    expect(e).toMatchObject({
      domain: 'binary_sensor',
      name: 'Garden',
      unique_id: 'motion01ad',
      state: 'unknown',
      available: true,
    });
    expect(e.device).toMatchObject({ name: 'Garden', identifiers: ['01ad'] });
    expect(e.attributes).toMatchObject({ device_class: 'motion', friendly_name: 'Garden' });
    expect(e.area).toBe('Garden');
    await app.client.publishAsync('homeassistant/binary_sensor/garden/state', 'ON');
    await eventually(async () => (await app.get('/api/entities/binary_sensor.garden')).body.state === 'on');
  });

  it('sensor-ha-docs-1: device-class name, value_json template, full device block', async () => {
    const app = await announce('sensor-ha-docs-1.json');
    const e = await entity(app, 'sensor.bedroom_temperature');
    expect(e).toMatchObject({ domain: 'sensor', name: 'Bedroom Temperature', unique_id: 'temp01ae', area: 'Bedroom' });
    expect(e.device).toMatchObject({
      name: 'Bedroom',
      manufacturer: 'Example sensors Ltd.',
      model: 'Example Sensor',
      model_id: 'K9',
      serial_number: '12AE3010545',
      hw_version: '1.01a',
      sw_version: '2024.1.0',
      configuration_url: 'https://example.com/sensor_portal/config',
    });
    expect(e.attributes).toMatchObject({ unit_of_measurement: '°C', device_class: 'temperature' });
    await app.client.publishAsync(
      'homeassistant/sensor/sensorBedroom/state',
      '{"temperature": 23.20, "humidity": 43.70}',
    );
    await eventually(async () => (await app.get('/api/entities/sensor.bedroom_temperature')).body.state === '23.2');
  });

  it('switch-ha-docs-1: switch.garden_irrigation with device Garden', async () => {
    const app = await announce('switch-ha-docs-1.json');
    const e = await entity(app, 'switch.garden_irrigation');
    expect(e).toMatchObject({
      domain: 'switch',
      name: 'Garden Irrigation',
      unique_id: 'irr01ad',
      discovery_topic: 'homeassistant/switch/irrigation/config',
    });
    expect(Object.keys(e.actions)).toEqual(expect.arrayContaining(['turn_on', 'turn_off']));
    await app.client.publishAsync('homeassistant/switch/irrigation/state', 'ON');
    await eventually(async () => (await app.get('/api/entities/switch.garden_irrigation')).body.state === 'on');
  });

  it('switch-ha-docs-2: abbreviations and ~ expand; no unique_id and no device', async () => {
    const app = await announce('switch-ha-docs-2.json');
    const e = await entity(app, 'switch.garden');
    expect(e).toMatchObject({ domain: 'switch', name: 'garden', unique_id: null, device: null });
    const seen: string[] = [];
    app.client.on(
      'message',
      (topic, payload) => topic === 'homeassistant/switch/irrigation/set' && seen.push(payload.toString()),
    );
    await app.client.subscribeAsync('homeassistant/switch/irrigation/set');
    const res = await app.post('/api/actions/switch/turn_on', { entity_id: 'switch.garden' });
    expect(res.status).toBe(200);
    await eventually(() => seen.length === 1);
    expect(seen).toEqual(['ON']);
  });

  it('light-ha-docs-1: JSON-schema light with brightness', async () => {
    const app = await announce('light-ha-docs-1.json');
    const e = await entity(app, 'light.kitchen');
    expect(e).toMatchObject({ domain: 'light', name: 'Kitchen', unique_id: 'kitchen_light', area: 'Kitchen' });
    await app.client.publishAsync('homeassistant/light/kitchen/state', '{"state":"ON","brightness":128}');
    await eventually(async () => {
      const body = (await app.get('/api/entities/light.kitchen')).body;
      return body.state === 'on' && body.attributes.brightness === 128;
    });
  });

  it('device-ha-docs-1: the sensor component loads and the device trigger is registered on the same device', async () => {
    const app = await announce('device-ha-docs-1.json');
    const e = await entity(app, 'sensor.mqtt_sensor');
    expect(e).toMatchObject({ domain: 'sensor', unique_id: 'bla_sensor001' });
    expect(e.device.identifiers).toEqual(['0AFFD2']);
    const device = (await app.get(`/api/devices/${encodeURIComponent(e.device.id)}`)).body;
    expect(device.triggers).toEqual([
      {
        type: 'button_short_press',
        subtype: 'button_1',
        discovery_id: '0AFFD2 bla1',
        topic: 'foobar/triggers/button1',
        payload: 'short_press',
      },
    ]);
    expect((await app.get('/api/discovery/diagnostics')).body.count).toBe(0);
  });
});
