// Listing and filtering over REST: domain, area (suggested_area or room list), device, free text.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../../helpers/app.js';
import { eventually } from '../../helpers/net.js';

let t: TestApp;

beforeAll(async () => {
  t = await startTestApp({ rooms: 'Kitchen,Living Room,Bedroom' });
  const configs: [string, object][] = [
    [
      'homeassistant/sensor/k1/temp/config',
      {
        name: 'Temperature',
        unique_id: 'k1t',
        state_topic: 'k1/t',
        device: { identifiers: ['k1'], name: 'Kitchen Multisensor', manufacturer: 'Aqara' },
      },
    ],
    [
      'homeassistant/sensor/k1/hum/config',
      {
        name: 'Humidity',
        unique_id: 'k1h',
        state_topic: 'k1/h',
        device: { identifiers: ['k1'], name: 'Kitchen Multisensor' },
      },
    ],
    ['homeassistant/light/lr/config', { name: 'Living Room Lamp', unique_id: 'lrl', command_topic: 'lr/set' }],
    [
      'homeassistant/switch/fan/config',
      {
        name: 'Fan',
        unique_id: 'fan',
        command_topic: 'fan/set',
        device: { identifiers: ['fan1'], name: 'Desk Fan', suggested_area: 'Office' },
      },
    ],
  ];
  for (const [topic, config] of configs) await t.client.publishAsync(topic, JSON.stringify(config), { qos: 1 });
  await eventually(async () => (await t.get('/api/entities')).body.count === configs.length);
});

afterAll(async () => {
  await t.close();
});

const ids = (body: { entities: { entity_id: string }[] }) => body.entities.map((e) => e.entity_id);

describe('entity and device listing', () => {
  it('filters entities by domain, area, device and text', async () => {
    expect(ids((await t.get('/api/entities?domain=sensor')).body)).toEqual([
      'sensor.kitchen_multisensor_humidity',
      'sensor.kitchen_multisensor_temperature',
    ]);
    expect(ids((await t.get('/api/entities?area=kitchen')).body)).toHaveLength(2);
    expect(ids((await t.get('/api/entities?area=living_room')).body)).toEqual(['light.living_room_lamp']);
    expect(ids((await t.get('/api/entities?area=Office')).body)).toEqual(['switch.desk_fan_fan']);
    expect(ids((await t.get('/api/entities?q=HUMID')).body)).toEqual(['sensor.kitchen_multisensor_humidity']);
    const deviceId = (await t.get('/api/entities/sensor.kitchen_multisensor_humidity')).body.device_id;
    expect(ids((await t.get(`/api/entities?device_id=${deviceId}`)).body)).toHaveLength(2);
  });

  it('lists devices merged by identifiers, with their entities', async () => {
    const list = (await t.get('/api/devices')).body;
    expect(list.devices.map((d: { name: string; entity_count: number }) => [d.name, d.entity_count])).toEqual([
      ['Desk Fan', 1],
      ['Kitchen Multisensor', 2],
    ]);
    const kitchen = list.devices.find((d: { name: string }) => d.name === 'Kitchen Multisensor');
    expect(kitchen.area).toBe('Kitchen');
    const detail = (await t.get(`/api/devices/${kitchen.id}`)).body;
    expect(detail.entities.map((e: { entity_id: string }) => e.entity_id).sort()).toEqual([
      'sensor.kitchen_multisensor_humidity',
      'sensor.kitchen_multisensor_temperature',
    ]);
    expect((await t.get('/api/devices?area=office')).body.count).toBe(1);
    expect((await t.get('/api/devices/nope')).status).toBe(404);
  });
});
