import { describe, expect, it } from 'vitest';
import { parseEntityConfig } from '../../../../src/protocol/ha-discovery/components/index.js';
import { sensorPlatform } from '../../../../src/protocol/ha-discovery/components/sensor.js';
import { parse, UNKNOWN } from './helpers.js';

describe('sensor', () => {
  it('requires state_topic', () => {
    const r = parseEntityConfig('sensor', { name: 'x' });
    expect(r.ok === false && r.reason).toBe("sensor config is invalid: required key 'state_topic' not provided");
  });

  it('renders value_template; "None" → unknown; empty ignored for numeric sensors', () => {
    const c = parse(sensorPlatform, { state_topic: 's', value_template: '{{ value_json.temperature }}', unit_of_measurement: '°C', device_class: 'temperature' });
    expect(sensorPlatform.onMessage(c, 's', '{"temperature": 21.4}', UNKNOWN)).toEqual({ state: '21.4' });
    expect(sensorPlatform.onMessage(c, 's', '{"temperature": null}', UNKNOWN)).toEqual({ state: 'unknown' });
    const raw = parse(sensorPlatform, { state_topic: 's', unit_of_measurement: 'W' });
    expect(sensorPlatform.onMessage(raw, 's', '', UNKNOWN)).toBeNull();
    const text = parse(sensorPlatform, { state_topic: 's' });
    expect(sensorPlatform.onMessage(text, 's', '', UNKNOWN)).toEqual({ state: '' });
  });

  it('checks enum options and timestamps', () => {
    const e = parse(sensorPlatform, { state_topic: 's', device_class: 'enum', options: ['a', 'b'] });
    expect(sensorPlatform.onMessage(e, 's', 'b', UNKNOWN)).toEqual({ state: 'b' });
    expect(sensorPlatform.onMessage(e, 's', 'c', UNKNOWN)).toBeNull();
    expect(sensorPlatform.schema.safeParse({ state_topic: 's', options: ['a'] }).success).toBe(false);
    const t = parse(sensorPlatform, { state_topic: 's', device_class: 'timestamp' });
    expect(sensorPlatform.onMessage(t, 's', '2024-05-01T10:00:00Z', UNKNOWN)).toEqual({ state: '2024-05-01T10:00:00+00:00' });
    expect(sensorPlatform.onMessage(t, 's', 'yesterday', UNKNOWN)).toEqual({ state: 'unknown' });
  });

  it('coerces numbers given as strings and drops unknown keys', () => {
    const c = parse(sensorPlatform, { state_topic: 's', qos: '1', force_update: 'true', expire_after: '60', some_future_key: 1 });
    expect(c).toMatchObject({ qos: 1, force_update: true, expire_after: 60 });
    expect(c).not.toHaveProperty('some_future_key');
  });
});
