// MQTT siren with the configuration of Home Assistant's documentation ("Intrusion siren") and the
// payload rules of mqtt/siren.py (json_dumps without spaces, the state/JSON state, TURN_ON_SCHEMA).
import { describe, expect, it } from 'vitest';
import { sirenPlatform } from '../../../../src/protocol/ha-discovery/components/siren.js';
import { parse, state, UNKNOWN } from './helpers.js';

const INTRUSION = {
  unique_id: 'custom_siren',
  name: 'Intrusion siren',
  state_topic: 'home/alarm/siren1',
  command_topic: 'home/alarm/siren1/set',
  available_tones: ['ping', 'siren'],
  availability: [{ topic: 'home/alarm/siren1/availability' }],
  payload_on: 'ON',
  payload_off: 'OFF',
  state_on: 'ON',
  state_off: 'OFF',
  optimistic: false,
  qos: 0,
  retain: true,
};

describe('siren', () => {
  const c = parse(sirenPlatform, INTRUSION);

  it('starts unknown with the supported attributes set to None, and lists its tones', () => {
    expect(sirenPlatform.initialState(c)).toEqual({
      state: 'unknown',
      attributes: { duration: null, tone: null, volume_level: null, available_tones: ['ping', 'siren'] },
    });
    expect(
      sirenPlatform.initialState(
        parse(sirenPlatform, { command_topic: 'c', support_duration: false, support_volume_set: false }),
      ),
    ).toEqual({ state: 'off', attributes: {} });
  });

  it('publishes turn_on and turn_off as compact JSON with the parameters asked for', () => {
    expect(sirenPlatform.command(c, 'turn_on', {}, UNKNOWN).publish).toEqual([
      { topic: 'home/alarm/siren1/set', payload: '{"state":"ON"}', qos: 0, retain: true },
    ]);
    expect(
      sirenPlatform.command(c, 'turn_on', { tone: 'ping', volume_level: 0.5, duration: 15 }, UNKNOWN).publish[0]
        ?.payload,
    ).toBe('{"state":"ON","tone":"ping","volume_level":0.5,"duration":15}');
    expect(sirenPlatform.command(c, 'turn_off', {}, UNKNOWN).publish[0]?.payload).toBe('{"state":"OFF"}');
    expect(sirenPlatform.command(c, 'toggle', {}, state('on')).publish[0]?.payload).toBe('{"state":"OFF"}');
    expect(() => sirenPlatform.command(c, 'turn_on', { tone: 'bell' }, UNKNOWN)).toThrow(/one of 'ping', 'siren'/);
    expect(() => sirenPlatform.command(c, 'turn_on', { volume_level: 2 }, UNKNOWN)).toThrow();
  });

  it('renders command templates with value and the variables, off falling back to the on template', () => {
    const t = parse(sirenPlatform, {
      ...INTRUSION,
      command_template: '{"alarm": "{{ value }}", "tone": "{{ tone | default("none") }}", "s": "{{ state }}"}',
    });
    expect(sirenPlatform.command(t, 'turn_on', { tone: 'siren' }, UNKNOWN).publish[0]?.payload).toBe(
      '{"alarm": "ON", "tone": "siren", "s": "ON"}',
    );
    expect(sirenPlatform.command(t, 'turn_off', {}, UNKNOWN).publish[0]?.payload).toBe(
      '{"alarm": "OFF", "tone": "none", "s": "OFF"}',
    );
    // a rendered payload Home Assistant's `not in 'None'` test drops is not published
    const quiet = parse(sirenPlatform, { command_topic: 'c', command_template: '{{ value | lower }}' });
    expect(sirenPlatform.command(quiet, 'turn_on', {}, UNKNOWN).publish).toEqual([]);
    expect(sirenPlatform.command(quiet, 'turn_off', {}, UNKNOWN).publish[0]?.payload).toBe('off');
  });

  it('takes plain and JSON states, and refuses attributes TURN_ON_SCHEMA refuses', () => {
    expect(sirenPlatform.onMessage(c, 'home/alarm/siren1', 'ON', UNKNOWN)).toEqual({ state: 'on' });
    expect(sirenPlatform.onMessage(c, 'home/alarm/siren1', 'None', UNKNOWN)).toEqual({ state: 'unknown' });
    expect(
      sirenPlatform.onMessage(
        c,
        'home/alarm/siren1',
        '{"state": "OFF", "tone": "siren", "volume_level": 0.3}',
        UNKNOWN,
      ),
    ).toEqual({ state: 'off', attributes: { tone: 'siren', volume_level: 0.3 } });
    expect(sirenPlatform.onMessage(c, 'home/alarm/siren1', '{"volume_level": 3}', UNKNOWN)).toBeNull();
    expect(sirenPlatform.onMessage(c, 'home/alarm/siren1', '{"tone": "bell"}', UNKNOWN)).toBeNull();
    expect(sirenPlatform.onMessage(c, 'home/alarm/siren1', 'garbage', UNKNOWN)).toBeNull();
    expect(sirenPlatform.onMessage(c, 'home/alarm/siren1', '{}', UNKNOWN)).toBeNull();
  });
});
