import { describe, expect, it } from 'vitest';
import { parseDiscoveryTopic, type DiscoveryTopic } from '../../../src/protocol/ha-discovery/discovery-topic.js';
import { parseDiscoveryPayload } from '../../../src/protocol/ha-discovery/payload.js';

function topic(t: string): DiscoveryTopic {
  const r = parseDiscoveryTopic(t);
  if (!r.ok) throw new Error(r.reason);
  return r;
}
const single = topic('homeassistant/sensor/node/temp/config');
const device = topic('homeassistant/device/0AFFD2/config');
const MAX = 4096;

const DEVICE_PAYLOAD = {
  dev: {
    ids: 'ea334450945afc',
    name: 'Kitchen',
    mf: 'Bla electronics',
    mdl: 'xya',
    sw: '1.0',
    sn: 'ea334450945afc',
    hw: '1.0rev2',
  },
  o: { name: 'bla2mqtt', sw: '2.1', url: 'https://bla2mqtt.example.com/support' },
  cmps: {
    t: {
      p: 'sensor',
      device_class: 'temperature',
      unit_of_measurement: '°C',
      value_template: '{{ value_json.temperature}}',
      unique_id: 'temp01ae_t',
    },
    h: {
      p: 'sensor',
      device_class: 'humidity',
      unit_of_measurement: '%',
      value_template: '{{ value_json.humidity}}',
      unique_id: 'temp01ae_h',
      qos: 0,
      state_topic: 'own/topic',
    },
  },
  state_topic: 'sensorBedroom/state',
  qos: 2,
  avty_t: 'kitchen/status',
};

describe('parseDiscoveryPayload: single component', () => {
  it('expands abbreviations and ~ and keeps the discovery identity', () => {
    const r = parseDiscoveryPayload(
      single,
      Buffer.from(JSON.stringify({ '~': 'n/temp', stat_t: '~/state', uniq_id: 'u1' })),
      MAX,
    );
    expect(r).toEqual({
      ok: true,
      kind: 'discovered',
      components: [
        {
          component: 'sensor',
          nodeId: 'node',
          objectId: 'temp',
          discoveryId: 'node temp',
          config: { state_topic: 'n/temp/state', unique_id: 'u1' },
        },
      ],
    });
  });

  it('treats an empty payload as removal', () => {
    expect(parseDiscoveryPayload(single, Buffer.alloc(0), MAX)).toEqual({ ok: true, kind: 'remove' });
    expect(parseDiscoveryPayload(single, '', MAX)).toEqual({ ok: true, kind: 'remove' });
  });

  it('accepts only JSON objects', () => {
    for (const raw of ['[1,2]', '42', '"text"', 'null', 'true']) {
      const r = parseDiscoveryPayload(single, raw, MAX);
      expect(r.ok).toBe(false);
      if (!r.ok) expect(r.reason).toMatch(/must be a JSON object/);
    }
    const bad = parseDiscoveryPayload(single, '{"a":', MAX);
    expect(bad.ok === false && bad.reason).toMatch(/not valid JSON/);
  });

  it('bounds the size in bytes', () => {
    const r = parseDiscoveryPayload(single, JSON.stringify({ name: 'ü'.repeat(40) }), 50);
    expect(r.ok === false && r.reason).toContain('more than the limit of 50 bytes');
  });

  it('rejects invalid UTF-8', () => {
    const r = parseDiscoveryPayload(single, Buffer.from([0x7b, 0xff, 0x7d]), MAX);
    expect(r.ok === false && r.reason).toMatch(/UTF-8/);
  });

  it('decodes a UTF-8 Buffer and drops a leading byte order mark, as a TextDecoder would', () => {
    const body = Buffer.from(JSON.stringify({ name: 'Küche', stat_t: 's' }));
    for (const raw of [body, Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), body])]) {
      const r = parseDiscoveryPayload(single, raw, MAX);
      expect(r.ok && r.kind === 'discovered' && r.components[0]?.config).toEqual({ name: 'Küche', state_topic: 's' });
    }
  });

  it('drops the whole message when origin is invalid (HA: "Unable to parse origin information")', () => {
    const r = parseDiscoveryPayload(single, JSON.stringify({ stat_t: 's', o: { sw: '1' } }), MAX);
    expect(r.ok === false && r.reason).toContain("required key 'name' not provided");
    const extra = parseDiscoveryPayload(single, JSON.stringify({ stat_t: 's', o: { name: 'x', foo: 1 } }), MAX);
    expect(extra.ok === false && extra.reason).toContain("'foo'");
  });

  it('recognises migrate_discovery (also abbreviated), but only on its own', () => {
    expect(parseDiscoveryPayload(single, '{"migrate_discovery": true}', MAX)).toEqual({ ok: true, kind: 'migrate' });
    expect(parseDiscoveryPayload(single, '{"migr_discvry": true}', MAX)).toEqual({ ok: true, kind: 'migrate' });
    expect(parseDiscoveryPayload(single, '{"migrate_discovery": true, "stat_t": "x"}', MAX)).toMatchObject({
      kind: 'discovered',
    });
  });
});

describe('parseDiscoveryPayload: device-based discovery', () => {
  it('splits cmps and merges device, origin and the shared options unless the component sets them', () => {
    const r = parseDiscoveryPayload(device, JSON.stringify(DEVICE_PAYLOAD), MAX);
    if (!r.ok || r.kind !== 'discovered') throw new Error(JSON.stringify(r));
    const [t, h] = r.components;
    const dev = {
      identifiers: 'ea334450945afc',
      name: 'Kitchen',
      manufacturer: 'Bla electronics',
      model: 'xya',
      sw_version: '1.0',
      serial_number: 'ea334450945afc',
      hw_version: '1.0rev2',
    };
    const origin = { name: 'bla2mqtt', sw_version: '2.1', support_url: 'https://bla2mqtt.example.com/support' };
    expect(t).toEqual({
      component: 'sensor',
      nodeId: '0AFFD2',
      objectId: 't',
      discoveryId: '0AFFD2 t',
      config: {
        device_class: 'temperature',
        unit_of_measurement: '°C',
        value_template: '{{ value_json.temperature}}',
        unique_id: 'temp01ae_t',
        device: dev,
        origin,
        state_topic: 'sensorBedroom/state',
        qos: 2,
        availability_topic: 'kitchen/status',
      },
    });
    expect(h?.config).toMatchObject({ state_topic: 'own/topic', qos: 0, availability_topic: 'kitchen/status' });
  });

  it('includes the topic node_id in the component ids', () => {
    const withNode = topic('homeassistant/device/bridge/0AFFD2/config');
    const r = parseDiscoveryPayload(withNode, JSON.stringify(DEVICE_PAYLOAD), MAX);
    expect(r.ok && r.kind === 'discovered' && r.components[0]).toMatchObject({
      nodeId: '0AFFD2',
      objectId: 'bridge t',
      discoveryId: '0AFFD2 bridge t',
    });
  });

  it('turns a component reduced to {"p": …} into a removal entry', () => {
    const payload = { ...DEVICE_PAYLOAD, cmps: { t: { p: 'sensor' } } };
    const r = parseDiscoveryPayload(device, JSON.stringify(payload), MAX);
    expect(r.ok && r.kind === 'discovered' && r.components).toEqual([
      { component: 'sensor', nodeId: '0AFFD2', objectId: 't', discoveryId: '0AFFD2 t', config: null },
    ]);
  });

  it('applies ~ per component after merging', () => {
    const payload = { ...DEVICE_PAYLOAD, cmps: { t: { p: 'switch', '~': 'k/sw', cmd_t: '~/set' } } };
    const r = parseDiscoveryPayload(device, JSON.stringify(payload), MAX);
    expect(r.ok && r.kind === 'discovered' && r.components[0]?.config).toMatchObject({
      command_topic: 'k/sw/set',
      state_topic: 'sensorBedroom/state',
    });
  });

  it.each([
    [{ dev: undefined }, "required key 'device' not provided"],
    [{ o: undefined }, "required key 'origin' not provided"],
    [{ cmps: undefined }, "required key 'components' not provided"],
    [{ cmps: { x: { p: 'toaster' } } }, 'components.x.platform'],
    [{ dev: { name: 'no ids' } }, "'identifiers' or 'connections'"],
    [{ dev: { ids: 'a', support_url: 'x' } }, "extra keys not allowed in 'device': 'support_url'"],
    [{ '~': 'base' }, "extra keys not allowed: '~'"],
    [{ avty: [{ t: 'a' }] }, "'availability_topic' and 'availability' cannot be used together"],
  ])('rejects an invalid device payload %#', (patch, reason) => {
    const payload: Record<string, unknown> = { ...DEVICE_PAYLOAD, ...patch };
    for (const [k, v] of Object.entries(patch)) if (v === undefined) delete payload[k];
    const r = parseDiscoveryPayload(device, JSON.stringify(payload), MAX);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.reason).toContain(reason);
  });

  it('treats an empty device payload as removal of all its components', () => {
    expect(parseDiscoveryPayload(device, '', MAX)).toEqual({ ok: true, kind: 'remove' });
  });
});
