// What each device trigger, condition and action becomes, type by type, as Home Assistant's <domain>/device_*.py
// files make them (cited per case). Pure functions of the domain: the end-to-end runs are in
// test/automations/engine/device-automation.test.ts and test/adapters/supervisor/ha-registries.test.ts.
import { describe, expect, it } from 'vitest';
import { deviceCall } from '../../../src/automations/device-automation/actions.js';
import { deviceCheck } from '../../../src/automations/device-automation/conditions.js';
import type { DeviceFields } from '../../../src/automations/device-automation/schema.js';
import { entityTrigger } from '../../../src/automations/device-automation/triggers.js';
import type { Condition, Trigger } from '../../../src/automations/model.js';

const trigger = (domain: string, type: string, extra: Partial<DeviceFields> = {}) =>
  entityTrigger(
    { trigger: 'device', enabled: true, domain, type, device_id: 'd', entity_id: `${domain}.x`, ...extra } as Extract<
      Trigger,
      { trigger: 'device' }
    >,
    `${domain}.x`,
  );
const check = (domain: string, type: string, extra: Partial<DeviceFields> = {}) =>
  deviceCheck({ condition: 'device', enabled: true, domain, type, device_id: 'd', ...extra } as Extract<
    Condition,
    { condition: 'device' }
  >);
const call = (domain: string, type: string, extra: Partial<DeviceFields> = {}) =>
  deviceCall({ domain, type, device_id: 'd', entity_id: `${domain}.x`, ...extra });

describe('device triggers', () => {
  it('toggle_entity.py / entity.py: turned_on, turned_off, changed_states (to: None), with for', () => {
    const five = { kind: 'fixed' as const, ms: 5000 };
    expect(trigger('light', 'turned_on', { for: five })).toMatchObject({ trigger: 'state', to: ['on'], for: five });
    expect(trigger('switch', 'turned_off')).toMatchObject({ trigger: 'state', to: ['off'] });
    expect(trigger('fan', 'changed_states')).toMatchObject({ trigger: 'state', to: null });
  });

  it('binary_sensor/device_trigger.py: the first of each pair is on (for locks: not_locked)', () => {
    expect(trigger('binary_sensor', 'motion')).toMatchObject({ to: ['on'] });
    expect(trigger('binary_sensor', 'no_motion')).toMatchObject({ to: ['off'] });
    expect(trigger('binary_sensor', 'not_locked')).toMatchObject({ to: ['on'] });
    expect(trigger('binary_sensor', 'locked')).toMatchObject({ to: ['off'] });
  });

  it('sensor, cover and climate value triggers are numeric_state triggers', () => {
    expect(trigger('sensor', 'humidity', { below: 30 })).toMatchObject({ trigger: 'numeric_state', below: 30 });
    // cover/device_trigger.py: the position through a value_template, bounds default to -1 and 101
    expect(trigger('cover', 'position', { above: 50 })).toMatchObject({
      trigger: 'numeric_state',
      above: 50,
      below: 101,
      value_template: '{{ state.attributes.current_position }}',
    });
    expect(trigger('cover', 'opening')).toMatchObject({ trigger: 'state', to: ['opening'] });
    expect(trigger('climate', 'current_temperature_changed', { above: 21 })).toMatchObject({
      value_template: '{{ state.attributes.current_temperature }}',
      above: 21,
    });
    // climate/device_trigger.py: to the mode, from every other mode
    expect(trigger('climate', 'hvac_mode_changed', { to: 'heat' })).toMatchObject({
      to: ['heat'],
      from: ['off', 'cool', 'heat_cool', 'auto', 'dry', 'fan_only'],
    });
  });

  it('lock states, button presses (any change) and select options', () => {
    expect(trigger('lock', 'jammed')).toMatchObject({ to: ['jammed'] });
    const pressed = trigger('button', 'pressed');
    expect(pressed).toMatchObject({ trigger: 'state' });
    expect('to' in pressed || 'from' in pressed).toBe(false);
    expect(trigger('select', 'current_option_changed', { from: 'eco', to: 'boost' })).toMatchObject({
      from: ['eco'],
      to: ['boost'],
    });
  });
});

describe('device conditions', () => {
  it('state checks and numeric checks', () => {
    expect(check('light', 'is_off')).toEqual({ kind: 'state', state: 'off' });
    expect(check('binary_sensor', 'is_not_open')).toEqual({ kind: 'state', state: 'off' });
    expect(check('binary_sensor', 'is_motion')).toEqual({ kind: 'state', state: 'on' });
    expect(check('sensor', 'is_temperature', { above: 20 })).toEqual({ kind: 'numeric' });
    expect(check('cover', 'is_closing')).toEqual({ kind: 'state', state: 'closing' });
    expect(check('cover', 'is_tilt_position')).toEqual({ kind: 'numeric', attribute: 'current_tilt_position' });
    expect(check('lock', 'is_unlocked')).toEqual({ kind: 'state', state: 'unlocked' });
    expect(check('select', 'selected_option', { option: 'eco' })).toEqual({ kind: 'state', state: 'eco' });
    // climate/device_condition.py: the state for the HVAC mode, the attribute for the preset; no entity is false
    expect(check('climate', 'is_hvac_mode', { hvac_mode: 'heat' })).toEqual({
      kind: 'state',
      state: 'heat',
      missingIsFalse: true,
    });
    expect(check('climate', 'is_preset_mode', { preset_mode: 'away' })).toMatchObject({ attribute: 'preset_mode' });
  });
});

describe('device actions', () => {
  it('light/device_action.py', () => {
    expect(call('light', 'turn_off')).toEqual({ action: 'light.turn_off', data: {} });
    expect(call('light', 'turn_on', { brightness_pct: 40 })).toEqual({
      action: 'light.turn_on',
      data: { brightness_pct: 40 },
    });
    expect(call('light', 'flash')).toEqual({ action: 'light.turn_on', data: { flash: 'short' } });
    // brightness_step_pct ±10, which the light works out from its own brightness
    expect(call('light', 'brightness_decrease')).toEqual({
      action: 'light.turn_on',
      data: { brightness_step_pct: -10 },
    });
    expect(call('light', 'brightness_increase')).toEqual({
      action: 'light.turn_on',
      data: { brightness_step_pct: 10 },
    });
  });

  it('cover, lock, button, number, select and climate', () => {
    expect(call('cover', 'set_tilt_position', { position: 30 })).toEqual({
      action: 'cover.set_cover_tilt_position',
      data: { tilt_position: 30 },
    });
    expect(call('cover', 'set_position')).toEqual({ action: 'cover.set_cover_position', data: { position: 0 } });
    expect(call('cover', 'stop')).toEqual({ action: 'cover.stop_cover', data: {} });
    expect(call('lock', 'open')).toEqual({ action: 'lock.open', data: {} });
    expect(call('button', 'press')).toEqual({ action: 'button.press', data: {} });
    expect(call('number', 'set_value', { value: 2.5 })).toEqual({ action: 'number.set_value', data: { value: 2.5 } });
    expect(call('select', 'select_previous')).toEqual({ action: 'select.select_previous', data: { cycle: true } });
    expect(call('select', 'select_option', { option: 'eco' })).toEqual({
      action: 'select.select_option',
      data: { option: 'eco' },
    });
    expect(call('climate', 'set_preset_mode', { preset_mode: 'away' })).toEqual({
      action: 'climate.set_preset_mode',
      data: { preset_mode: 'away' },
    });
  });
});
