// Old-style groups' state and expansion, with the cases of Home Assistant's tests/components/group/test_init.py
// (test_monitor_group, test_group_turns_off_if_all_off, test_allgroup_*, test_group_updated_after_device_tracker_zone_change,
// test_is_on_and_state_mixed_domains, test_expand_entity_ids_*).
import { describe, expect, it } from 'vitest';
import { expandGroups } from '../../src/automations/groups/groups.js';
import { groupState } from '../../src/automations/groups/state.js';

const of = (states: Record<string, string>, all = false) =>
  groupState(
    Object.keys(states),
    Object.entries(states).map(([entity_id, state]) => ({ entity_id, state })),
    all,
  );

describe('group state', () => {
  it.each([
    // test_monitor_group, test_group_turns_off_if_all_off, …turns_on_if_all_are_off_and_one_turns_on
    [{ 'light.bowl': 'on', 'light.ceiling': 'off' }, false, 'on'],
    [{ 'light.bowl': 'off', 'light.ceiling': 'off' }, false, 'off'],
    // test_allgroup_stays_off_if_all_are_off_and_one_turns_on, test_allgroup_turn_on_if_last_turns_on
    [{ 'light.bowl': 'off', 'light.ceiling': 'on' }, true, 'off'],
    [{ 'light.bowl': 'on', 'light.ceiling': 'on' }, true, 'on'],
    // test_group_updated_after_device_tracker_zone_change
    [{ 'device_tracker.adam': 'cool_state_not_home', 'device_tracker.eve': 'not_home' }, false, 'not_home'],
    [{ 'device_tracker.adam': 'home', 'device_tracker.eve': 'not_home' }, false, 'home'],
    // test_is_on_and_state_mixed_domains
    [{ 'cover.a': 'open', 'cover.b': 'closed' }, false, 'open'],
    [{ 'cover.a': 'closed', 'cover.b': 'closed' }, false, 'closed'],
    [{ 'lock.a': 'unlocked', 'lock.b': 'locked' }, false, 'unlocked'],
    [{ 'lock.a': 'locked', 'lock.b': 'locked' }, false, 'locked'],
    [{ 'cover.a': 'open', 'lock.b': 'locked' }, false, 'on'],
    [{ 'cover.a': 'closed', 'lock.b': 'locked' }, false, 'off'],
    [{ 'cover.a': 'open', 'lock.b': 'locked', 'light.c': 'on' }, false, 'on'],
    [{ 'cover.a': 'closed', 'lock.b': 'locked', 'light.c': 'off' }, false, 'off'],
    // sensors are not tracked: a group of them has no state
    [{ 'sensor.t': '21' }, false, null],
    [{ 'light.a': 'on', 'sensor.t': '21' }, false, 'on'],
  ] as const)('%o (all: %s) is %s', (states, all, expected) => {
    expect(of(states, all)).toBe(expected);
  });

  it('has no state before any member has one (test_setup_empty_group, …before_first_tracked_state…)', () => {
    expect(groupState(['light.not_there_1'], [], false)).toBeNull();
  });
});

describe('expandGroups', () => {
  const states = new Map<string, { attributes: Record<string, unknown> }>([
    ['group.light', { attributes: { entity_id: ['light.test_1', 'light.test_2'] } }],
    ['group.switch', { attributes: { entity_id: ['switch.test_1', 'switch.test_2'] } }],
    ['group.group_of_groups', { attributes: { entity_id: ['group.light', 'group.switch'] } }],
    ['group.self', { attributes: { entity_id: ['light.bowl', 'light.ceiling', 'group.self'] } }],
  ]);
  const get = { get: (id: string) => states.get(id) as never };

  it('expands nested groups, itself included once, without duplicates', () => {
    expect(expandGroups(['group.group_of_groups'], get)).toEqual([
      'light.test_1',
      'light.test_2',
      'switch.test_1',
      'switch.test_2',
    ]);
    expect(expandGroups(['group.self'], get)).toEqual(['light.bowl', 'light.ceiling']);
    expect(expandGroups(['light.test_2', 'group.light'], get)).toEqual(['light.test_2', 'light.test_1']);
    expect(expandGroups(['switch.ac', 'group.unknown'], get)).toEqual(['switch.ac', 'group.unknown']);
  });
});
