// What an automation names outside itself does not keep it from loading, as in Home Assistant: an action
// Switchyard cannot perform is a load warning and fails the run that reaches it; an entity id that does not
// exist is a warning with the closest id, worked out whenever the diagnostics are asked for.
import { afterEach, describe, expect, it } from 'vitest';
import { findReferences } from '../../../src/automations/references.js';
import { startHarness, until, type Harness } from './harness.js';

let h: Harness | undefined;
afterEach(async () => {
  await h?.close();
  h = undefined;
});

describe('an unknown action', () => {
  // tests/components/automation/test_init.py test_automation_with_error_in_script: the automation with
  // `action: test.automation` loads, and the event that runs it logs "Service not found"
  it('loads with a warning and fails the run that reaches it; other automations are not affected', async () => {
    h = await startHarness({
      'hello.yaml': `
id: hello
triggers: [{trigger: mqtt, topic: in/go}]
actions:
  - action: mqtt.publish
    data: {topic: out/before, payload: "1"}
  - action: test.automation
    entity_id: hello.world
  - action: mqtt.publish
    data: {topic: out/after, payload: "1"}
`,
      'other.yaml': `
id: other
triggers: [{trigger: mqtt, topic: in/go}]
actions: [{action: mqtt.publish, data: {topic: out/other, payload: "1"}}]
`,
    });
    const stops = '; a run that reaches this step stops with an error';
    expect(h.engine.diagnostics().filter((d) => d.automation_id === 'hello')).toEqual([
      expect.objectContaining({
        file: 'hello.yaml',
        line: 7,
        column: 13,
        severity: 'warning',
        message: `actions[1].action: action 'test.automation' not found${stops}`,
        hint: 'did you mean text.automation?',
      }),
      expect.objectContaining({
        line: 8,
        severity: 'warning',
        message: "actions[1].entity_id: entity 'hello.world' does not exist",
      }),
    ]);
    expect(h.engine.list().map((a) => [a.id, a.enabled])).toEqual([
      ['hello', true],
      ['other', true],
    ]);

    await h.send('in/go', 'x');
    await h.flush();
    expect(h.on('out/before')).toEqual(['1']);
    expect(h.on('out/after')).toEqual([]);
    expect(h.on('out/other')).toEqual(['1']);
    const [trace] = h.fullTraces('hello');
    expect(trace).toMatchObject({ outcome: 'error', last_step: 'action/1' });
    expect(trace?.error).toMatch(/^action 'test\.automation' not found/);
    expect(trace?.steps.find((s) => s.path === 'action/1')?.error).toMatch(/not found/);
    expect(h.engine.get('hello')).toMatchObject({ last_outcome: 'error', error_count: 1 });
    expect(h.fullTraces('other')[0]?.outcome).toBe('finished');
  });

  it('a malformed action name stays a load error', async () => {
    h = await startHarness({
      'bad.yaml': 'id: bad\ntriggers: [{trigger: mqtt, topic: in/x}]\nactions: [{action: turn on the light}]\n',
    });
    expect(h.engine.list()).toEqual([]);
    expect(h.engine.diagnostics()).toEqual([
      expect.objectContaining({
        severity: 'error',
        message: "actions[0].action: 'turn on the light' is not an action name",
      }),
    ]);
  });
});

describe('entity ids that do not exist', () => {
  const automation = `
id: lamp
triggers:
  - {trigger: state, entity_id: [binary_sensor.door, binary_sensor.dor], to: "on"}
  - trigger: device
    domain: mqtt
    device_id: abc
    type: action
    subtype: single
conditions:
  - {condition: state, entity_id: switch.kitchen_plug, state: "off"}
actions:
  - action: light.turn_on
    target: {entity_id: "light.lamb, light.lamp"}
  - action: light.turn_on
    target: {entity_id: "{{ 'light.' ~ 'nowhere' }}"}
  - action: automation.turn_off
    target: {entity_id: [automation.lamp, automation.other]}
  - action: notify.phone
    data:
      message: hi
      data: {actions: [{action: open_door, title: Open}]}
  - variables: {entity_id: light.not_an_entity}
`;

  it('are warnings with the closest id, worked out again when entities are discovered', async () => {
    h = await startHarness({ 'lamp.yaml': automation });
    const warnings = () =>
      h!.engine
        .diagnostics()
        .map((d) => `${d.line}:${d.column} ${d.severity} ${d.automation_id} ${d.message} (${d.hint})`);
    expect(warnings()).toEqual([
      "4:54 warning lamp triggers[0].entity_id[1]: entity 'binary_sensor.dor' does not exist " +
        '(did you mean binary_sensor.door?)',
      "11:35 warning lamp conditions[0].entity_id: entity 'switch.kitchen_plug' does not exist " +
        '(no entity with this id has been discovered (yet))',
      "14:25 warning lamp actions[0].target.entity_id: entity 'light.lamb' does not exist (did you mean light.lamp?)",
      "18:43 warning lamp actions[2].target.entity_id[1]: entity 'automation.other' does not exist " +
        '(no automation has this id or alias)',
      // an MQTT device trigger's device that no discovery has announced (device-automation/diagnostics.ts)
      "7:16 warning lamp triggers[1].device_id: device 'abc' is not a Switchyard device; if it is Home Assistant's, " +
        "Switchyard looks Home Assistant's ids up in its registries only when running as an add-on " +
        '(a trigger waits for it; a condition or action that reaches it fails with this reason)',
    ]);
    expect(h.engine.list().map((a) => a.id)).toEqual(['lamp']);

    // the plug is discovered after start: the next request no longer warns about it
    await h.send(
      'homeassistant/switch/kitchen_plug/config',
      JSON.stringify({ name: 'Kitchen plug', unique_id: 'kplug', command_topic: 'cmd/kplug' }),
    );
    await until(() => h!.t.app.registry.entity('switch.kitchen_plug'));
    expect(warnings()).toHaveLength(4);
    expect(warnings().join('\n')).not.toContain('switch.kitchen_plug');
  });
});

describe('findReferences', () => {
  it("finds call steps and entity ids, not data, variables or templates; a device automation's ids as such", () => {
    const refs = findReferences({
      triggers: [{ trigger: 'state', entity_id: 'Sensor.A, sensor.b' }],
      actions: [
        { service: 'light.turn_on', data: { entity_id: ['light.x', 'all', 42] } },
        { action: '{{ what }}', target: { entity_id: 'none' } },
        { device_id: 'd', domain: 'light', type: 'turn_on', entity_id: 'light.y' },
        { choose: [{ sequence: [{ action: 'script.go' }] }], default: { action: 'notify.me' } },
        { action: 'notify.me', data: { data: { actions: [{ action: 'URI' }] } } },
        { variables: { entity_id: 'light.z' } },
        { delay: { seconds: 1.5 }, entity_id: '1.5' },
      ],
    });
    expect(refs.map((r) => [r.kind, r.value, r.path.join('/'), r.device?.key ?? null])).toEqual([
      ['entity', 'sensor.a', 'triggers/0/entity_id', null],
      ['entity', 'sensor.b', 'triggers/0/entity_id', null],
      ['action', 'light.turn_on', 'actions/0/service', null],
      ['entity', 'light.x', 'actions/0/data/entity_id/0', null],
      // checked as device automation ids (device-automation/diagnostics.ts), not as entity ids
      ['entity', 'd', 'actions/2/device_id', 'device_id'],
      ['entity', 'light.y', 'actions/2/entity_id', 'entity_id'],
      ['action', 'script.go', 'actions/3/choose/0/sequence/0/action', null],
      ['action', 'notify.me', 'actions/3/default/action', null],
      ['action', 'notify.me', 'actions/4/action', null],
    ]);
  });
});
