// A mixed stream of good and bad discovery messages: the bad ones become diagnostics, the good ones work.
import { afterEach, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../../helpers/app.js';
import { marker } from '../../helpers/markers.js';
import { eventually } from '../../helpers/net.js';

let t: TestApp | undefined;
afterEach(async () => {
  await t?.close();
  t = undefined;
});

describe('garbage on discovery topics', () => {
  it('rejects each bad config with a reason and keeps every other entity working', async () => {
    t = await startTestApp();
    const app = t;
    const good = { name: 'Good', unique_id: 'good1', state_topic: 'good/state' };
    const bad: [string, string | Buffer, RegExp][] = [
      ['homeassistant/sensor/json/config', '{"name": "x", ', /JSON/i],
      ['homeassistant/sensor/array/config', '[1, 2, 3]', /object/i],
      ['homeassistant/sensor/number/config', '42', /object/i],
      ['homeassistant/sensor/huge/config', Buffer.alloc(1024 * 1024, 0x20), /bytes|large|size/i],
      ['homeassistant/teleporter/t1/config', JSON.stringify({ name: 'T', state_topic: 'x' }), /teleporter/],
      ['homeassistant/sensor/bad id!/config', JSON.stringify(good), /bad id!/],
      ['homeassistant/switch/nocmd/config', JSON.stringify({ name: 'No command', state_topic: 's' }), /command_topic/],
      [
        'homeassistant/sensor/avail/config',
        JSON.stringify({ name: 'A', state_topic: 's', availability_topic: 'a', availability: [{ topic: 'b' }] }),
        /availability/,
      ],
      [
        'homeassistant/sensor/syntax/config',
        JSON.stringify({ name: 'S', state_topic: 's', value_template: '{{ value_json.x ' }),
        /value_template/,
      ],
      [
        'homeassistant/sensor/dev/config',
        JSON.stringify({ name: 'D', state_topic: 's', device: { name: 'No ids' } }),
        /identifiers/,
      ],
    ];
    await app.client.publishAsync('homeassistant/sensor/good1/config', JSON.stringify(good), { qos: 1 });
    for (const [i, [topic, payload]] of bad.entries()) {
      await app.client.publishAsync(topic, payload, { qos: 1 });
      await app.client.publishAsync('good/state', String(i));
    }
    const diagnostics = await eventually(async () => {
      const body = (await app.get('/api/discovery/diagnostics')).body;
      return body.count >= bad.length ? body.diagnostics : undefined;
    }, 10_000);
    for (const [topic, , reason] of bad) {
      const d = diagnostics.find((x: { topic: string }) => x.topic === topic);
      expect(d, `diagnostic for ${topic}`).toBeDefined();
      expect(d.reason, topic).toMatch(reason);
    }
    const list = (await app.get('/api/entities')).body;
    expect(list.entities.map((e: { entity_id: string }) => e.entity_id)).toEqual(['sensor.good']);
    await app.client.publishAsync('good/state', 'still alive', { qos: 1 });
    await eventually(async () => (await app.get('/api/entities/sensor.good')).body.state === 'still alive');
    expect((await app.get('/api/health')).body.status).toBe('ok');

    // fixing a rejected config clears its diagnostic and creates the entity
    await app.client.publishAsync(
      'homeassistant/switch/nocmd/config',
      JSON.stringify({ name: 'No command', state_topic: 's', command_topic: 'c' }),
      { qos: 1 },
    );
    await eventually(async () => (await app.get('/api/entities/switch.no_command')).status === 200);
    const after = (await app.get('/api/discovery/diagnostics')).body.diagnostics;
    expect(after.some((d: { topic: string }) => d.topic === 'homeassistant/switch/nocmd/config')).toBe(false);
  });

  it('a valid template using a construct not supported here still creates the entity, with a diagnostic for it', async () => {
    t = await startTestApp();
    const app = t;
    const config = {
      name: 'Regex',
      unique_id: 'rx',
      state_topic: 'rx/s',
      value_template: "{{ value | int | pack('>I') | unpack('>I') }}",
    };
    await app.client.publishAsync('homeassistant/sensor/rx/config', JSON.stringify(config), { qos: 1 });
    await eventually(async () => (await app.get('/api/entities/sensor.regex')).status === 200);
    const diag = (await app.get('/api/discovery/diagnostics')).body.diagnostics;
    expect(diag).toEqual([
      expect.objectContaining({ kind: 'template', entity_id: 'sensor.regex', topic: 'homeassistant/sensor/rx/config' }),
    ]);
    expect(diag[0].reason).toMatch(/value_template cannot be rendered here: unsupported filter 'pack'/);
    await app.client.publishAsync('rx/s', '42');
    await marker(app.client, app.app.mqtt); // rx/s has been through the entity's handler by now
    expect((await app.get('/api/entities/sensor.regex')).body.state).toBe('unknown');
  });

  it('a template that fails while rendering is a diagnostic of that entity, and the message is ignored', async () => {
    t = await startTestApp();
    const app = t;
    const config = { name: 'Temp', unique_id: 'tt', state_topic: 'tt/s', value_template: '{{ value_json.t | float }}' };
    await app.client.publishAsync('homeassistant/sensor/tt/config', JSON.stringify(config), { qos: 1 });
    await eventually(async () => (await app.get('/api/entities/sensor.temp')).status === 200);
    await app.client.publishAsync('tt/s', '{"t": 20.5}');
    await eventually(async () => (await app.get('/api/entities/sensor.temp')).body.state === '20.5');
    await app.client.publishAsync('tt/s', '{"t": "warm"}');
    const diag = await eventually(async () => {
      const body = (await app.get('/api/discovery/diagnostics')).body;
      return body.diagnostics.find((d: { entity_id?: string }) => d.entity_id === 'sensor.temp');
    });
    expect(diag).toMatchObject({ kind: 'template', entity_id: 'sensor.temp' });
    expect(diag.reason).toMatch(/value_template/);
    expect((await app.get('/api/entities/sensor.temp')).body.state).toBe('20.5');
  });
});
