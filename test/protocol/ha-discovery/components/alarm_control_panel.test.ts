// MQTT alarm control panel with configurations from Home Assistant's documentation and the facts of its
// tests (tests/components/mqtt/test_alarm_control_panel.py): code rules, REMOTE_CODE, supported features.
import { describe, expect, it } from 'vitest';
import { alarmControlPanelPlatform as alarm } from '../../../../src/protocol/ha-discovery/components/alarm_control_panel.js';
import { parse, state, UNKNOWN } from './helpers.js';

const BASE = { state_topic: 'alarm/state', command_topic: 'alarm/command' };
const sent = (payload: string, retain = false) => [{ topic: 'alarm/command', payload, qos: 0, retain }];
const ARM_ACTIONS = [
  ['alarm_arm_home', 'ARM_HOME'],
  ['alarm_arm_away', 'ARM_AWAY'],
  ['alarm_arm_night', 'ARM_NIGHT'],
  ['alarm_arm_vacation', 'ARM_VACATION'],
  ['alarm_arm_custom_bypass', 'ARM_CUSTOM_BYPASS'],
] as const;

describe('alarm_control_panel config', () => {
  it('needs both topics', () => {
    expect(alarm.schema.safeParse({ command_topic: 'alarm/command' }).success).toBe(false);
    expect(alarm.schema.safeParse({ state_topic: 'alarm/state' }).success).toBe(false);
    expect(alarm.schema.safeParse(BASE).success).toBe(true);
  });

  it('takes supported_features as a list of known features only', () => {
    expect(Object.keys(alarm.actions(parse(alarm, BASE)))).toEqual([
      'alarm_disarm',
      'alarm_arm_home',
      'alarm_arm_away',
      'alarm_arm_night',
      'alarm_arm_vacation',
      'alarm_arm_custom_bypass',
      'alarm_trigger',
    ]);
    // the documentation's "partial feature support" example
    const partial = parse(alarm, { ...BASE, supported_features: ['arm_home', 'arm_away'] });
    expect(Object.keys(alarm.actions(partial))).toEqual(['alarm_disarm', 'alarm_arm_home', 'alarm_arm_away']);
    expect(Object.keys(alarm.actions(parse(alarm, { ...BASE, supported_features: [] })))).toEqual(['alarm_disarm']);
    for (const bad of ['invalid', ['invalid'], ['arm_home', 'invalid'], 'arm_home']) {
      expect(alarm.schema.safeParse({ ...BASE, supported_features: bad }).success).toBe(false);
    }
  });

  it('shows the code format, code_arm_required and changed_by from the start', () => {
    const attrs = (extra: Record<string, unknown>) =>
      alarm.initialState(parse(alarm, { ...BASE, ...extra })).attributes;
    expect(attrs({})).toEqual({ code_format: null, changed_by: null, code_arm_required: true });
    expect(attrs({ code: '1234' }).code_format).toBe('number');
    expect(attrs({ code: 1234 }).code_format).toBe('number');
    expect(attrs({ code: 'REMOTE_CODE' }).code_format).toBe('number');
    expect(attrs({ code: 'HELLO_CODE' }).code_format).toBe('text');
    expect(attrs({ code: 'REMOTE_CODE_TEXT' }).code_format).toBe('text');
    expect(attrs({ code_arm_required: false }).code_arm_required).toBe(false);
  });
});

describe('alarm_control_panel states', () => {
  const c = parse(alarm, BASE);

  it('takes the ten alarm states, resets on None and ignores the rest', () => {
    const states = [
      'disarmed',
      'armed_home',
      'armed_away',
      'armed_night',
      'armed_vacation',
      'armed_custom_bypass',
      'pending',
      'arming',
      'disarming',
      'triggered',
    ];
    for (const s of states) expect(alarm.onMessage(c, 'alarm/state', s, UNKNOWN)).toEqual({ state: s });
    expect(alarm.onMessage(c, 'alarm/state', '', state('triggered'))).toBeNull();
    expect(alarm.onMessage(c, 'alarm/state', 'None', state('triggered'))).toEqual({ state: 'unknown' });
    expect(alarm.onMessage(c, 'alarm/state', 'unsupported state', UNKNOWN)).toBeNull();
    expect(alarm.onMessage(c, 'alarm/state', 'DISARMED', UNKNOWN)).toBeNull();
  });

  it('renders value_template (whitespace trimmed, value_json)', () => {
    const t = parse(alarm, {
      ...BASE,
      value_template: '{% if (value | int) == 100 %} armed_away {% else %} disarmed {% endif %}',
    });
    expect(alarm.onMessage(t, 'alarm/state', '100', UNKNOWN)).toEqual({ state: 'armed_away' });
    expect(alarm.onMessage(t, 'alarm/state', '5', UNKNOWN)).toEqual({ state: 'disarmed' });
    const j = parse(alarm, { ...BASE, value_template: '{{ value_json.state1.state }}' });
    expect(alarm.onMessage(j, 'alarm/state', '{"state1":{"state":"armed_away"}}', UNKNOWN)).toEqual({
      state: 'armed_away',
    });
    expect(alarm.onMessage(j, 'alarm/state', '{"state2":{"state":"triggered"}}', UNKNOWN)).toBeNull();
  });
});

describe('alarm_control_panel actions', () => {
  it('publishes every payload when no code is needed', () => {
    const c = parse(alarm, { ...BASE, code_arm_required: false });
    for (const [action, payload] of ARM_ACTIONS) {
      expect(alarm.command(c, action, {}, UNKNOWN)).toEqual({ publish: sent(payload), optimistic: null });
    }
    expect(alarm.command(c, 'alarm_disarm', {}, UNKNOWN).publish).toEqual(sent('DISARM'));
    expect(alarm.command(c, 'alarm_trigger', {}, UNKNOWN).publish).toEqual(sent('TRIGGER'));
  });

  it('refuses arming without a code while code_arm_required, even with no code configured', () => {
    const c = parse(alarm, BASE);
    expect(() => alarm.command(c, 'alarm_arm_home', {}, UNKNOWN)).toThrow(/requires a code/);
    expect(() => alarm.command(c, 'alarm_arm_home', { code: '' }, UNKNOWN)).toThrow(/requires a code/);
    expect(alarm.command(c, 'alarm_arm_home', { code: 'anything' }, UNKNOWN).publish).toEqual(sent('ARM_HOME'));
    expect(alarm.command(c, 'alarm_disarm', {}, UNKNOWN).publish).toEqual(sent('DISARM'));
  });

  it('checks a configured code for every action', () => {
    const c = parse(alarm, { ...BASE, code: '0123', retain: true, qos: 1 });
    for (const [action, payload] of [...ARM_ACTIONS, ['alarm_disarm', 'DISARM'], ['alarm_trigger', 'TRIGGER']]) {
      const missing = action.startsWith('alarm_arm') ? /requires a code/ : /wrong code/;
      expect(() => alarm.command(c, action, {}, UNKNOWN)).toThrow(missing);
      expect(() => alarm.command(c, action, { code: 'abcd' }, UNKNOWN)).toThrow(/wrong code/);
      expect(alarm.command(c, action, { code: '0123' }, UNKNOWN).publish).toEqual([
        { topic: 'alarm/command', payload, qos: 1, retain: true },
      ]);
    }
    // the code as a number is taken as its text (cv.string)
    expect(
      alarm.command(parse(alarm, { ...BASE, code: 1234 }), 'alarm_disarm', { code: 1234 }, UNKNOWN).publish,
    ).toEqual(sent('DISARM'));
  });

  it('skips the code check where code_*_required is false', () => {
    const options = [
      [{ code_arm_required: false }, 'alarm_arm_away', 'ARM_AWAY'],
      [{ code_disarm_required: false }, 'alarm_disarm', 'DISARM'],
      [{ code_trigger_required: false }, 'alarm_trigger', 'TRIGGER'],
    ] as const;
    for (const [option, action, payload] of options) {
      const c = parse(alarm, { ...BASE, code: '0123', ...option });
      for (const data of [{}, { code: 'abcd' }, { code: '0123' }]) {
        expect(alarm.command(c, action, data, UNKNOWN).publish).toEqual(sent(payload));
      }
    }
  });

  it('lets any code through with REMOTE_CODE and REMOTE_CODE_TEXT, but still needs one to arm', () => {
    for (const code of ['REMOTE_CODE', 'REMOTE_CODE_TEXT']) {
      const c = parse(alarm, { ...BASE, code });
      expect(() => alarm.command(c, 'alarm_arm_night', {}, UNKNOWN)).toThrow(/requires a code/);
      expect(() => alarm.command(c, 'alarm_disarm', {}, UNKNOWN)).toThrow(/wrong code/);
      expect(alarm.command(c, 'alarm_arm_night', { code: 'any_code' }, UNKNOWN).publish).toEqual(sent('ARM_NIGHT'));
      expect(alarm.command(c, 'alarm_disarm', { code: '1234' }, UNKNOWN).publish).toEqual(sent('DISARM'));
    }
  });

  it('renders command_template with action and code (None when there is none)', () => {
    const template = '{"action":"{{ action }}","code":"{{ code }}"}';
    const c = parse(alarm, { ...BASE, code: '0123', command_template: template });
    expect(alarm.command(c, 'alarm_disarm', { code: '0123' }, UNKNOWN).publish).toEqual(
      sent('{"action":"DISARM","code":"0123"}'),
    );
    const free = parse(alarm, {
      ...BASE,
      code_arm_required: false,
      command_template: template,
      payload_arm_home: 'AH',
    });
    expect(alarm.command(free, 'alarm_arm_home', {}, UNKNOWN).publish).toEqual(sent('{"action":"AH","code":"None"}'));
    expect(alarm.command(free, 'alarm_disarm', { code: '' }, UNKNOWN).publish).toEqual(
      sent('{"action":"DISARM","code":"None"}'),
    );
    // trigger passes the code as given, an empty one included
    expect(alarm.command(free, 'alarm_trigger', { code: '' }, UNKNOWN).publish).toEqual(
      sent('{"action":"TRIGGER","code":""}'),
    );
  });

  it('offers only the supported actions', () => {
    const c = parse(alarm, { ...BASE, supported_features: ['arm_home'], code_arm_required: false });
    expect(() => alarm.command(c, 'alarm_trigger', {}, UNKNOWN)).toThrow(/does not support/);
    expect(() => alarm.command(c, 'alarm_arm_home', { pin: '1' }, UNKNOWN)).toThrow(/unknown parameter 'pin'/);
  });
});
