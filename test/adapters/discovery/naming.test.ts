// Entity ids, device links and optimistic state the way Home Assistant assigns them.
import { afterEach, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../../helpers/app.js';
import { collect } from '../../helpers/mqtt-client.js';
import { eventually } from '../../helpers/net.js';

let t: TestApp | undefined;
afterEach(async () => {
  await t?.close();
  t = undefined;
});

const get = async (app: TestApp, id: string) => {
  const res = await app.get(`/api/entities/${id}`);
  return res.status === 200 ? res.body : undefined;
};

describe('naming and registry rules', () => {
  it('appends _2 when two entities want the same id, and default_entity_id / object_id win over the name', async () => {
    t = await startTestApp();
    const app = t;
    await app.client.publishAsync(
      'homeassistant/sensor/a/config',
      JSON.stringify({ name: 'Outside', unique_id: 'a', state_topic: 'a' }),
      { qos: 1 },
    );
    await eventually(() => get(app, 'sensor.outside'));
    await app.client.publishAsync(
      'homeassistant/sensor/b/config',
      JSON.stringify({ name: 'Outside', unique_id: 'b', state_topic: 'b' }),
      { qos: 1 },
    );
    await app.client.publishAsync(
      'homeassistant/sensor/c/config',
      JSON.stringify({ name: 'Whatever', unique_id: 'c', state_topic: 'c', default_entity_id: 'sensor.garden_probe' }),
      { qos: 1 },
    );
    await app.client.publishAsync(
      'homeassistant/sensor/d/config',
      JSON.stringify({ name: 'Whatever', unique_id: 'd', state_topic: 'd', object_id: 'cellar_probe' }),
      { qos: 1 },
    );
    const second = await eventually(() => get(app, 'sensor.outside_2'));
    expect(second.unique_id).toBe('b');
    expect((await eventually(() => get(app, 'sensor.garden_probe'))).unique_id).toBe('c');
    expect((await eventually(() => get(app, 'sensor.cellar_probe'))).unique_id).toBe('d');
    // re-announcing keeps each entity's id
    await app.client.publishAsync(
      'homeassistant/sensor/b/config',
      JSON.stringify({ name: 'Outside', unique_id: 'b', state_topic: 'b2' }),
      { qos: 1 },
    );
    await eventually(async () => (await app.get('/api/entities?q=outside')).body.count === 2);
    expect((await get(app, 'sensor.outside_2'))?.unique_id).toBe('b');
  });

  it('links via_device to the hub device and takes the area from the room list when no suggested_area', async () => {
    t = await startTestApp();
    const app = t;
    const hub = {
      name: 'Bridge state',
      unique_id: 'bridge',
      state_topic: 'z2m/bridge/state',
      device: { identifiers: ['z2m_bridge'], name: 'Zigbee2MQTT Bridge' },
    };
    const child = {
      name: 'Occupancy',
      unique_id: 'occ',
      state_topic: 'z2m/bed/occ',
      device: { identifiers: ['z2m_0x02'], name: 'Bedroom Motion', via_device: 'z2m_bridge' },
    };
    await app.client.publishAsync('homeassistant/sensor/bridge/config', JSON.stringify(hub), { qos: 1 });
    await app.client.publishAsync('homeassistant/binary_sensor/occ/config', JSON.stringify(child), { qos: 1 });
    const e = await eventually(() => get(app, 'binary_sensor.bedroom_motion_occupancy'));
    const bridge = (await app.get('/api/devices?q=bridge')).body.devices[0];
    expect(e.device.via_device_id).toBe(bridge.id);
    expect(e.area).toBe('Bedroom');
  });

  it('optimistic entities (no state topic) take the commanded state at once', async () => {
    t = await startTestApp();
    const app = t;
    const seen = await collect(app.client, 'relay/#');
    await app.client.publishAsync(
      'homeassistant/switch/relay/config',
      JSON.stringify({ name: 'Relay', unique_id: 'r', command_topic: 'relay/set', payload_on: '1', payload_off: '0' }),
      { qos: 1 },
    );
    await eventually(() => get(app, 'switch.relay'));
    const res = await app.post('/api/actions/switch/turn_on', { entity_id: 'switch.relay' });
    expect(res.body.results[0]).toMatchObject({ optimistic: true, published: [{ topic: 'relay/set', payload: '1' }] });
    expect((await get(app, 'switch.relay')).state).toBe('on');
    await eventually(() => seen.length === 1);
  });
});
