import { describe, expect, it } from 'vitest';
import { CommandError } from '../../../../src/protocol/ha-discovery/components/platform.js';
import { switchPlatform } from '../../../../src/protocol/ha-discovery/components/switch.js';
import { parse, state, UNKNOWN } from './helpers.js';

describe('switch', () => {
  const c = parse(switchPlatform, { command_topic: 'sw/set', state_topic: 'sw/state' });

  it('requires command_topic (MQTT_RW_SCHEMA) and applies defaults', () => {
    expect(switchPlatform.schema.safeParse({ state_topic: 'a' }).success).toBe(false);
    expect(c).toMatchObject({ payload_on: 'ON', payload_off: 'OFF', optimistic: false, retain: false, qos: 0 });
  });

  it('maps state payloads, with state_on/state_off falling back to payload_on/payload_off', () => {
    expect(switchPlatform.onMessage(c, 'sw/state', 'ON', UNKNOWN)).toEqual({ state: 'on' });
    expect(switchPlatform.onMessage(c, 'sw/state', 'OFF', UNKNOWN)).toEqual({ state: 'off' });
    expect(switchPlatform.onMessage(c, 'sw/state', 'None', UNKNOWN)).toEqual({ state: 'unknown' });
    expect(switchPlatform.onMessage(c, 'sw/state', 'garbage', UNKNOWN)).toBeNull();
    expect(switchPlatform.onMessage(c, 'other/topic', 'ON', UNKNOWN)).toBeNull();
    const custom = parse(switchPlatform, {
      command_topic: 'x',
      state_topic: 's',
      payload_on: '1',
      state_on: 'running',
      state_off: 'stopped',
    });
    expect(switchPlatform.onMessage(custom, 's', 'running', UNKNOWN)).toEqual({ state: 'on' });
    expect(switchPlatform.onMessage(custom, 's', '1', UNKNOWN)).toBeNull();
  });

  it('renders value_template with value_json (Z2M style)', () => {
    const z2m = parse(switchPlatform, {
      command_topic: 'z/set',
      state_topic: 'z',
      value_template: '{{ value_json.state }}',
    });
    expect(switchPlatform.onMessage(z2m, 'z', '{"state":"ON","power":5}', UNKNOWN)).toEqual({ state: 'on' });
  });

  it('publishes payload_on/payload_off and is not optimistic with a state topic', () => {
    expect(switchPlatform.command(c, 'turn_on', {}, UNKNOWN)).toEqual({
      publish: [{ topic: 'sw/set', payload: 'ON', qos: 0, retain: false }],
      optimistic: null,
    });
    expect(switchPlatform.command(c, 'toggle', {}, state('on')).publish[0]?.payload).toBe('OFF');
  });

  it('is optimistic without a state topic and applies command_template, qos and retain', () => {
    const o = parse(switchPlatform, {
      command_topic: 'sw/set',
      command_template: '{"power": "{{ value }}"}',
      qos: '1',
      retain: 'true',
    });
    expect(switchPlatform.optimistic(o)).toBe(true);
    expect(switchPlatform.command(o, 'turn_off', {}, UNKNOWN)).toEqual({
      publish: [{ topic: 'sw/set', payload: '{"power": "OFF"}', qos: 1, retain: true }],
      optimistic: { state: 'off' },
    });
  });

  it('rejects unknown actions and parameters', () => {
    expect(() => switchPlatform.command(c, 'dim', {}, UNKNOWN)).toThrow(CommandError);
    expect(() => switchPlatform.command(c, 'turn_on', { brightness: 5 }, UNKNOWN)).toThrow(
      /unknown parameter 'brightness'/,
    );
  });

  it('handles json_attributes_topic sharing the state topic', () => {
    const j = parse(switchPlatform, {
      command_topic: 'x',
      state_topic: 's',
      value_template: '{{ value_json.state }}',
      json_attributes_topic: 's',
    });
    expect(switchPlatform.stateTopics(j)).toEqual(['s']);
    expect(switchPlatform.onMessage(j, 's', '{"state":"OFF","power":3,"icon":"x"}', UNKNOWN)).toEqual({
      state: 'off',
      attributes: { power: 3 },
      jsonKeys: ['power'],
    });
  });
});
