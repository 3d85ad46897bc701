// Many configs at once and a restart with many entities: registrations overlap while the broker
// acknowledges subscriptions, yet ids, removals and updates come out as if handled one by one; a restart
// lists the restored entities at once and brings them back to life in the background (a command on one
// restores it on the spot); the registry is written in batches and still complete.
import { afterEach, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../../helpers/app.js';
import { eventually } from '../../helpers/net.js';

const apps: TestApp[] = [];
afterEach(async () => {
  for (const a of apps.splice(0).reverse()) await a.close();
});

const sensor = (n: number, extra: Record<string, unknown> = {}) => ({
  name: `Probe ${n}`,
  unique_id: `probe_${n}`,
  state_topic: `storm/dev${Math.floor(n / 5)}/state`,
  value_template: `{{ value_json.v${n % 5} }}`,
  device: { identifiers: [`storm_dev_${Math.floor(n / 5)}`], name: `Storm Device ${Math.floor(n / 5)}` },
  ...extra,
});

describe('discovery storm', () => {
  it('handles a burst of configs, same-name collisions, an update and a removal in order', async () => {
    const t = await startTestApp();
    apps.push(t);
    const pending: Promise<unknown>[] = [];
    for (let n = 0; n < 200; n++)
      pending.push(
        t.client.publishAsync(`homeassistant/sensor/probe_${n}/config`, JSON.stringify(sensor(n)), { qos: 1 }),
      );
    // two configs whose names give the same entity id, back to back: the second gets _2
    pending.push(
      t.client.publishAsync(
        'homeassistant/switch/twin_a/config',
        JSON.stringify({ name: 'Twin', unique_id: 'twin_a', command_topic: 'twin/a/set' }),
        { qos: 1 },
      ),
    );
    pending.push(
      t.client.publishAsync(
        'homeassistant/switch/twin_b/config',
        JSON.stringify({ name: 'Twin', unique_id: 'twin_b', command_topic: 'twin/b/set' }),
        { qos: 1 },
      ),
    );
    // an update of an entity still being registered keeps its id; a removal right after an add removes it
    pending.push(
      t.client.publishAsync(
        'homeassistant/sensor/probe_7/config',
        JSON.stringify(sensor(7, { unit_of_measurement: 'W' })),
        { qos: 1 },
      ),
    );
    pending.push(t.client.publishAsync('homeassistant/sensor/probe_199/config', '', { qos: 1 }));
    await Promise.all(pending);

    await eventually(() => (t.app.registry.entities().length === 201 ? true : undefined), 10_000);
    const ids = t.app.registry.entities().map((e) => e.entity_id);
    expect(ids).toContain('switch.twin');
    expect(ids).toContain('switch.twin_2');
    expect(ids).not.toContain('sensor.storm_device_39_probe_199');
    expect(t.app.registry.entities().filter((e) => e.unique_id === 'probe_7')).toHaveLength(1);
    await eventually(() =>
      t.app.states.get('sensor.storm_device_1_probe_7')?.attributes.unit_of_measurement === 'W' ? true : undefined,
    );
    expect(t.app.registry.devices()).toHaveLength(40);

    // every one hears its state topic
    await t.client.publishAsync('storm/dev3/state', JSON.stringify({ v0: 1, v1: 2, v2: 3, v3: 4, v4: 5 }), { qos: 1 });
    await eventually(() => (t.app.states.get('sensor.storm_device_3_probe_19')?.state === '5' ? true : undefined));
  });

  it('restores many entities after a restart: listed at once, live in the background, a command restores one on the spot', async () => {
    const bulk: boolean[] = [];
    let t = await startTestApp({}, { appOptions: { onBulkLoad: (busy) => void bulk.push(busy) } });
    apps.push(t);
    for (let n = 0; n < 300; n++)
      await t.client.publishAsync(`homeassistant/sensor/probe_${n}/config`, JSON.stringify(sensor(n)), { qos: 1 }); // not retained
    await t.client.publishAsync(
      'homeassistant/switch/lamp/config',
      JSON.stringify({ name: 'Lamp', unique_id: 'lamp', command_topic: 'lamp/set' }),
      { qos: 1 },
    );
    await eventually(() => (t.app.registry.entities().length === 301 ? true : undefined), 10_000);

    t = await t.restart();
    apps.push(t);
    // listed as soon as the app has started, from the database
    expect(t.app.registry.entities()).toHaveLength(301);
    expect(t.app.registry.devices()).toHaveLength(60);
    // a command before the background restore got to it still works
    const res = await t.post('/api/actions/switch/turn_on', { entity_id: 'switch.lamp' });
    expect(res.status).toBe(200);
    await t.app.discovery.restored;
    expect(t.app.discovery.counts.entities).toBe(301);
    // 301 entities restored are a bulk load: told when it starts and, once the queue has been quiet, when it is over
    await eventually(() => (bulk.at(-1) === false ? true : undefined), 10_000);
    expect(bulk.slice(-2)).toEqual([true, false]);
    expect(bulk.filter((b) => b).length).toBe(bulk.filter((b) => !b).length);
    await t.client.publishAsync('storm/dev59/state', JSON.stringify({ v4: 42 }), { qos: 1 });
    await eventually(() => (t.app.states.get('sensor.storm_device_59_probe_299')?.state === '42' ? true : undefined));
  });
});
