// MQTT vacuum with the documentation's configuration example and the facts of Home Assistant's tests
// (tests/components/mqtt/test_vacuum.py, 2026 revision): features, commands, send_command, JSON states.
import { describe, expect, it } from 'vitest';
import { applyUpdate } from '../../../../src/protocol/ha-discovery/components/shared.js';
import { vacuumPlatform as vacuum } from '../../../../src/protocol/ha-discovery/components/vacuum.js';
import { parse, state, UNKNOWN } from './helpers.js';

const DEFAULT = {
  name: 'mqtttest',
  command_topic: 'vacuum/command',
  send_command_topic: 'vacuum/send_command',
  state_topic: 'vacuum/state',
  set_fan_speed_topic: 'vacuum/set_fan_speed',
  fan_speed_list: ['min', 'medium', 'high', 'max'],
};
const ALL = ['start', 'pause', 'stop', 'return_home', 'status', 'locate', 'clean_spot', 'fan_speed', 'send_command'];
const ALL_SERVICES = { ...DEFAULT, supported_features: ALL };
const msg = (topic: string, payload: string, retain = false, qos = 0) => ({ topic, payload, qos, retain });

describe('vacuum config', () => {
  it('defaults to start, stop, return_home and clean_spot', () => {
    const c = parse(vacuum, DEFAULT);
    expect(c.supported_features).toEqual(['start', 'stop', 'return_home', 'clean_spot']);
    expect(Object.keys(vacuum.actions(c))).toEqual(['start', 'stop', 'return_to_base', 'clean_spot']);
  });

  it('takes a single feature or a list, and refuses unknown ones (battery is gone since 2026.2)', () => {
    expect(parse(vacuum, { supported_features: 'start' }).supported_features).toEqual(['start']);
    expect(Object.keys(vacuum.actions(parse(vacuum, ALL_SERVICES)))).toEqual([
      'start',
      'pause',
      'stop',
      'return_to_base',
      'clean_spot',
      'locate',
      'set_fan_speed',
      'send_command',
    ]);
    expect(Object.keys(vacuum.actions(parse(vacuum, { supported_features: ['status'] })))).toEqual([]);
    for (const bad of ['battery', ['start', 'battery'], ['turn_on']]) {
      const r = vacuum.schema.safeParse({ ...DEFAULT, supported_features: bad });
      expect(r.success).toBe(false);
      expect(r.error?.issues[0]?.message).toMatch(/unknown feature/);
    }
  });

  it('needs topics without wildcards, the state topic included', () => {
    expect(vacuum.schema.safeParse({ command_topic: 'test_topic#' }).success).toBe(false);
    expect(vacuum.schema.safeParse({ state_topic: 'vacuum/+/state' }).success).toBe(false);
    expect(vacuum.schema.safeParse({ name: 'test' }).success).toBe(true);
  });

  it('shows fan_speed and fan_speed_list only with the fan_speed feature', () => {
    expect(vacuum.initialState(parse(vacuum, DEFAULT))).toEqual(UNKNOWN);
    expect(vacuum.initialState(parse(vacuum, ALL_SERVICES))).toEqual(
      state('unknown', { fan_speed_list: ['min', 'medium', 'high', 'max'], fan_speed: null }),
    );
    expect(vacuum.optimistic(parse(vacuum, DEFAULT))).toBe(false);
  });
});

describe('vacuum states', () => {
  it('reads state and fan_speed from the JSON state', () => {
    const c = parse(vacuum, ALL_SERVICES);
    // battery_level is no longer read (2026.2)
    const cleaning = '{"battery_level": 54, "state": "cleaning", "fan_speed": "max"}';
    const docked = '{"battery_level": 61, "state": "docked", "fan_speed": "min"}';
    expect(vacuum.onMessage(c, 'vacuum/state', cleaning, UNKNOWN)).toEqual({
      state: 'cleaning',
      attributes: { fan_speed: 'max' },
    });
    expect(vacuum.onMessage(c, 'vacuum/state', docked, UNKNOWN)).toEqual({
      state: 'docked',
      attributes: { fan_speed: 'min' },
    });
    expect(vacuum.onMessage(c, 'vacuum/state', '{"state":null}', state('docked', { fan_speed: 'min' }))).toEqual({
      state: 'unknown',
      attributes: { fan_speed: 'min' },
    });
    for (const s of ['paused', 'idle', 'returning', 'error']) {
      expect(vacuum.onMessage(c, 'vacuum/state', `{"state": "${s}"}`, UNKNOWN)?.state).toBe(s);
    }
  });

  it('keeps the last fan speed, which is 0 until one came', () => {
    const c = parse(vacuum, ALL_SERVICES);
    let current = vacuum.initialState(c);
    const states = ['{"state": "cleaning"}', '{"fan_speed": "high"}', '{"state": "paused"}'].map((m) => {
      current = applyUpdate(current, vacuum.onMessage(c, 'vacuum/state', m, current));
      return [current.state, current.attributes.fan_speed];
    });
    expect(states).toEqual([
      ['cleaning', 0],
      ['cleaning', 'high'],
      ['paused', 'high'],
    ]);
  });

  it('ignores invalid JSON, non-objects and unknown states; no fan attributes without the feature', () => {
    const c = parse(vacuum, ALL_SERVICES);
    expect(vacuum.onMessage(c, 'vacuum/state', '{"asdfasas false}', UNKNOWN)).toBeNull();
    expect(vacuum.onMessage(c, 'vacuum/state', '"cleaning"', UNKNOWN)).toBeNull();
    expect(vacuum.onMessage(c, 'vacuum/state', '{"state": "mowing", "fan_speed": "max"}', UNKNOWN)).toEqual({
      attributes: { fan_speed: 'max' },
    });
    const noFan = parse(vacuum, DEFAULT);
    expect(vacuum.onMessage(noFan, 'vacuum/state', '{"state": "cleaning", "fan_speed": "max"}', UNKNOWN)).toEqual({
      state: 'cleaning',
    });
    expect(vacuum.onMessage(noFan, 'vacuum/state', '{"state": "sleeping"}', UNKNOWN)).toBeNull();
  });
});

describe('vacuum actions', () => {
  const c = parse(vacuum, ALL_SERVICES);

  it('publishes the payloads to the command topic', () => {
    const cases = [
      ['start', 'start'],
      ['stop', 'stop'],
      ['pause', 'pause'],
      ['locate', 'locate'],
      ['clean_spot', 'clean_spot'],
      ['return_to_base', 'return_to_base'],
    ];
    for (const [action, payload] of cases) {
      expect(vacuum.command(c, action ?? '', {}, UNKNOWN)).toEqual({
        publish: [msg('vacuum/command', payload ?? '')],
        optimistic: null,
      });
    }
    const custom = parse(vacuum, {
      ...ALL_SERVICES,
      payload_start: 'go',
      payload_return_to_base: 'home',
      retain: true,
      qos: 1,
    });
    expect(vacuum.command(custom, 'start', {}, UNKNOWN).publish).toEqual([msg('vacuum/command', 'go', true, 1)]);
    expect(vacuum.command(custom, 'return_to_base', {}, UNKNOWN).publish).toEqual([
      msg('vacuum/command', 'home', true, 1),
    ]);
  });

  it('sets a fan speed out of fan_speed_list', () => {
    expect(vacuum.command(c, 'set_fan_speed', { fan_speed: 'medium' }, UNKNOWN).publish).toEqual([
      msg('vacuum/set_fan_speed', 'medium'),
    ]);
    expect(() => vacuum.command(c, 'set_fan_speed', { fan_speed: 'turbo' }, UNKNOWN)).toThrow(/one of 'min'/);
    expect(() => vacuum.command(c, 'set_fan_speed', {}, UNKNOWN)).toThrow(/'fan_speed' is required/);
  });

  it('sends a command alone, or with params as one compact JSON object', () => {
    expect(vacuum.command(c, 'send_command', { command: '44 FE 93' }, UNKNOWN).publish).toEqual([
      msg('vacuum/send_command', '44 FE 93'),
    ]);
    expect(
      vacuum.command(c, 'send_command', { command: '44 FE 93', params: { key: 'value' } }, UNKNOWN).publish,
    ).toEqual([msg('vacuum/send_command', '{"command":"44 FE 93","key":"value"}')]);
    // a list, or text (cv.ensure_list makes it one), is accepted and not an object: the command goes alone
    expect(vacuum.command(c, 'send_command', { command: 'go', params: '{"rooms": [1, 2]}' }, UNKNOWN).publish).toEqual([
      msg('vacuum/send_command', 'go'),
    ]);
    expect(vacuum.command(c, 'send_command', { command: 'go', params: [{ key: 'value' }] }, UNKNOWN).publish).toEqual([
      msg('vacuum/send_command', 'go'),
    ]);
    expect(() => vacuum.command(c, 'send_command', { params: { key: 'value' } }, UNKNOWN)).toThrow(
      /'command' is required/,
    );
    expect(() => vacuum.command(c, 'send_command', { command: 'go', extra: 1 }, UNKNOWN)).toThrow(/unknown parameter/);
  });

  it('refuses unsupported actions and publishes nothing where a topic is missing', () => {
    const statusOnly = parse(vacuum, { ...DEFAULT, supported_features: ['status'] });
    for (const action of ['start', 'pause', 'set_fan_speed', 'send_command']) {
      expect(() => vacuum.command(statusOnly, action, {}, UNKNOWN)).toThrow(/does not support/);
    }
    const noTopics = parse(vacuum, { name: 'test', supported_features: ALL });
    expect(vacuum.command(noTopics, 'start', {}, UNKNOWN).publish).toEqual([]);
    expect(vacuum.command(noTopics, 'send_command', { command: 'some command' }, UNKNOWN).publish).toEqual([]);
    const fanNoTopic = parse(vacuum, { name: 'test', supported_features: ALL, fan_speed_list: ['low'] });
    expect(vacuum.command(fanNoTopic, 'set_fan_speed', { fan_speed: 'low' }, UNKNOWN).publish).toEqual([]);
  });
});
