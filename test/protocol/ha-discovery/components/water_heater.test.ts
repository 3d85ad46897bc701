import { describe, expect, it } from 'vitest';
import { waterHeaterPlatform as p } from '../../../../src/protocol/ha-discovery/components/water_heater.js';
import { parse, state, UNKNOWN } from './helpers.js';

const DEFAULT = { mode_command_topic: 'mode-topic', temperature_command_topic: 'temperature-topic' };
const BOILER = {
  name: 'Boiler',
  modes: ['off', 'eco', 'performance'],
  mode_state_topic: 'basement/boiler/mode',
  mode_command_topic: 'basement/boiler/mode/set',
  mode_command_template: '{{ value if value=="off" else "on" }}',
  temperature_state_topic: 'basement/boiler/temperature',
  temperature_command_topic: 'basement/boiler/temperature/set',
  current_temperature_topic: 'basement/boiler/current_temperature',
  precision: 1.0,
};
const MODES = ['eco', 'electric', 'gas', 'heat_pump', 'high_demand', 'performance', 'off'];
const invalid = (config: Record<string, unknown>): string => {
  const r = p.schema.safeParse(config);
  return r.success ? 'valid' : r.error.issues.map((i) => i.message).join('; ');
};

describe('water_heater config', () => {
  it('needs no key and applies HA defaults (110–140 °F, in °C here)', () => {
    expect(parse(p, {})).toMatchObject({
      operation_list: MODES,
      min_temp: 43.3,
      max_temp: 60,
      precision: 0.1,
      unit: 'C',
      payload_on: 'ON',
      payload_off: 'OFF',
      optimistic: false,
      retain: false,
    });
    expect(parse(p, { temperature_unit: 'f' })).toMatchObject({
      unit: 'F',
      min_temp: 110,
      max_temp: 140,
      initial: 110,
      precision: 1,
    });
    expect(parse(p, { min_temp: 70, max_temp: '220' })).toMatchObject({ min_temp: 70, max_temp: 220 });
  });

  it('rejects what HA rejects', () => {
    expect(invalid({ mode_command_topic: 'test_topic#' })).toMatch(/Wildcards cannot be used in topic names/);
    expect(invalid({ precision: 0.2 })).toBe('expected 0.1, 0.5 or 1.0');
    expect(invalid({ precision: '0.5' })).not.toBe('valid');
    expect(invalid({ temperature_unit: '°C' })).toMatch(/expected C or F/);
    expect(invalid({ initial: -1 })).toMatch(/positive integer/);
    expect(invalid({ availability_topic: 'a', availability: [{ topic: 'b' }] })).toMatch(/cannot be used together/);
  });

  it('starts off with the initial temperature when optimistic, as HA does', () => {
    const c = parse(p, DEFAULT);
    expect(p.initialState(c)).toEqual(
      state('off', {
        min_temp: 43.3,
        max_temp: 60,
        current_temperature: null,
        temperature: 43.3,
        target_temp_high: null,
        target_temp_low: null,
        operation_list: MODES,
        operation_mode: 'off',
      }),
    );
    const pessimistic = parse(p, {
      ...DEFAULT,
      mode_state_topic: 'mode-state',
      temperature_state_topic: 'temperature-state',
    });
    expect(p.initialState(pessimistic)).toMatchObject({
      state: 'unknown',
      attributes: { temperature: null, operation_mode: null },
    });
    expect(p.initialState(parse(p, { temperature_unit: 'F', initial: 120 }))).toEqual(
      state('off', {
        min_temp: 110,
        max_temp: 140,
        current_temperature: null,
        temperature: 120,
        target_temp_high: null,
        target_temp_low: null,
      }),
    );
    expect(p.optimistic(c)).toBe(true);
    expect(p.optimistic(pessimistic)).toBe(false);
  });

  it('offers only the actions the configured topics support', () => {
    expect(Object.keys(p.actions(parse(p, DEFAULT)))).toEqual(['set_temperature', 'set_operation_mode']);
    expect(Object.keys(p.actions(parse(p, { power_command_topic: 'power' })))).toEqual(['turn_on', 'turn_off']);
    expect(p.actions(parse(p, {}))).toEqual({});
  });
});

describe('water_heater state', () => {
  const c = parse(p, BOILER);

  it('listens on the temperature and mode topics', () => {
    expect(p.stateTopics(c)).toEqual([
      'basement/boiler/current_temperature',
      'basement/boiler/temperature',
      'basement/boiler/mode',
    ]);
  });

  it('takes modes from the list only, None resets', () => {
    expect(p.onMessage(c, 'basement/boiler/mode', 'eco', UNKNOWN)).toEqual({
      state: 'eco',
      attributes: { operation_mode: 'eco' },
    });
    expect(p.onMessage(c, 'basement/boiler/mode', 'bogus mode', UNKNOWN)).toBeNull();
    expect(p.onMessage(c, 'basement/boiler/mode', ' ', UNKNOWN)).toBeNull();
    expect(p.onMessage(c, 'basement/boiler/mode', 'None', state('eco'))).toEqual({
      state: 'unknown',
      attributes: { operation_mode: null },
    });
  });

  it('parses temperatures, rounded to the precision; empty and invalid payloads are ignored', () => {
    expect(p.onMessage(c, 'basement/boiler/temperature', '57.4', UNKNOWN)).toEqual({ attributes: { temperature: 57 } });
    expect(p.onMessage(c, 'basement/boiler/current_temperature', '108', UNKNOWN)).toEqual({
      attributes: { current_temperature: 108 },
    });
    expect(p.onMessage(c, 'basement/boiler/current_temperature', '', UNKNOWN)).toBeNull();
    expect(p.onMessage(c, 'basement/boiler/temperature', 'not a number', UNKNOWN)).toBeNull();
    expect(p.onMessage(c, 'basement/boiler/temperature', 'None', UNKNOWN)).toEqual({
      attributes: { temperature: null },
    });
    const tenths = parse(p, { ...DEFAULT, current_temperature_topic: 'cur' });
    expect(p.onMessage(tenths, 'cur', '22.14', UNKNOWN)).toEqual({ attributes: { current_temperature: 22.1 } });
    const halves = parse(p, { ...DEFAULT, current_temperature_topic: 'cur', precision: 0.5 });
    expect(p.onMessage(halves, 'cur', '23.67', UNKNOWN)).toEqual({ attributes: { current_temperature: 23.5 } });
  });

  it('falls back to value_template, and JSON null resets', () => {
    const t = parse(p, {
      ...DEFAULT,
      value_template: '{{ value_json }}',
      mode_state_topic: 'mode-state',
      temperature_state_topic: 'temperature-state',
      current_temperature_topic: 'current-temperature',
    });
    expect(p.onMessage(t, 'mode-state', '"eco"', UNKNOWN)).toEqual({
      state: 'eco',
      attributes: { operation_mode: 'eco' },
    });
    expect(p.onMessage(t, 'temperature-state', '"1031"', UNKNOWN)).toEqual({ attributes: { temperature: 1031 } });
    expect(p.onMessage(t, 'temperature-state', '"-INVALID-"', UNKNOWN)).toBeNull();
    expect(p.onMessage(t, 'temperature-state', 'null', UNKNOWN)).toEqual({ attributes: { temperature: null } });
    expect(p.onMessage(t, 'current-temperature', '"74656"', UNKNOWN)).toEqual({
      attributes: { current_temperature: 74656 },
    });
    const own = parse(p, {
      ...BOILER,
      value_template: '{{ value_json.x }}',
      mode_state_template: '{{ value_json.mode }}',
    });
    expect(p.onMessage(own, 'basement/boiler/mode', '{"mode": "performance"}', UNKNOWN)?.state).toBe('performance');
  });
});

describe('water_heater actions', () => {
  const c = parse(p, DEFAULT);

  it('sets the operation mode, optimistic without a mode state topic', () => {
    expect(p.command(c, 'set_operation_mode', { operation_mode: 'eco' }, UNKNOWN)).toEqual({
      publish: [{ topic: 'mode-topic', payload: 'eco', qos: 0, retain: false }],
      optimistic: { state: 'eco', attributes: { operation_mode: 'eco' } },
    });
    expect(() => p.command(c, 'set_operation_mode', { operation_mode: 'turbo' }, UNKNOWN)).toThrow(
      /must be one of 'eco'/,
    );
    expect(() => p.command(c, 'set_operation_mode', {}, UNKNOWN)).toThrow(/'operation_mode' is required/);
    const pessimistic = parse(p, { ...DEFAULT, mode_state_topic: 'mode-state' });
    expect(p.command(pessimistic, 'set_operation_mode', { operation_mode: 'eco' }, UNKNOWN).optimistic).toBeNull();
  });

  it('publishes the temperature as a Python float, without a range check', () => {
    expect(p.command(c, 'set_temperature', { temperature: 120 }, UNKNOWN)).toEqual({
      publish: [{ topic: 'temperature-topic', payload: '120.0', qos: 0, retain: false }],
      optimistic: { attributes: { temperature: 120 } },
    });
    expect(p.command(c, 'set_temperature', { temperature: '23.67' }, UNKNOWN)).toEqual({
      publish: [{ topic: 'temperature-topic', payload: '23.67', qos: 0, retain: false }],
      optimistic: { attributes: { temperature: 23.7 } },
    });
    const whole = parse(p, { ...DEFAULT, precision: 1.0 });
    expect(p.command(whole, 'set_temperature', { temperature: 23.67 }, UNKNOWN).optimistic).toEqual({
      attributes: { temperature: 24 },
    });
    expect(() => p.command(c, 'set_temperature', {}, UNKNOWN)).toThrow(/'temperature' is required/);
  });

  it('sets the operation mode first when set_temperature names one', () => {
    const r = p.command(c, 'set_temperature', { temperature: 110, operation_mode: 'eco' }, UNKNOWN);
    expect(r.publish.map((m) => [m.topic, m.payload])).toEqual([
      ['mode-topic', 'eco'],
      ['temperature-topic', '110.0'],
    ]);
    expect(r.optimistic).toEqual({ state: 'eco', attributes: { operation_mode: 'eco', temperature: 110 } });
  });

  it('renders command templates with a float value', () => {
    const t = parse(p, {
      ...DEFAULT,
      mode_command_template: 'mode: {{ value }}',
      temperature_command_template: 'temp: {{ value }}',
    });
    expect(p.command(t, 'set_operation_mode', { operation_mode: 'heat_pump' }, UNKNOWN).publish[0]?.payload).toBe(
      'mode: heat_pump',
    );
    expect(p.command(t, 'set_temperature', { temperature: 107 }, UNKNOWN).publish[0]?.payload).toBe('temp: 107.0');
    const boiler = parse(p, BOILER);
    expect(p.command(boiler, 'set_operation_mode', { operation_mode: 'eco' }, UNKNOWN)).toEqual({
      publish: [{ topic: 'basement/boiler/mode/set', payload: 'on', qos: 0, retain: false }],
      optimistic: null,
    });
  });

  it('turns on and off through the power command topic', () => {
    const power = parse(p, {
      power_command_topic: 'power',
      power_command_template: 'P{{ value }}',
      retain: true,
      qos: 2,
    });
    expect(p.command(power, 'turn_on', {}, UNKNOWN)).toEqual({
      publish: [{ topic: 'power', payload: 'PON', qos: 2, retain: true }],
      optimistic: null,
    });
    expect(p.command(power, 'turn_off', {}, UNKNOWN).publish[0]?.payload).toBe('POFF');
    expect(() => p.command(c, 'turn_on', {}, UNKNOWN)).toThrow(/does not support the action 'turn_on'/);
  });
});
