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
    const c = parse(sensorPlatform, {
      state_topic: 's',
      value_template: '{{ value_json.temperature }}',
      unit_of_measurement: '°C',
      device_class: 'temperature',
    });
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
    expect(sensorPlatform.onMessage(t, 's', '2024-05-01T10:00:00Z', UNKNOWN)).toEqual({
      state: '2024-05-01T10:00:00+00:00',
    });
    expect(sensorPlatform.onMessage(t, 's', 'yesterday', UNKNOWN)).toEqual({ state: 'unknown' });
  });

  it('coerces numbers given as strings and drops unknown keys', () => {
    const c = parse(sensorPlatform, {
      state_topic: 's',
      qos: '1',
      force_update: 'true',
      expire_after: '60',
      some_future_key: 1,
    });
    expect(c).toMatchObject({ qos: 1, force_update: true, expire_after: 60 });
    expect(c).not.toHaveProperty('some_future_key');
  });
});

// templates are compiled once per source and shared between configs: each config still gets a working
// template, and a source that cannot be compiled fails every config that uses it, not just the first
describe('sensor templates shared between configs', () => {
  it('renders the same source in two configs and rejects a bad source every time', () => {
    const a = parse(sensorPlatform, { state_topic: 'a', value_template: '{{ value_json.t }}' });
    const b = parse(sensorPlatform, { state_topic: 'b', value_template: '{{ value_json.t }}' });
    expect(sensorPlatform.onMessage(a, 'a', '{"t": 1}', sensorPlatform.initialState(a))?.state).toBe('1');
    expect(sensorPlatform.onMessage(b, 'b', '{"t": 2}', sensorPlatform.initialState(b))?.state).toBe('2');
    for (let i = 0; i < 2; i++) {
      const r = parseEntityConfig('sensor', { state_topic: 's', value_template: '{{ value_json.t ' });
      expect(r.ok === false && r.reason).toMatch(/value_template/);
    }
  });
});
