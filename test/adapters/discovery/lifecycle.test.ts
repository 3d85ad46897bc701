// Discovered entities over time: state through templates, availability, removal, in-place update,
// restart without retained configs, history in SQLite.
import { afterEach, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../../helpers/app.js';
import { marker } from '../../helpers/markers.js';
import { eventually } from '../../helpers/net.js';

const apps: TestApp[] = [];
afterEach(async () => {
  for (const a of apps.splice(0).reverse()) await a.close();
});

async function start(): Promise<TestApp> {
  const t = await startTestApp();
  apps.push(t);
  return t;
}

const state = async (t: TestApp, id: string) => {
  const res = await t.get(`/api/entities/${id}`);
  return res.status === 200 ? res.body : undefined;
};

const plug = {
  name: 'Plug',
  unique_id: 'plug01',
  state_topic: 'z2m/plug/state',
  value_template: '{{ value_json.state }}',
  command_topic: 'z2m/plug/set',
  json_attributes_topic: 'z2m/plug/state',
  availability: [
    { topic: 'z2m/bridge/state', value_template: '{{ value_json.state }}' },
    { topic: 'z2m/plug/availability' },
  ],
  availability_mode: 'all',
  device: { identifiers: ['zigbee_0x01'], name: 'Office Plug', suggested_area: 'Study' },
};

describe('discovered entity lifecycle', () => {
  it('starts unavailable with availability configured and follows availability mode all', async () => {
    const t = await start();
    await t.client.publishAsync('homeassistant/switch/0x01/switch/config', JSON.stringify(plug), {
      retain: true,
      qos: 1,
    });
    const first = await eventually(() => state(t, 'switch.office_plug_plug'));
    expect(first).toMatchObject({ state: 'unavailable', available: false, area: 'Study' });
    await t.client.publishAsync('z2m/bridge/state', '{"state":"online"}');
    await t.client.publishAsync('z2m/plug/state', '{"state":"ON","linkquality":87}');
    // both reached the entity (it handles messages synchronously as they arrive) before this marker
    await marker(t.client, t.app.mqtt);
    expect((await state(t, 'switch.office_plug_plug'))?.available).toBe(false);
    await t.client.publishAsync('z2m/plug/availability', 'online');
    await eventually(async () => (await state(t, 'switch.office_plug_plug'))?.state === 'on');
    expect((await state(t, 'switch.office_plug_plug'))?.attributes.linkquality).toBe(87);
    await t.client.publishAsync('z2m/bridge/state', '{"state":"offline"}');
    await eventually(async () => (await state(t, 'switch.office_plug_plug'))?.state === 'unavailable');
  });

  it('entities of one device follow their shared availability together; a failing availability template is reported naming it', async () => {
    const t = await start();
    const sensor = {
      name: 'Power',
      unique_id: 'plug01_power',
      state_topic: 'z2m/plug/state',
      value_template: '{{ value_json.power }}',
      availability: plug.availability,
      availability_mode: 'all',
      device: plug.device,
    };
    const broken = {
      name: 'Broken',
      unique_id: 'broken1',
      state_topic: 'x/state',
      availability: [{ topic: 'x/avail', value_template: '{{ 1 / 0 }}' }],
      device: { identifiers: ['x1'], name: 'X' },
    };
    await t.client.publishAsync('homeassistant/switch/0x01/switch/config', JSON.stringify(plug), {
      retain: true,
      qos: 1,
    });
    await t.client.publishAsync('homeassistant/sensor/0x01/power/config', JSON.stringify(sensor), {
      retain: true,
      qos: 1,
    });
    await t.client.publishAsync('homeassistant/sensor/x1/broken/config', JSON.stringify(broken), {
      retain: true,
      qos: 1,
    });
    await eventually(() => state(t, 'sensor.x_broken'));
    await t.client.publishAsync('z2m/bridge/state', '{"state":"online"}');
    await t.client.publishAsync('z2m/plug/availability', 'online');
    await t.client.publishAsync('z2m/plug/state', '{"state":"ON","power":12.5}');
    await eventually(async () => ((await state(t, 'sensor.office_plug_power'))?.state === '12.5' ? true : undefined));
    expect((await state(t, 'switch.office_plug_plug'))?.state).toBe('on');
    await t.client.publishAsync('z2m/plug/availability', 'offline');
    await eventually(async () =>
      (await state(t, 'sensor.office_plug_power'))?.state === 'unavailable' ? true : undefined,
    );
    await eventually(async () =>
      (await state(t, 'switch.office_plug_plug'))?.state === 'unavailable' ? true : undefined,
    );

    await t.client.publishAsync('x/avail', 'online');
    const report = await eventually(async () => {
      const list = (await t.get('/api/discovery/diagnostics?kind=template')).body as {
        diagnostics: { reason: string; entity_id?: string }[];
      };
      return list.diagnostics.find((d) => d.entity_id === 'sensor.x_broken');
    });
    expect(report.reason).toMatch(/^availability template '\{\{ 1 \/ 0 \}\}' failed: .*division/i);
    expect((await state(t, 'sensor.x_broken'))?.state).toBe('unavailable');
  });

  it('an empty retained payload removes the entity; a changed payload updates it keeping its state', async () => {
    const t = await start();
    const config = {
      name: 'Temp',
      unique_id: 't1',
      state_topic: 'th/1',
      unit_of_measurement: '°C',
      device: { identifiers: ['th1'], name: 'Hall Sensor' },
    };
    await t.client.publishAsync('homeassistant/sensor/th1/temp/config', JSON.stringify(config), {
      retain: true,
      qos: 1,
    });
    await eventually(() => state(t, 'sensor.hall_sensor_temp'));
    await t.client.publishAsync('th/1', '19.5');
    await eventually(async () => (await state(t, 'sensor.hall_sensor_temp'))?.state === '19.5');

    const changed = { ...config, unit_of_measurement: '°F', icon: 'mdi:thermometer' };
    await t.client.publishAsync('homeassistant/sensor/th1/temp/config', JSON.stringify(changed), {
      retain: true,
      qos: 1,
    });
    await eventually(async () => (await state(t, 'sensor.hall_sensor_temp'))?.attributes.unit_of_measurement === '°F');
    const updated = await state(t, 'sensor.hall_sensor_temp');
    expect(updated.state).toBe('19.5');
    expect(updated.attributes.icon).toBe('mdi:thermometer');

    await t.client.publishAsync('homeassistant/sensor/th1/temp/config', '', { retain: true, qos: 1 });
    await eventually(async () => (await t.get('/api/entities/sensor.hall_sensor_temp')).status === 404);
    expect((await t.get('/api/devices')).body.count).toBe(0);
    await t.client.publishAsync('th/1', '30');
    await marker(t.client, t.app.mqtt); // th/1 has been through the app's handlers by now
    expect((await t.get('/api/entities')).body.count).toBe(0);
    expect(t.app.states.get('sensor.hall_sensor_temp')).toBeUndefined();
  });

  it('an identical payload is a no-op (state and last_changed kept), also once the config is only in its row', async () => {
    const t = await start();
    const registered: string[] = [];
    t.app.bus.on('entity_registered', (e) => void registered.push(e.entity.entity_id));
    const config = JSON.stringify({ name: 'Lux', state_topic: 'lux/1', unique_id: 'lux1' });
    await t.client.publishAsync('homeassistant/sensor/lux1/config', config, { qos: 1 });
    await eventually(() => state(t, 'sensor.lux'));
    await t.client.publishAsync('lux/1', '300');
    const before = await eventually(async () => {
      const s = await state(t, 'sensor.lux');
      return s?.state === '300' ? s : undefined;
    });
    // the record's config is in the database now (read back from its row when compared)
    await eventually(() =>
      Object.hasOwn(t.app.registry.entity('sensor.lux') ?? { config: 1 }, 'config') ? undefined : true,
    );
    await t.client.publishAsync('homeassistant/sensor/lux1/config', config, { qos: 1 });
    // a marker config behind it: discovery messages are handled in order
    await t.client.publishAsync(
      'homeassistant/sensor/marker/config',
      JSON.stringify({ name: 'Marker', state_topic: 'm/1', unique_id: 'marker' }),
      { qos: 1 },
    );
    await eventually(() => state(t, 'sensor.marker'));
    expect(await state(t, 'sensor.lux')).toMatchObject({ state: '300', last_updated: before.last_updated });
    expect(registered).toEqual(['sensor.lux', 'sensor.marker']);
    // a changed config is not a repeat
    await t.client.publishAsync(
      'homeassistant/sensor/lux1/config',
      JSON.stringify({ name: 'Lux', state_topic: 'lux/1', unique_id: 'lux1', unit_of_measurement: 'lx' }),
      { qos: 1 },
    );
    await eventually(async () =>
      (await state(t, 'sensor.lux'))?.attributes?.unit_of_measurement === 'lx' ? true : undefined,
    );
    expect(registered).toEqual(['sensor.lux', 'sensor.marker', 'sensor.lux']);
  });

  it('keeps entities whose configs were not retained, with their last state, across a restart', async () => {
    let t = await start();
    const config = {
      name: 'Water Meter',
      unique_id: 'wm1',
      state_topic: 'meter/water',
      device_class: 'water',
      unit_of_measurement: 'L',
    };
    await t.client.publishAsync('homeassistant/sensor/wm1/config', JSON.stringify(config), { qos: 1 }); // not retained
    await eventually(() => state(t, 'sensor.water_meter'));
    await t.client.publishAsync('meter/water', '1234.5');
    await eventually(async () => (await state(t, 'sensor.water_meter'))?.state === '1234.5');

    t = await t.restart();
    apps.push(t);
    const restored = await state(t, 'sensor.water_meter');
    expect(restored).toMatchObject({
      state: '1234.5',
      unique_id: 'wm1',
      discovery_topic: 'homeassistant/sensor/wm1/config',
    });
    await t.client.publishAsync('meter/water', '1240');
    await eventually(async () => (await state(t, 'sensor.water_meter'))?.state === '1240');
  });

  it('records every state change as history, numeric values as numbers', async () => {
    const t = await start();
    await t.client.publishAsync(
      'homeassistant/sensor/p1/config',
      JSON.stringify({ name: 'Power', state_topic: 'p/1', unique_id: 'p1' }),
      { qos: 1 },
    );
    await eventually(() => state(t, 'sensor.power'));
    for (const v of ['10', '10', '12.5', 'error']) {
      await t.client.publishAsync('p/1', v, { qos: 1 });
    }
    const history = await eventually(async () => {
      const body = (await t.get('/api/entities/sensor.power/history?minutes=5')).body;
      return body.count === 4 ? body : undefined;
    });
    expect(history.points.map((p: { state: string; value: number | null }) => [p.state, p.value])).toEqual([
      ['unknown', null],
      ['10', 10],
      ['12.5', 12.5],
      ['error', null],
    ]);
    const buckets = (await t.get('/api/entities/sensor.power/history/buckets?minutes=5&bucket_seconds=600')).body;
    expect(buckets).toMatchObject({ entity_id: 'sensor.power', bucket_seconds: 600, count: 1 });
    expect(buckets.buckets[0]).toMatchObject({ count: 2, min: 10, max: 12.5, mean: 11.25 });
    const tooMany = await t.get('/api/entities/sensor.power/history/buckets?minutes=600&bucket_seconds=1');
    expect(tooMany.status).toBe(400);
    expect(tooMany.body.message).toMatch(/bucket_seconds.*36000 buckets.*at least 4/);
    const bad = await t.get('/api/entities/sensor.power/history?minutes=abc');
    expect(bad.status).toBe(400);
    expect(bad.body.message).toMatch(/query.minutes/);
  });
});
