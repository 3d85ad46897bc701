import { describe, expect, it } from 'vitest';
import { fanPlatform } from '../../../../src/protocol/ha-discovery/components/fan.js';
import { parse, state, UNKNOWN } from './helpers.js';

describe('fan', () => {
  const c = parse(fanPlatform, {
    command_topic: 'f/set',
    state_topic: 'f/state',
    percentage_command_topic: 'f/speed/set',
    percentage_state_topic: 'f/speed',
    speed_range_min: 1,
    speed_range_max: 3,
    preset_mode_command_topic: 'f/preset/set',
    preset_modes: ['auto', 'sleep'],
    oscillation_command_topic: 'f/osc/set',
  });

  it('applies HA defaults and validation', () => {
    expect(c).toMatchObject({
      payload_on: 'ON',
      payload_off: 'OFF',
      payload_oscillation_on: 'oscillate_on',
      payload_oscillation_off: 'oscillate_off',
    });
    expect(fanPlatform.schema.safeParse({ command_topic: 'x', speed_range_min: 0 }).success).toBe(false);
    expect(fanPlatform.schema.safeParse({ command_topic: 'x', preset_modes: ['a'] }).success).toBe(false);
  });

  it('maps percentages onto speed_range_min..max with ceil', () => {
    expect(fanPlatform.command(c, 'set_percentage', { percentage: 50 }, UNKNOWN).publish).toEqual([
      { topic: 'f/speed/set', payload: '2', qos: 0, retain: false },
    ]);
    expect(fanPlatform.command(c, 'set_percentage', { percentage: 34 }, UNKNOWN).publish[0]?.payload).toBe('2');
    expect(fanPlatform.command(c, 'set_percentage', { percentage: 0 }, UNKNOWN).publish[0]).toMatchObject({
      topic: 'f/set',
      payload: 'OFF',
    });
    expect(fanPlatform.onMessage(c, 'f/speed', '2', UNKNOWN)).toEqual({ attributes: { percentage: 66 } });
    expect(fanPlatform.onMessage(c, 'f/speed', 'None', UNKNOWN)).toEqual({ attributes: { percentage: null } });
  });

  it('turns on with percentage and preset in one action', () => {
    const r = fanPlatform.command(c, 'turn_on', { percentage: 100, preset_mode: 'sleep' }, UNKNOWN);
    expect(r.publish.map((p) => [p.topic, p.payload])).toEqual([
      ['f/set', 'ON'],
      ['f/speed/set', '3'],
      ['f/preset/set', 'sleep'],
    ]);
    expect(r.optimistic).toEqual({ attributes: { preset_mode: 'sleep' } });
    expect(() => fanPlatform.command(c, 'set_preset_mode', { preset_mode: 'turbo' }, UNKNOWN)).toThrow(
      /'preset_mode' must be one of 'auto', 'sleep'/,
    );
  });

  it('oscillates and toggles', () => {
    expect(fanPlatform.command(c, 'oscillate', { oscillating: true }, UNKNOWN)).toEqual({
      publish: [{ topic: 'f/osc/set', payload: 'oscillate_on', qos: 0, retain: false }],
      optimistic: { attributes: { oscillating: true } },
    });
    expect(fanPlatform.command(c, 'toggle', {}, state('on')).publish[0]?.payload).toBe('OFF');
  });

  it('parses the state topic', () => {
    expect(fanPlatform.onMessage(c, 'f/state', 'ON', UNKNOWN)).toEqual({ state: 'on' });
    expect(fanPlatform.onMessage(c, 'f/state', 'None', UNKNOWN)).toEqual({ state: 'unknown' });
  });
});
