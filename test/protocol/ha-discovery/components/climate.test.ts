import { describe, expect, it } from 'vitest';
import { climatePlatform } from '../../../../src/protocol/ha-discovery/components/climate.js';
import { CommandError } from '../../../../src/protocol/ha-discovery/components/platform.js';
import { parse, UNKNOWN } from './helpers.js';

describe('climate', () => {
  const c = parse(climatePlatform, {
    mode_command_topic: 'hvac/mode/set',
    mode_state_topic: 'hvac/mode',
    temperature_command_topic: 'hvac/temp/set',
    temperature_state_topic: 'hvac/temp',
    current_temperature_topic: 'hvac/current',
    fan_mode_command_topic: 'hvac/fan/set',
  });

  it('applies HA defaults (7–35 °C, step 1, default modes)', () => {
    expect(c).toMatchObject({
      min_temp: 7,
      max_temp: 35,
      temp_step: 1,
      modes: ['auto', 'off', 'cool', 'heat', 'dry', 'fan_only'],
      fan_modes: ['auto', 'low', 'medium', 'high'],
      swing_modes: ['on', 'off'],
    });
    expect(climatePlatform.stateTopics(c)).toEqual(['hvac/current', 'hvac/temp', 'hvac/mode']);
  });

  it('publishes the temperature as a Python float and checks the range', () => {
    expect(climatePlatform.command(c, 'set_temperature', { temperature: 21 }, UNKNOWN)).toEqual({
      publish: [{ topic: 'hvac/temp/set', payload: '21.0', qos: 0, retain: false }],
      optimistic: null,
    });
    expect(climatePlatform.command(c, 'set_temperature', { temperature: 21.5 }, UNKNOWN).publish[0]?.payload).toBe(
      '21.5',
    );
    let error: unknown;
    try {
      climatePlatform.command(c, 'set_temperature', { temperature: 40 }, UNKNOWN);
    } catch (err) {
      error = err;
    }
    expect(error).toBeInstanceOf(CommandError);
    expect((error as Error).message).toBe("set_temperature: 'temperature' must be from 7 to 35 °C, got 40");
  });

  it('sets the hvac mode within the modes list', () => {
    expect(climatePlatform.command(c, 'set_hvac_mode', { hvac_mode: 'heat' }, UNKNOWN).publish[0]?.payload).toBe(
      'heat',
    );
    expect(() => climatePlatform.command(c, 'set_hvac_mode', { hvac_mode: 'turbo' }, UNKNOWN)).toThrow(
      /'hvac_mode' must be one of 'auto', 'off'/,
    );
    const r = climatePlatform.command(c, 'set_temperature', { temperature: 20, hvac_mode: 'cool' }, UNKNOWN);
    expect(r.publish.map((p) => p.payload)).toEqual(['cool', '20.0']);
  });

  it('is optimistic per attribute when a state topic is missing', () => {
    expect(climatePlatform.command(c, 'set_fan_mode', { fan_mode: 'high' }, UNKNOWN).optimistic).toEqual({
      attributes: { fan_mode: 'high' },
    });
    const bare = parse(climatePlatform, {
      temperature_command_topic: 't',
      mode_command_topic: 'm',
      temperature_unit: 'F',
    });
    expect(climatePlatform.initialState(bare)).toMatchObject({
      state: 'off',
      attributes: { temperature: 69.8, min_temp: 44.6, max_temp: 95 },
    });
    expect(climatePlatform.command(bare, 'set_hvac_mode', { hvac_mode: 'heat' }, UNKNOWN).optimistic).toEqual({
      state: 'heat',
    });
  });

  it('parses numeric and mode state messages, falling back to value_template', () => {
    expect(climatePlatform.onMessage(c, 'hvac/current', '19.5', UNKNOWN)).toEqual({
      attributes: { current_temperature: 19.5 },
    });
    expect(climatePlatform.onMessage(c, 'hvac/current', 'None', UNKNOWN)).toEqual({
      attributes: { current_temperature: null },
    });
    expect(climatePlatform.onMessage(c, 'hvac/current', '', UNKNOWN)).toBeNull();
    expect(climatePlatform.onMessage(c, 'hvac/mode', 'heat', UNKNOWN)).toEqual({ state: 'heat' });
    expect(climatePlatform.onMessage(c, 'hvac/mode', 'warp', UNKNOWN)).toBeNull();
    const shared = parse(climatePlatform, {
      current_temperature_topic: 's',
      mode_state_topic: 's',
      value_template: '{{ value_json.t }}',
      mode_state_template: '{{ value_json.m }}',
    });
    expect(climatePlatform.onMessage(shared, 's', '{"t": 22.5, "m": "cool"}', UNKNOWN)).toEqual({
      state: 'cool',
      attributes: { current_temperature: 22.5 },
    });
  });

  it('validates preset modes like HA', () => {
    expect(climatePlatform.schema.safeParse({ preset_modes: ['eco'] }).success).toBe(false);
    expect(
      climatePlatform.schema.safeParse({ preset_mode_command_topic: 'p', preset_modes: ['none', 'eco'] }).success,
    ).toBe(false);
    const p = parse(climatePlatform, { preset_mode_command_topic: 'p', preset_modes: ['eco'] });
    expect(climatePlatform.command(p, 'set_preset_mode', { preset_mode: 'eco' }, UNKNOWN)).toEqual({
      publish: [{ topic: 'p', payload: 'eco', qos: 0, retain: false }],
      optimistic: { attributes: { preset_mode: 'eco' } },
    });
  });
});
