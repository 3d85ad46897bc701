// The state trigger's rules (from/to/not_from, attribute, attribute-only changes, to: null, for)
// and the automation.* and wait_template steps.
import { afterEach, describe, expect, it, vi } from 'vitest';
import { fakeTime, startHarness, until, type Harness } from './harness.js';

let h: Harness | undefined;
afterEach(async () => {
  await h?.close();
  h = undefined;
});

const watcher = `
id: door_watch
mode: queued
max: 50
triggers:
  - {trigger: state, entity_id: binary_sensor.door, to: "on", id: opened}
  - {trigger: state, entity_id: binary_sensor.door, from: "on", to: "off", id: closed}
  - {trigger: state, entity_id: binary_sensor.door, to: "on", for: "00:00:03", id: long_open}
  - {trigger: state, entity_id: binary_sensor.door, not_from: [unknown, unavailable], to: null, id: changed}
  - {trigger: state, entity_id: sensor.synthetic, id: anything}
  - {trigger: state, entity_id: sensor.synthetic, to: null, id: state_only}
  - {trigger: state, entity_id: sensor.synthetic, attribute: level, id: level}
actions:
  - action: mqtt.publish
    data: {topic: out/state, payload: "{{ trigger.id }}"}
`;

describe('state trigger', () => {
  it('follows from/to/not_from, attribute and attribute-only rules, and for: holds', async () => {
    h = await startHarness({ 'watch.yaml': watcher });
    const states = h.t.app.states;
    fakeTime();
    const step = async (ms = 0) => {
      await vi.advanceTimersByTimeAsync(ms);
      await h!.flush();
    };
    await h.setState('binary_sensor.door', 'st/door', 'ON', 'on');
    await step(1_000);
    expect(h.on('out/state')).toEqual(['opened']);
    await h.setState('binary_sensor.door', 'st/door', 'OFF', 'off');
    await step(5_000); // the hold was cancelled when the door closed
    expect(h.on('out/state')).toEqual(['opened', 'closed', 'changed']);
    await h.setState('binary_sensor.door', 'st/door', 'ON', 'on');
    await step(2_999);
    expect(h.on('out/state')).toEqual(['opened', 'closed', 'changed', 'opened', 'changed']);
    await step(1);
    expect(h.on('out/state').at(-1)).toBe('long_open');

    const seen = () => h!.on('out/state').slice(6); // what came after the door's six
    states.set('sensor.synthetic', '1', { level: 1, other: 'a' });
    await step();
    expect(seen()).toEqual(['anything', 'state_only', 'level']);
    states.set('sensor.synthetic', '1', { level: 1, other: 'b' }); // attribute-only: only the bare trigger
    await step();
    expect(seen()).toEqual(['anything', 'state_only', 'level', 'anything']);
    states.set('sensor.synthetic', '1', { level: 2, other: 'b' });
    await step();
    expect(seen()).toEqual(['anything', 'state_only', 'level', 'anything', 'anything', 'level']);
    const [trace] = h.fullTraces('door_watch');
    expect(trace?.trigger?.variables).toMatchObject({
      id: 'level',
      attribute: 'level',
      from_state: { attributes: { level: 1 } },
      to_state: { attributes: { level: 2 } },
    });
  });
});

describe('automation.* and wait_template steps', () => {
  it('turns other automations off and on, triggers them, and waits for a template', async () => {
    h = await startHarness({
      'target.yaml': `
id: target
triggers: [{trigger: mqtt, topic: in/target}]
conditions: "{{ false }}"
actions: [{action: mqtt.publish, data: {topic: out/target, payload: "{{ who | default('mqtt') }}"}}]
`,
      'boss.yaml': `
id: boss
triggers: [{trigger: event, event_type: never}]
actions:
  - action: automation.turn_off
    target: {entity_id: automation.target}
  - wait_template: "{{ states('sensor.temperature') | float(0) > 30 }}"
    timeout: 5
  - action: automation.trigger
    target: {entity_id: automation.target}
    data: {variables: {who: boss}}
  - action: automation.turn_on
    target: {entity_id: automation.target}
`,
    });
    await h.engine.trigger('boss');
    await until(() => h!.engine.get('target')?.enabled === false);
    expect(h.engine.get('boss')?.runs).toEqual([expect.objectContaining({ state: 'running', last_step: 'action/1' })]);
    await h.setState('sensor.temperature', 'st/temperature', '31');
    await h.flush();
    // triggered with conditions skipped (automation.trigger's default), and enabled again
    expect(h.on('out/target')).toEqual(['boss']);
    expect(h.engine.get('target')?.enabled).toBe(true);
    const [trace] = h.fullTraces('boss');
    expect(trace?.steps.find((s) => s.path === 'action/1')?.result).toMatchObject({ wait: { completed: true } });
    const [triggered] = h.fullTraces('target');
    expect(triggered).toMatchObject({ conditions_skipped: true, context: { parent_id: trace?.context.id } });
  });

  it('an automation cannot trigger itself (it would never stop)', async () => {
    h = await startHarness({
      'selfish.yaml': `
id: selfish
mode: parallel
triggers: [{trigger: event, event_type: never}]
actions:
  - action: automation.trigger
    target: {entity_id: automation.selfish}
`,
    });
    await h.engine.trigger('selfish');
    await h.flush();
    expect(h.fullTraces('selfish').map((t) => [t.outcome, t.error])).toEqual([
      ['error', "automation 'selfish' cannot trigger itself (loop protection)"],
    ]);
  });
});
