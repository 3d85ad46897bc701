import { describe, expect, it } from 'vitest';
import { createDeviceTriggers, type DeviceTrigger } from '../../src/core/device-triggers.js';

const trigger = (key: string, device: string, subtype: string): DeviceTrigger => ({
  device_id: device,
  discovery_key: `device_automation ${key}`,
  discovery_id: key,
  discovery_topic: `homeassistant/device_automation/${key}/config`,
  type: 'action',
  subtype,
  topic: `zigbee2mqtt/${device}/action`,
  payload: subtype,
  value_template: null,
  qos: 0,
  encoding: 'utf-8',
});

describe('device triggers', () => {
  it('lists a device’s triggers, finds one by device or discovery id, and tells each change', () => {
    const triggers = createDeviceTriggers();
    const seen: string[] = [];
    triggers.onChange((t) => seen.push(`${t.device_id}:${t.subtype}`));
    triggers.upsert(trigger('a single', 'hall', 'single'));
    triggers.upsert(trigger('a double', 'hall', 'double'));
    triggers.upsert(trigger('b single', 'porch', 'single'));
    expect(triggers.list('hall').map((t) => t.subtype)).toEqual(['single', 'double']);
    expect(triggers.find({ device_id: 'porch', type: 'action', subtype: 'single' })?.discovery_id).toBe('b single');
    expect(
      triggers.find({ device_id: 'elsewhere', type: 'action', subtype: 'single', discovery_id: 'a single' })?.device_id,
    ).toBe('hall');
    expect(triggers.find({ device_id: 'hall', type: 'action', subtype: 'hold' })).toBeUndefined();
    // a config that moves to another device: both devices hear of it
    triggers.upsert(trigger('a single', 'porch', 'single'));
    expect(triggers.list('hall').map((t) => t.subtype)).toEqual(['double']);
    expect(triggers.list('porch')).toHaveLength(2);
    expect(triggers.remove('device_automation a double')?.subtype).toBe('double');
    expect(triggers.list('hall')).toEqual([]);
    expect(triggers.remove('device_automation a double')).toBeUndefined();
    expect(seen).toEqual(['hall:single', 'hall:double', 'porch:single', 'hall:single', 'porch:single', 'hall:double']);
  });
});
