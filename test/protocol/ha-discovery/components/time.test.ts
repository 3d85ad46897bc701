// MQTT time, with the facts of tests/components/mqtt/test_time.py and the time service schema (cv.time).
import { describe, expect, it } from 'vitest';
import { timePlatform as T, type TimeConfig } from '../../../../src/protocol/ha-discovery/components/time.js';
import { parse, UNKNOWN } from './helpers.js';

const c = parse(T, { name: 'test', state_topic: 'state-topic', command_topic: 'command-topic' });
const receive = (payload: string) => T.onMessage(c, 'state-topic', payload, UNKNOWN);
const set = (config: TimeConfig, time: unknown) => T.command(config, 'set_value', { time }, UNKNOWN);

describe('time', () => {
  it('accepts the config and is optimistic only without state topic or when asked', () => {
    expect(T.initialState(c)).toEqual({ state: 'unknown', attributes: {} });
    expect(T.optimistic(c)).toBe(false);
    expect(T.optimistic(parse(T, { command_topic: 'c' }))).toBe(true);
    expect(T.optimistic(parse(T, { command_topic: 'c', state_topic: 's', optimistic: 'true' }))).toBe(true);
    expect(T.schema.safeParse({ name: 'test' }).success).toBe(false);
  });

  it('reads the time of day dateutil parses, printed as time.isoformat()', () => {
    expect(receive('10:34')?.state).toBe('10:34:00');
    expect(receive('1:45 PM')?.state).toBe('13:45:00');
    expect(receive('00:00')?.state).toBe('00:00:00');
    expect(receive('00:00 AM')?.state).toBe('00:00:00');
    expect(receive('00:00 PM')?.state).toBe('12:00:00');
    expect(receive('10:12:01.000012')?.state).toBe('10:12:01.000012');
    expect(receive('2025-03-01T23:30:15-05:00')?.state).toBe('23:30:15'); // the wall-clock time, offset dropped
    expect(receive('None')?.state).toBe('unknown');
    for (const ignored of ['', 'No valid time', '13:00 PM']) expect(receive(ignored)).toBeNull();
  });

  it('publishes set_value as time.isoformat() and updates an optimistic entity', () => {
    const opt = parse(T, { name: 'test', command_topic: 'command-topic', qos: '2', retain: true });
    expect(set(opt, '10:12')).toEqual({
      publish: [{ topic: 'command-topic', payload: '10:12:00', qos: 2, retain: true }],
      optimistic: { state: '10:12:00' },
    });
    // dt_util.parse_time: int() of each part, parts after the seconds ignored
    expect(['7:5', '10:12:01', ' 10 : 12 ', '10:12:01:99'].map((t) => set(opt, t).publish[0]?.payload)).toEqual([
      '07:05:00',
      '10:12:01',
      '10:12:00',
      '10:12:01',
    ]);
    expect(set(c, '10:12').optimistic).toBeNull();
  });

  it('refuses what cv.time refuses', () => {
    expect(T.actions(c).set_value?.params).toEqual({ time: { type: 'string', required: true } });
    for (const bad of ['10', '24:00', '10:60', '10:12:01.5', 'noon', '10:xx']) {
      expect(() => set(c, bad)).toThrow(/'time' must be a time like '10:12'/);
    }
  });

  it('gives command_template the time itself as `value`', () => {
    const template = '{"h": {{ value.hour }}, "m": {{ value.minute }}, "t": "{{ value }}"}';
    const t = parse(T, { command_topic: 'c', command_template: template });
    expect(set(t, '7:05:09').publish[0]?.payload).toBe('{"h": 7, "m": 5, "t": "07:05:09"}');
  });
});
