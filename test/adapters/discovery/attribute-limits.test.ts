// Attributes are bounded (issue 21), on the embedded broker: a json_attributes_topic message is taken as Home
// Assistant takes it (its tests/components/mqtt/common.py helpers: help_test_setting_attribute_via_mqtt_json_message,
// …_blocked_attribute_…, …_attribute_with_template, …_update_with_json_attrs_not_dict, …_bad_json), replaces the
// JSON attributes before it as Home Assistant does, and is bounded by what Home Assistant can record: a payload of
// 1 MB is refused, thousands of keys are cut to 16 KiB of JSON, a deeply nested object is refused — each with a
// diagnostic of the entity saying what and why, counted.
import { afterEach, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../../helpers/app.js';
import { marker } from '../../helpers/markers.js';
import { eventually } from '../../helpers/net.js';

let t: TestApp | undefined;
afterEach(async () => {
  await t?.close();
  t = undefined;
});

const ID = 'sensor.test';

async function setup(extra: Record<string, unknown> = {}): Promise<TestApp> {
  t = await startTestApp();
  const app = t;
  const config = {
    name: 'test',
    unique_id: 'attr_test',
    state_topic: 'test-topic',
    json_attributes_topic: 'attr-topic',
  };
  await app.client.publishAsync('homeassistant/sensor/bla/config', JSON.stringify({ ...config, ...extra }), {
    qos: 1,
  });
  await eventually(() => app.app.registry.entity(ID));
  return app;
}

/** publishes on the attributes topic; resolves once the entity has handled it */
async function send(app: TestApp, payload: string): Promise<Record<string, unknown>> {
  await app.client.publishAsync('attr-topic', payload, { qos: 1 });
  await marker(app.client, app.app.mqtt);
  return app.app.states.get(ID)?.attributes ?? {};
}

async function problems(app: TestApp): Promise<{ reasons: string[]; seen: number }> {
  const body = (await app.get('/api/discovery/diagnostics?code=attributes')).body;
  return {
    reasons: (body.diagnostics as { reason: string; entity_id?: string }[]).map((d) => `${d.entity_id}: ${d.reason}`),
    seen: body.counts.seen.attributes ?? 0,
  };
}

describe('json attributes as Home Assistant takes them', () => {
  it('sets, blocks, templates, replaces, and refuses what Home Assistant refuses, keeping the attributes before', async () => {
    const app = await setup();
    expect(await send(app, '{ "val": "100" }')).toMatchObject({ val: '100', friendly_name: 'test' });
    // MQTT_ATTRIBUTES_BLOCKED
    const blocked = await send(app, JSON.stringify({ val: '100', icon: 'abc123', state: 'abc123', unique_id: 'x' }));
    expect([blocked.icon, blocked.state, blocked.unique_id]).toEqual([undefined, undefined, undefined]);
    // the next message's object replaces the one before (Home Assistant sets _attr_extra_state_attributes)
    const replaced = await send(app, '{ "other": 1 }');
    expect(replaced).toMatchObject({ other: 1 });
    expect(replaced).not.toHaveProperty('val');
    // not an object, not JSON: refused, the attributes before kept, and said why
    expect(await send(app, '[ "list", "of", "things"]')).toMatchObject({ other: 1 });
    expect(await send(app, 'This is not JSON')).toMatchObject({ other: 1 });
    const { reasons, seen } = await problems(app);
    expect(reasons).toEqual([
      `${ID}: json attributes refused: not JSON (Home Assistant: "Erroneous JSON"); the attributes before are kept`,
    ]);
    // one entry per entity and topic (the latest reason), every refusal counted
    expect(seen).toBe(2);
  });

  it('reads the attributes through json_attributes_template', async () => {
    const app = await setup({ json_attributes_template: "{{ value_json['Timer1'] | tojson }}" });
    const attrs = await send(app, JSON.stringify({ Timer1: { Arm: 0, Time: '22:18' } }));
    expect(attrs).toMatchObject({ Arm: 0, Time: '22:18' });
  });
});

describe('json attributes bounded', () => {
  it('refuses 1 MB, cuts thousands of keys to 16 KiB, refuses deep nesting: each said, counted, the state untouched', async () => {
    const app = await setup();
    await app.client.publishAsync('test-topic', '21.5', { qos: 1 });
    expect(await send(app, '{ "val": "100" }')).toMatchObject({ val: '100' });

    // a 1 MB object: over the 256 KiB a state message may have, refused whole
    const mb = JSON.stringify({ blob: 'x'.repeat(1024 * 1024) });
    expect(await send(app, mb)).toMatchObject({ val: '100' });
    const states = (await app.get('/api/discovery/diagnostics?kind=state&code=state')).body.diagnostics;
    expect(states).toEqual([
      expect.objectContaining({ entity_id: ID, reason: `payload of ${mb.length} bytes is over the 262144-byte limit` }),
    ]);

    // 5,000 keys (about 80 KB): the first ones that fit in 16 KiB of JSON are kept
    const many = Object.fromEntries(Array.from({ length: 5_000 }, (_, i) => [`sensor_reading_${i}`, i]));
    const cut = await send(app, JSON.stringify(many));
    const kept = Object.keys(cut).filter((k) => k.startsWith('sensor_reading_'));
    expect(kept.length).toBeGreaterThan(500);
    expect(kept.length).toBeLessThan(5_000);
    expect(cut).not.toHaveProperty('val');
    const json = Object.fromEntries(kept.map((k) => [k, cut[k]]));
    expect(Buffer.byteLength(JSON.stringify(json))).toBeLessThanOrEqual(16_384);
    let found = await problems(app);
    expect(found.reasons).toEqual([
      `${ID}: json attributes cut to the 16384 bytes of JSON Home Assistant records for a state's attributes: ` +
        `kept ${kept.length} of 5000 keys, left out "sensor_reading_${kept.length}", "sensor_reading_${kept.length + 1}", ` +
        `"sensor_reading_${kept.length + 2}", "sensor_reading_${kept.length + 3}", "sensor_reading_${kept.length + 4}", ` +
        `… (${5_000 - kept.length - 5} more)`,
    ]);

    // 300 levels deep: more than Home Assistant can record, refused, the cut attributes before kept
    const deep = `{"a":${'['.repeat(300)}1${']'.repeat(300)}}`;
    expect(Object.keys(await send(app, deep)).filter((k) => k.startsWith('sensor_reading_'))).toHaveLength(kept.length);
    found = await problems(app);
    expect(found.reasons).toEqual([expect.stringMatching(/nested deeper than 255 levels/)]);
    expect(found.seen).toBe(2);
    expect(app.app.states.get(ID)?.state).toBe('21.5');
  });

  it('does not let attributes pile up over messages with different keys', async () => {
    const app = await setup();
    for (let m = 0; m < 50; m++) {
      const payload = Object.fromEntries(Array.from({ length: 40 }, (_, i) => [`m${m}_k${i}`, i]));
      await app.client.publishAsync('attr-topic', JSON.stringify(payload), { qos: 1 });
    }
    await marker(app.client, app.app.mqtt);
    const keys = Object.keys(app.app.states.get(ID)?.attributes ?? {});
    expect(keys.filter((k) => /^m\d+_k\d+$/.test(k))).toEqual(Array.from({ length: 40 }, (_, i) => `m49_k${i}`));
  });
});
