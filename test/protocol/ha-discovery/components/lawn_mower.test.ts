// MQTT lawn mower with the documentation's "Lawn Mower Plus" example and the facts of Home Assistant's tests
// (tests/components/mqtt/test_lawn_mower.py): activities, feature-per-topic actions, templates, optimism.
import { describe, expect, it } from 'vitest';
import { lawnMowerPlatform as mower } from '../../../../src/protocol/ha-discovery/components/lawn_mower.js';
import { parse, state, UNKNOWN } from './helpers.js';

const DEFAULT = {
  name: 'test',
  dock_command_topic: 'dock-test-topic',
  pause_command_topic: 'pause-test-topic',
  start_mowing_command_topic: 'start_mowing-test-topic',
};
const PLUS = {
  name: 'Lawn Mower Plus',
  activity_state_topic: 'lawn_mower_plus/state',
  activity_value_template: '{{ value_json.activity }}',
  pause_command_topic: 'lawn_mower_plus/set',
  pause_command_template: '{"activity": "{{ value }}"}',
  dock_command_topic: 'lawn_mower_plus/set',
  dock_command_template: '{"activity": "{{ value }}"}',
  start_mowing_command_topic: 'lawn_mower_plus/set',
  start_mowing_command_template: '{"activity": "{{ value }}"}',
  stop_command_topic: 'lawn_mower_plus/set',
  stop_command_template: '{"activity": "{{ value }}"}',
};

describe('lawn_mower', () => {
  it('accepts an empty config, refuses wildcard command topics', () => {
    const empty = parse(mower, {});
    expect(mower.actions(empty)).toEqual({});
    expect(mower.optimistic(empty)).toBe(true);
    expect(mower.initialState(empty)).toEqual(UNKNOWN);
    expect(mower.schema.safeParse({ dock_command_topic: 'dock/#' }).success).toBe(false);
  });

  it('offers an action for each command topic', () => {
    expect(Object.keys(mower.actions(parse(mower, DEFAULT)))).toEqual(['start_mowing', 'pause', 'dock']);
    expect(Object.keys(mower.actions(parse(mower, { pause_command_topic: 'p' })))).toEqual(['pause']);
    const two = parse(mower, { dock_command_topic: 'd', start_mowing_command_topic: 's' });
    expect(Object.keys(mower.actions(two))).toEqual(['start_mowing', 'dock']);
    expect(Object.keys(mower.actions(parse(mower, PLUS)))).toEqual(['start_mowing', 'pause', 'dock', 'stop']);
    expect(() => mower.command(two, 'pause', {}, UNKNOWN)).toThrow(/does not support the action 'pause'/);
  });

  it('takes the activities, ignores empty and unknown ones, resets on none', () => {
    const c = parse(mower, { ...DEFAULT, activity_state_topic: 'test/lawn_mower_stat' });
    for (const activity of ['mowing', 'returning', 'docked', 'paused', 'error', 'idle']) {
      expect(mower.onMessage(c, 'test/lawn_mower_stat', activity, UNKNOWN)).toEqual({ state: activity });
    }
    expect(mower.onMessage(c, 'test/lawn_mower_stat', '', state('docked'))).toBeNull();
    expect(mower.onMessage(c, 'test/lawn_mower_stat', 'sleeping', state('docked'))).toBeNull();
    expect(mower.onMessage(c, 'test/lawn_mower_stat', 'Mowing', state('docked'))).toBeNull();
    for (const none of ['none', 'None', 'NONE']) {
      expect(mower.onMessage(c, 'test/lawn_mower_stat', none, state('docked'))).toEqual({ state: 'unknown' });
    }
    expect(mower.optimistic(c)).toBe(false);
    expect(mower.optimistic(parse(mower, { ...DEFAULT, activity_state_topic: 't', optimistic: true }))).toBe(true);
  });

  it('renders activity_value_template (a JSON null is None)', () => {
    const c = parse(mower, PLUS);
    expect(mower.stateTopics(c)).toEqual(['lawn_mower_plus/state']);
    expect(mower.onMessage(c, 'lawn_mower_plus/state', '{"activity":"paused"}', UNKNOWN)).toEqual({ state: 'paused' });
    expect(mower.onMessage(c, 'lawn_mower_plus/state', '{"activity": null}', state('paused'))).toEqual({
      state: 'unknown',
    });
  });

  it('publishes the action names and follows them when optimistic', () => {
    const c = parse(mower, DEFAULT);
    const cases = [
      ['start_mowing', 'start_mowing-test-topic', 'mowing'],
      ['pause', 'pause-test-topic', 'paused'],
      ['dock', 'dock-test-topic', 'docked'],
    ] as const;
    for (const [action, topic, activity] of cases) {
      expect(mower.command(c, action, {}, UNKNOWN)).toEqual({
        publish: [{ topic, payload: action, qos: 0, retain: false }],
        optimistic: { state: activity },
      });
    }
  });

  it('renders the command templates with value, and is not optimistic with an activity topic', () => {
    const c = parse(mower, { ...PLUS, qos: 2, retain: true });
    for (const [action, activity] of [
      ['start_mowing', 'mowing'],
      ['pause', 'paused'],
      ['dock', 'docked'],
      ['stop', 'idle'],
    ] as const) {
      expect(mower.command(c, action, {}, UNKNOWN)).toEqual({
        publish: [{ topic: 'lawn_mower_plus/set', payload: `{"activity": "${action}"}`, qos: 2, retain: true }],
        optimistic: null,
      });
      const optimistic = parse(mower, { ...PLUS, optimistic: true });
      expect(mower.command(optimistic, action, {}, UNKNOWN).optimistic).toEqual({ state: activity });
    }
  });
});
