import { describe, expect, it } from 'vitest';
import { buildDiscoveryTopic, parseDiscoveryTopic } from '../../../src/protocol/ha-discovery/discovery-topic.js';

describe('parseDiscoveryTopic', () => {
  it('parses a topic without node_id', () => {
    expect(parseDiscoveryTopic('homeassistant/switch/irrigation/config')).toEqual({
      ok: true,
      prefix: 'homeassistant',
      component: 'switch',
      objectId: 'irrigation',
      discoveryId: 'irrigation',
      deviceDiscovery: false,
    });
  });

  it('parses a topic with node_id and joins the discovery id with a space', () => {
    const r = parseDiscoveryTopic('homeassistant/sensor/0x00158d0001/temperature/config');
    expect(r).toMatchObject({
      ok: true,
      component: 'sensor',
      nodeId: '0x00158d0001',
      objectId: 'temperature',
      discoveryId: '0x00158d0001 temperature',
    });
  });

  it('recognises device-based discovery, with and without node_id', () => {
    expect(parseDiscoveryTopic('homeassistant/device/0AFFD2/config')).toMatchObject({
      ok: true,
      component: 'device',
      deviceDiscovery: true,
      discoveryId: '0AFFD2',
    });
    expect(parseDiscoveryTopic('homeassistant/device/bridge/0AFFD2/config')).toMatchObject({
      ok: true,
      nodeId: 'bridge',
      discoveryId: 'bridge 0AFFD2',
    });
  });

  it('honours a custom prefix, including one with several levels', () => {
    expect(parseDiscoveryTopic('ha/disc/light/kitchen/config', 'ha/disc')).toMatchObject({
      ok: true,
      prefix: 'ha/disc',
      component: 'light',
    });
    expect(parseDiscoveryTopic('homeassistant/light/kitchen/config', 'ha')).toMatchObject({ ok: false });
  });

  it.each([
    ['homeassistant/sensor/bad id/config', "object_id 'bad id'"],
    ['homeassistant/sensor/node.1/temp/config', "node_id 'node.1'"],
    ['homeassistant/sensor/ümlaut/config', "object_id 'ümlaut'"],
    ['homeassistant/sensor//config', "object_id ''"],
    ['homeassistant/foo-bar/x/config', "component 'foo-bar'"],
    ['homeassistant/toaster/x/config', "component 'toaster'"],
    ['homeassistant/sensor/x/state', "does not end with '/config'"],
    ['homeassistant/sensor/config', '1 level(s)'],
    ['homeassistant/sensor/a/b/c/config', '4 level(s)'],
    ['other/sensor/x/config', "discovery prefix 'homeassistant/'"],
  ])('rejects %s naming the bad part', (topic, part) => {
    const r = parseDiscoveryTopic(topic);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.reason).toContain(part);
  });

  it('accepts every character HA allows in ids', () => {
    expect(parseDiscoveryTopic('homeassistant/binary_sensor/Node_1-a/Obj-2_b/config')).toMatchObject({
      ok: true,
      discoveryId: 'Node_1-a Obj-2_b',
    });
  });

  it('builds topics as the inverse', () => {
    expect(buildDiscoveryTopic('sensor', 'temp', 'node')).toBe('homeassistant/sensor/node/temp/config');
    expect(buildDiscoveryTopic('sensor', 'temp')).toBe('homeassistant/sensor/temp/config');
  });
});
