// Runs held to Home Assistant's own tests (tests/helpers/test_script.py, test_condition.py, the
// numeric_state trigger's tests): conditions that raise, ordered conditions in traces, for_each over a
// non-list, the condition step shorthands, and the Python floats templates see.
import { afterEach, describe, expect, it } from 'vitest';
import { NOT_EVALUATED } from '../../../src/adapters/automations/conditions/rules.js';
import { startHarness, until, type Harness } from './harness.js';

let h: Harness | undefined;
afterEach(async () => {
  await h?.close();
  h = undefined;
});

const pub = (topic: string, payload: string) =>
  `{action: mqtt.publish, data: {topic: ${topic}, payload: "${payload}"}}`;
const manual = (id: string, rest: string) => `id: ${id}\ntriggers: [{trigger: event, event_type: never}]\n${rest}`;

describe("the automation's conditions", () => {
  it('stop at the first false; one that would raise is not evaluated and the trace says so', async () => {
    // test_condition.py test_and_condition (what follows a false condition is absent from HA's trace)
    h = await startHarness({
      'c.yaml': manual(
        'ordered',
        `conditions:
  - condition: state
    entity_id: switch.fan
    state: "on"
  - "{{ undefined.state }}"
actions: [${pub('out/ordered', 'ran')}]`,
      ),
    });
    await h.engine.trigger('ordered', { skip_condition: false });
    await h.flush();
    const [trace] = h.fullTraces('ordered');
    expect(trace).toMatchObject({ outcome: 'failed_conditions', error: null });
    expect(trace?.conditions.map((c) => [c.path, c.result])).toEqual([
      ['condition/0', false],
      ['condition/1', null],
    ]);
    expect(trace?.conditions[1]).toEqual({
      path: 'condition/1',
      condition: 'template',
      result: null,
      evaluated: false,
      message: NOT_EVALUATED,
    });
    expect(h.on('out/ordered')).toEqual([]);
  });

  it('an error does not run the automation unless a later condition is false, which decides', async () => {
    // test_condition.py test_and_condition_raises, as condition.py's ConditionsChecker (warning, False)
    h = await startHarness({
      'c.yaml': manual(
        'raising',
        `conditions:\n  - "{{ 1 / 0 }}"\n  - "{{ ok }}"\nactions: [${pub('out/raising', 'ran')}]`,
      ),
    });
    await h.engine.trigger('raising', { skip_condition: false, variables: { ok: true } });
    await h.engine.trigger('raising', { skip_condition: false, variables: { ok: false } });
    await h.flush();
    const [decided, raised] = h.fullTraces('raising');
    expect(raised).toMatchObject({
      outcome: 'failed_conditions',
      reason: expect.stringMatching(/^condition error: .*division by zero/),
    });
    expect(raised?.conditions.map((c) => c.result)).toEqual([null, true]);
    expect(decided).toMatchObject({ outcome: 'failed_conditions', reason: 'conditions did not pass' });
    expect(decided?.conditions.map((c) => c.result)).toEqual([null, false]);
    expect(h.on('out/raising')).toEqual([]);
  });
});

describe('condition steps', () => {
  it('an error inside not stops the run instead of counting as false', async () => {
    // test_condition.py test_not_condition_raises (not raises) + test_script.py test_condition_warning (the step stops)
    h = await startHarness({
      'n.yaml': manual(
        'guarded',
        `actions:
  - ${pub('out/guarded', 'before')}
  - not:
      - condition: numeric_state
        entity_id: sensor.nowhere
        above: 0
  - ${pub('out/guarded', 'after')}`,
      ),
    });
    await h.engine.trigger('guarded');
    await h.flush();
    expect(h.on('out/guarded')).toEqual(['before']);
    const step = h.fullTraces('guarded')[0]?.steps.find((s) => s.path === 'action/1');
    expect(step).toMatchObject({
      kind: 'condition not',
      result: { result: false, error: expect.stringContaining('unknown entity sensor.nowhere') },
    });
  });

  it("accept Home Assistant's shorthands: a template, a list (and), and / or / not", async () => {
    // test_script.py test_shorthand_template_condition and test_and_default_condition; cv's ACTIONS_MAP (and/or/not)
    const steps = (id: string, guard: string) => manual(id, `actions:\n${guard}\n  - ${pub(`out/${id}`, 'passed')}`);
    h = await startHarness({
      'a.yaml': steps('template', `  - condition: "{{ is_state('switch.fan', 'off') or go }}"\n    alias: shorthand`),
      'b.yaml': steps('list', '  - condition: ["{{ go }}", "{{ true }}"]'),
      'c.yaml': steps('and', '  - and: ["{{ go }}", "{{ true }}"]'),
      'd.yaml': steps('or', '  - or: ["{{ go }}", "{{ false }}"]'),
      'e.yaml': steps('not', '  - not: ["{{ not go }}"]'),
    });
    const ids = ['template', 'list', 'and', 'or', 'not'];
    for (const id of ids) await h.engine.trigger(id, { variables: { go: false } });
    await h.flush();
    for (const id of ids) await h.engine.trigger(id, { variables: { go: true } });
    await h.flush();
    for (const id of ids) expect([id, h.on(`out/${id}`)]).toEqual([id, ['passed']]);
    const step = h.fullTraces('list')[0]?.steps.find((s) => s.path === 'action/0');
    expect(step).toMatchObject({ kind: 'condition and', result: { result: true } });
  });
});

describe('choose, if and until whose conditions raise', () => {
  it('take the next option, the else branch, and end the loop', async () => {
    // script.py _async_choose_step / _async_if_step / _async_repeat_step (`_test_conditions` returns None)
    const bad = '"{{ undefined.state }}"';
    h = await startHarness({
      'f.yaml': manual(
        'flow',
        `actions:
  - choose:
      - conditions: [${bad}]
        sequence: [${pub('out/flow', 'option 0')}]
      - conditions: "{{ true }}"
        sequence: [${pub('out/flow', 'option 1')}]
  - if: [${bad}]
    then: [${pub('out/flow', 'then')}]
    else: [${pub('out/flow', 'else')}]
  - repeat:
      until: [${bad}]
      sequence: [${pub('out/flow', 'loop {{ repeat.index }}')}]`,
      ),
    });
    await h.engine.trigger('flow');
    await h.flush();
    expect(h.on('out/flow')).toEqual(['option 1', 'else', 'loop 1']);
    const steps = h.fullTraces('flow')[0]?.steps ?? [];
    expect(steps.find((s) => s.path === 'action/0')?.result).toMatchObject({
      choice: 1,
      options: [{ passed: false, error: expect.any(String) }, {}],
    });
    expect(steps.find((s) => s.path === 'action/1')?.result).toMatchObject({
      choice: 'else',
      error: expect.any(String),
    });
    expect(steps.find((s) => s.path === 'action/2')?.result).toMatchObject({
      iterations: 1,
      error: expect.any(String),
    });
  });
});

describe('wait_template', () => {
  it('goes on at once only on "true"; later, when the result turns truthy (yes/on/1)', async () => {
    // test_script.py test_wait_template_basic; script.py checks with condition.async_template first, then
    // event.py async_track_template waits for result_as_boolean to turn from false to true
    h = await startHarness({
      'w.yaml': manual(
        'waiting',
        `actions:\n  - wait_template: "{{ states('sensor.humidity') }}"\n  - ${pub('out/waited', 'done')}`,
      ),
    });
    await h.setState('sensor.humidity', 'st/humidity', 'on');
    await h.engine.trigger('waiting');
    await h.flush({ runs: false });
    expect(h.on('out/waited')).toEqual([]);
    await h.setState('sensor.humidity', 'st/humidity', 'off');
    await h.flush({ runs: false });
    expect(h.on('out/waited')).toEqual([]);
    await h.setState('sensor.humidity', 'st/humidity', '1');
    await until(() => h!.on('out/waited').length === 1);
  });
});

describe('repeat for_each', () => {
  it('over a template that is not a list aborts the run', async () => {
    // test_script.py test_repeat_for_each_non_list_template
    h = await startHarness({
      'r.yaml': manual(
        'each',
        `actions:
  - repeat:
      for_each: "{{ 'Not a list' }}"
      sequence: [${pub('out/each', '{{ repeat.item }}')}]`,
      ),
    });
    await h.engine.trigger('each');
    await h.flush();
    expect(h.on('out/each')).toEqual([]);
    expect(h.fullTraces('each')[0]).toMatchObject({
      outcome: 'error',
      error: expect.stringContaining("Repeat 'for_each' must be a list"),
    });
  });
});

describe('numbers templates see as Python floats', () => {
  it('a numeric_state threshold from the config renders as 10.0', async () => {
    // tests/components/homeassistant/triggers/test_numeric_state.py test_template_string ("… - 10.0 - None - …")
    h = await startHarness({
      't.yaml': `id: cold
triggers: [{trigger: numeric_state, entity_id: sensor.temperature, below: 10}]
actions:
  - ${pub('out/cold', '{{ trigger.platform }} - {{ trigger.entity_id }} - {{ trigger.below }} - {{ trigger.above }}')}`,
    });
    await h.setState('sensor.temperature', 'st/temperature', '12');
    await h.setState('sensor.temperature', 'st/temperature', '9');
    await until(() => h!.on('out/cold').length === 1);
    expect(h.on('out/cold')).toEqual(['numeric_state - sensor.temperature - 10.0 - None']);
  });
});
