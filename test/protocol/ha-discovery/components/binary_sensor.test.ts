import { describe, expect, it } from 'vitest';
import { binarySensorPlatform } from '../../../../src/protocol/ha-discovery/components/binary_sensor.js';
import { parse, UNKNOWN } from './helpers.js';

describe('binary_sensor', () => {
  const c = parse(binarySensorPlatform, {
    state_topic: 'door',
    payload_on: true,
    payload_off: false,
    value_template: '{{ value_json.contact }}',
  });

  it('stringifies JSON booleans in payload_on/off like HA (True/False)', () => {
    expect(c).toMatchObject({ payload_on: 'True', payload_off: 'False' });
    expect(binarySensorPlatform.onMessage(c, 'door', '{"contact": true}', UNKNOWN)).toEqual({ state: 'on' });
    expect(binarySensorPlatform.onMessage(c, 'door', '{"contact": false}', UNKNOWN)).toEqual({ state: 'off' });
  });

  it('defaults to ON/OFF, "None" → unknown, other payloads ignored', () => {
    const d = parse(binarySensorPlatform, { state_topic: 'm' });
    expect(binarySensorPlatform.onMessage(d, 'm', 'ON', UNKNOWN)).toEqual({ state: 'on' });
    expect(binarySensorPlatform.onMessage(d, 'm', 'None', UNKNOWN)).toEqual({ state: 'unknown' });
    expect(binarySensorPlatform.onMessage(d, 'm', 'maybe', UNKNOWN)).toBeNull();
    expect(binarySensorPlatform.onMessage(d, 'm', ' ', UNKNOWN)).toBeNull();
    expect(binarySensorPlatform.optimistic(d)).toBe(false);
    expect(binarySensorPlatform.actions(d)).toEqual({});
  });
});
