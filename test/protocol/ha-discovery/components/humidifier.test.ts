import { describe, expect, it } from 'vitest';
import { humidifierPlatform as p } from '../../../../src/protocol/ha-discovery/components/humidifier.js';
import { CommandError } from '../../../../src/protocol/ha-discovery/components/platform.js';
import { parse, state, UNKNOWN } from './helpers.js';

const FULL = {
  device_class: 'humidifier',
  state_topic: 'bedroom_humidifier/on/state',
  action_topic: 'bedroom_humidifier/action',
  command_topic: 'bedroom_humidifier/on/set',
  current_humidity_topic: 'bedroom_humidifier/humidity/current',
  target_humidity_command_topic: 'bedroom_humidifier/humidity/set',
  target_humidity_state_topic: 'bedroom_humidifier/humidity/state',
  mode_state_topic: 'bedroom_humidifier/mode/state',
  mode_command_topic: 'bedroom_humidifier/preset/preset_mode',
  modes: ['normal', 'eco', 'away', 'boost', 'comfort', 'home', 'sleep', 'auto', 'baby'],
  payload_on: 'true',
  payload_off: 'false',
  min_humidity: 30,
  max_humidity: 80,
};
const invalid = (config: Record<string, unknown>): string => {
  const r = p.schema.safeParse(config);
  return r.success ? 'valid' : r.error.issues.map((i) => i.message).join('; ');
};

describe('humidifier config', () => {
  const base = { command_topic: 'c', target_humidity_command_topic: 'h' };

  it('needs command_topic and target_humidity_command_topic, and applies HA defaults', () => {
    expect(invalid({ command_topic: 'c' })).toMatch(/required key not provided/);
    expect(invalid({ target_humidity_command_topic: 'h' })).toMatch(/required key not provided/);
    expect(parse(p, base)).toMatchObject({
      device_class: 'humidifier',
      payload_on: 'ON',
      payload_off: 'OFF',
      min_humidity: 0,
      max_humidity: 100,
      payload_reset_humidity: 'None',
      payload_reset_mode: 'None',
      optimistic: false,
      retain: false,
      available_modes: [],
    });
    expect(parse(p, { ...base, device_class: null }).device_class).toBeNull();
    expect(parse(p, { ...base, device_class: 'dehumidifier' }).device_class).toBe('dehumidifier');
  });

  it('rejects what HA rejects', () => {
    expect(invalid({ ...base, device_class: 'notsupporedSpeci@l' })).toMatch(
      /expected one of 'humidifier', 'dehumidifier'/,
    );
    expect(invalid({ ...base, mode_command_topic: 'm' })).toBe(
      "'modes' and 'mode_command_topic' must be used together",
    );
    expect(invalid({ ...base, modes: ['eco'] })).toBe("'modes' and 'mode_command_topic' must be used together");
    expect(invalid({ ...base, min_humidity: 0, max_humidity: 101 })).toBe("'max_humidity' must be at most 100");
    expect(invalid({ ...base, max_humidity: 20, min_humidity: 40 })).toBe(
      "'max_humidity' must be greater than 'min_humidity'",
    );
    expect(invalid({ ...base, min_humidity: -1 })).toMatch(/at least 0/);
    expect(invalid({ ...base, mode_command_topic: 'm', modes: ['eco', 'None'] })).toBe(
      "'modes' must not contain 'payload_reset_mode'",
    );
    expect(invalid({ ...base, min_humidity: 30.5, max_humidity: '80' })).toBe('valid');
  });

  it('shows min/max humidity, and available_modes and mode only with modes', () => {
    expect(p.initialState(parse(p, base))).toEqual(state('unknown', { min_humidity: 0, max_humidity: 100 }));
    const c = parse(p, { ...base, mode_command_topic: 'm', modes: ['eco', 'baby'] });
    expect(p.initialState(c)).toEqual(
      state('unknown', { min_humidity: 0, max_humidity: 100, available_modes: ['eco', 'baby'], mode: null }),
    );
    expect(Object.keys(p.actions(parse(p, base)))).toEqual(['turn_on', 'turn_off', 'toggle', 'set_humidity']);
    expect(Object.keys(p.actions(c))).toContain('set_mode');
    expect(p.optimistic(parse(p, base))).toBe(true);
    expect(p.optimistic(parse(p, FULL))).toBe(false);
  });
});

describe('humidifier state', () => {
  const c = parse(p, FULL);
  const on = state('on');

  it('listens on every state topic', () => {
    expect(p.stateTopics(c)).toEqual([
      'bedroom_humidifier/on/state',
      'bedroom_humidifier/action',
      'bedroom_humidifier/humidity/current',
      'bedroom_humidifier/humidity/state',
      'bedroom_humidifier/mode/state',
    ]);
  });

  it('parses on/off/None and ignores empty or unknown payloads', () => {
    expect(p.onMessage(c, 'bedroom_humidifier/on/state', 'true', UNKNOWN)).toEqual({ state: 'on' });
    expect(p.onMessage(c, 'bedroom_humidifier/on/state', 'false', UNKNOWN)).toEqual({ state: 'off' });
    expect(p.onMessage(c, 'bedroom_humidifier/on/state', 'None', on)).toEqual({ state: 'unknown' });
    expect(p.onMessage(c, 'bedroom_humidifier/on/state', '', on)).toBeNull();
    expect(p.onMessage(c, 'bedroom_humidifier/on/state', 'ON', on)).toBeNull();
  });

  it('parses the target humidity within min..max, rounding like Python', () => {
    const t = 'bedroom_humidifier/humidity/state';
    expect(p.onMessage(c, t, '45', on)).toEqual({ attributes: { humidity: 45 } });
    expect(p.onMessage(c, t, '44.5', on)).toEqual({ attributes: { humidity: 44 } });
    expect(p.onMessage(c, t, '45.5', on)).toEqual({ attributes: { humidity: 46 } });
    expect(p.onMessage(c, t, '81', on)).toBeNull();
    expect(p.onMessage(c, t, '29', on)).toBeNull();
    expect(p.onMessage(c, t, 'invalid', on)).toBeNull();
    expect(p.onMessage(c, t, 'None', on)).toEqual({ attributes: { humidity: null } });
  });

  it('parses the current humidity (0–100) and resets it with payload_reset_humidity', () => {
    const t = 'bedroom_humidifier/humidity/current';
    expect(p.onMessage(c, t, '21.7', on)).toEqual({ attributes: { current_humidity: 22 } });
    expect(p.onMessage(c, t, '101', on)).toBeNull();
    expect(p.onMessage(c, t, '-1', on)).toBeNull();
    expect(p.onMessage(c, t, '', on)).toBeNull();
    expect(p.onMessage(c, t, 'None', on)).toEqual({ attributes: { current_humidity: null } });
  });

  it('takes modes from the list only and resets them', () => {
    const t = 'bedroom_humidifier/mode/state';
    expect(p.onMessage(c, t, 'eco', on)).toEqual({ attributes: { mode: 'eco' } });
    expect(p.onMessage(c, t, 'low', on)).toBeNull();
    expect(p.onMessage(c, t, '', on)).toBeNull();
    expect(p.onMessage(c, t, 'None', on)).toEqual({ attributes: { mode: null } });
    const reset = parse(p, { ...FULL, payload_reset_mode: 'rEset_mode', payload_reset_humidity: 'rEset_humidity' });
    expect(p.onMessage(reset, t, 'rEset_mode', on)).toEqual({ attributes: { mode: null } });
    expect(p.onMessage(reset, t, 'None', on)).toBeNull();
    expect(p.onMessage(reset, 'bedroom_humidifier/humidity/state', 'rEset_humidity', on)).toEqual({
      attributes: { humidity: null },
    });
  });

  it('shows the action, as off unless the humidifier is on', () => {
    const t = 'bedroom_humidifier/action';
    expect(p.onMessage(c, t, 'humidifying', on)).toEqual({ attributes: { action: 'humidifying' } });
    expect(p.onMessage(c, t, 'drying', state('off'))).toEqual({ attributes: { action: 'off' } });
    expect(p.onMessage(c, t, 'blowing', on)).toBeNull();
    expect(p.onMessage(c, t, 'None', on)).toBeNull();
    const humidifying = state('on', { action: 'humidifying' });
    expect(p.onMessage(c, 'bedroom_humidifier/on/state', 'false', humidifying)).toEqual({
      state: 'off',
      attributes: { action: 'off' },
    });
  });

  it('reads a shared JSON state topic through the templates', () => {
    const shared = parse(p, {
      command_topic: 'c',
      target_humidity_command_topic: 'h',
      state_topic: 's',
      target_humidity_state_topic: 's',
      mode_state_topic: 's',
      mode_command_topic: 'm',
      modes: ['auto', 'eco', 'baby'],
      state_value_template: '{{ value_json.state }}',
      target_humidity_state_template: '{{ value_json.humidity }}',
      mode_state_template: '{{ value_json.mode }}',
    });
    expect(p.onMessage(shared, 's', '{"state":"ON","mode":"eco","humidity": 50}', UNKNOWN)).toEqual({
      state: 'on',
      attributes: { humidity: 50, mode: 'eco' },
    });
    const single = parse(p, { ...FULL, state_value_template: '{{ value_json.val }}' });
    expect(p.onMessage(single, 'bedroom_humidifier/on/state', '{"val": null}', on)).toEqual({ state: 'unknown' });
  });
});

describe('humidifier actions', () => {
  const c = parse(p, FULL);
  const optimistic = parse(p, {
    command_topic: 'command-topic',
    target_humidity_command_topic: 'humidity-command-topic',
    mode_command_topic: 'mode-command-topic',
    modes: ['eco', 'auto', 'baby'],
    payload_on: 'StAtE_On',
    payload_off: 'StAtE_OfF',
  });

  it('turns on, off and toggles, optimistic without a state topic', () => {
    expect(p.command(optimistic, 'turn_on', {}, UNKNOWN)).toEqual({
      publish: [{ topic: 'command-topic', payload: 'StAtE_On', qos: 0, retain: false }],
      optimistic: { state: 'on' },
    });
    expect(p.command(optimistic, 'turn_off', {}, state('on')).publish[0]?.payload).toBe('StAtE_OfF');
    expect(p.command(optimistic, 'toggle', {}, state('on')).optimistic).toEqual({ state: 'off' });
    expect(p.command(optimistic, 'toggle', {}, UNKNOWN).optimistic).toEqual({ state: 'on' });
    expect(p.command(c, 'turn_on', {}, UNKNOWN)).toEqual({
      publish: [{ topic: 'bedroom_humidifier/on/set', payload: 'true', qos: 0, retain: false }],
      optimistic: null,
    });
  });

  it('sets the humidity as an integer within min..max', () => {
    expect(p.command(optimistic, 'set_humidity', { humidity: 100 }, UNKNOWN)).toEqual({
      publish: [{ topic: 'humidity-command-topic', payload: '100', qos: 0, retain: false }],
      optimistic: { attributes: { humidity: 100 } },
    });
    expect(p.command(optimistic, 'set_humidity', { humidity: 0 }, UNKNOWN).publish[0]?.payload).toBe('0');
    expect(p.command(c, 'set_humidity', { humidity: '45' }, UNKNOWN)).toEqual({
      publish: [{ topic: 'bedroom_humidifier/humidity/set', payload: '45', qos: 0, retain: false }],
      optimistic: null,
    });
    expect(() => p.command(optimistic, 'set_humidity', { humidity: 101 }, UNKNOWN)).toThrow(CommandError);
    expect(() => p.command(c, 'set_humidity', { humidity: 81 }, UNKNOWN)).toThrow(/from 30 to 80 %/);
    expect(() => p.command(c, 'set_humidity', {}, UNKNOWN)).toThrow(/'humidity' is required/);
  });

  it('sets a mode from the list', () => {
    expect(p.command(optimistic, 'set_mode', { mode: 'auto' }, UNKNOWN)).toEqual({
      publish: [{ topic: 'mode-command-topic', payload: 'auto', qos: 0, retain: false }],
      optimistic: { attributes: { mode: 'auto' } },
    });
    expect(() => p.command(optimistic, 'set_mode', { mode: 'low' }, UNKNOWN)).toThrow(/'mode' must be one of 'eco'/);
    const bare = parse(p, { command_topic: 'c', target_humidity_command_topic: 'h' });
    expect(() => p.command(bare, 'set_mode', { mode: 'eco' }, UNKNOWN)).toThrow(
      /does not support the action 'set_mode'/,
    );
  });

  it('renders the command templates with the value HA passes', () => {
    const t = parse(p, {
      command_topic: 'command-topic',
      command_template: 'state: {{ value }}',
      target_humidity_command_topic: 'humidity-command-topic',
      target_humidity_command_template: 'humidity: {{ value }}',
      mode_command_topic: 'mode-command-topic',
      mode_command_template: 'mode: {{ value }}',
      modes: ['auto', 'eco', 'sleep'],
      qos: 1,
      retain: true,
    });
    expect(p.command(t, 'turn_on', {}, UNKNOWN).publish).toEqual([
      { topic: 'command-topic', payload: 'state: ON', qos: 1, retain: true },
    ]);
    expect(p.command(t, 'turn_off', {}, UNKNOWN).publish[0]?.payload).toBe('state: OFF');
    expect(p.command(t, 'set_humidity', { humidity: 100 }, UNKNOWN).publish[0]?.payload).toBe('humidity: 100');
    expect(p.command(t, 'set_mode', { mode: 'eco' }, UNKNOWN).publish[0]?.payload).toBe('mode: eco');
  });

  it('with optimistic: true updates even though state topics exist', () => {
    const o = parse(p, { ...FULL, optimistic: true });
    expect(p.command(o, 'turn_on', {}, UNKNOWN).optimistic).toEqual({ state: 'on' });
    expect(p.command(o, 'set_humidity', { humidity: 33 }, UNKNOWN).optimistic).toEqual({
      attributes: { humidity: 33 },
    });
    expect(p.command(o, 'set_mode', { mode: 'baby' }, UNKNOWN).optimistic).toEqual({ attributes: { mode: 'baby' } });
    const humidifying = state('on', { action: 'humidifying' });
    expect(p.command(o, 'turn_off', {}, humidifying).optimistic).toEqual({
      state: 'off',
      attributes: { action: 'off' },
    });
  });
});
