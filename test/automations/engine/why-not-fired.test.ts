// "Why didn't it fire?" (issue 20): every evaluation of a trigger for an entity change is kept with its reason, in
// Home Assistant's trigger semantics (state: to/from/not_to/attribute/attribute-only changes/for; numeric_state:
// crossing into the range, not numeric, attribute missing, value_template error), and a fire is linked to what
// became of it (its run, conditions failed, blocked by mode single). The real engine on the whole app; states are
// set through the real state store, so its state_changed events reach the triggers as a device's would.
import { afterEach, describe, expect, it, vi } from 'vitest';
import { TriggerEvaluations, Why } from '../../../src/automations/evaluations.js';
import { fakeTime, startHarness, until, type Harness } from './harness.js';

let h: Harness | undefined;
afterEach(async () => {
  await h?.close();
  h = undefined;
});

const automation = (id: string, triggers: string, extra = '') => `
id: ${id}
${extra}
triggers:
${triggers}
actions:
  - action: mqtt.publish
    data: {topic: out/${id}, payload: "{{ trigger.id }}"}
`;

/** [reason, sentence] of the newest evaluations, newest first */
const seen = (id: string, entity?: string) =>
  h!.engine.evaluations(id, { entity_id: entity }).map((e) => [e.reason, e.sentence]);

describe('why a state trigger did not fire', () => {
  it('explains to, from, not_to, attribute and attribute-only changes', async () => {
    h = await startHarness({
      'a.yaml': automation(
        'door',
        `  - {trigger: state, entity_id: binary_sensor.porch, to: "on", id: opened}
  - {trigger: state, entity_id: binary_sensor.gate, from: "off", to: "on", id: gate}
  - {trigger: state, entity_id: binary_sensor.shed, not_to: [unavailable, unknown], id: shed}
  - {trigger: state, entity_id: light.hall, attribute: brightness, id: bright}`,
      ),
    });
    const states = h.t.app.states;
    states.set('binary_sensor.porch', 'on');
    states.set('binary_sensor.porch', 'off');
    expect(seen('door', 'binary_sensor.porch')).toEqual([
      ['to_mismatch', 'to: "on" wanted, new state was "off"'],
      ['fired', expect.stringMatching(/^matched → fired/)],
    ]);
    // an attribute-only change: to is given, so it is ignored even though the state is the wanted one
    states.set('binary_sensor.porch', 'on');
    states.set('binary_sensor.porch', 'on', { battery: 90 });
    expect(seen('door', 'binary_sensor.porch')[0]).toEqual([
      'same_value',
      'same value ("on"): an attribute-only change is ignored when from/to is given',
    ]);

    states.set('binary_sensor.gate', 'unavailable');
    states.set('binary_sensor.gate', 'on');
    expect(seen('door', 'binary_sensor.gate')[0]).toEqual([
      'from_mismatch',
      'from: "off" wanted, old state was "unavailable"',
    ]);

    states.set('binary_sensor.shed', 'on');
    states.set('binary_sensor.shed', 'unavailable');
    expect(seen('door', 'binary_sensor.shed')[0]).toEqual([
      'not_to',
      'new state was "unavailable", which not_to excludes',
    ]);

    states.set('light.hall', 'on', { brightness: 100 });
    states.set('light.hall', 'on', { brightness: 100, color_temp: 300 });
    const [bright] = h.engine.evaluations('door', { entity_id: 'light.hall' });
    expect(bright).toMatchObject({
      trigger: { idx: 3, id: 'bright', platform: 'state' },
      attribute: 'brightness',
      from: 100,
      to: 100,
      outcome: 'not_matched',
      reason: 'attribute_unchanged',
      sentence: 'attribute brightness unchanged (100): something else changed',
    });
    // a trigger for another entity did not see the change: nothing for it under that entity
    expect(h.engine.evaluations('door', { entity_id: 'light.hall' }).every((e) => e.trigger.idx === 3)).toBe(true);
  });

  it('says when a for: wait starts, is cancelled by a change, and fires once held', async () => {
    h = await startHarness({
      'a.yaml': automation('held', '  - {trigger: state, entity_id: binary_sensor.porch, to: "on", for: "00:05:00"}'),
    });
    const states = h.t.app.states;
    states.set('binary_sensor.porch', 'off');
    fakeTime();
    states.set('binary_sensor.porch', 'on');
    await vi.advanceTimersByTimeAsync(12_000);
    states.set('binary_sensor.porch', 'off');
    expect(seen('held')).toEqual([
      ['to_mismatch', 'to: "on" wanted, new state was "off"'],
      ['wait_cancelled', 'wait cancelled because it changed to "off" after 12 s'],
      ['waiting', 'matched, for: 00:05:00 started waiting'],
      ['to_mismatch', 'to: "on" wanted, new state was "off"'],
    ]);
    states.set('binary_sensor.porch', 'on');
    await vi.advanceTimersByTimeAsync(300_000);
    await h.flush();
    const [fired] = h.engine.evaluations('held');
    expect(fired).toMatchObject({
      outcome: 'fired',
      reason: 'held_fired',
      sentence: 'held for 00:05:00 → fired: run started',
      run_status: 'started',
    });
    expect(fired?.run_id).toEqual(h.fullTraces('held')[0]?.run_id);
  });
});

describe('why a numeric_state trigger did not fire', () => {
  it('explains the range, crossing, values that are not numbers and template errors', async () => {
    h = await startHarness({
      'a.yaml': automation(
        'warm',
        `  - {trigger: numeric_state, entity_id: sensor.room, above: 20}
  - {trigger: numeric_state, entity_id: sensor.cellar, below: 10}
  - {trigger: numeric_state, entity_id: sensor.pump, attribute: pressure, above: 2}
  - {trigger: numeric_state, entity_id: sensor.tank, value_template: "{{ state.attributes.level / 0 }}", above: 1}`,
      ),
    });
    const states = h.t.app.states;
    for (const value of ['18.5', '21', '22', 'unavailable']) states.set('sensor.room', value);
    expect(seen('warm', 'sensor.room')).toEqual([
      ['not_numeric', 'not numeric ("unavailable")'],
      ['no_crossing', 'value 22, but it was already above 20 (no crossing)'],
      ['fired', expect.stringMatching(/^matched → fired/)],
      ['not_above', 'value 18.5 not above 20'],
    ]);
    states.set('sensor.cellar', '15');
    expect(seen('warm', 'sensor.cellar')[0]).toEqual(['not_below', 'value 15 not below 10']);
    states.set('sensor.pump', 'on', { flow: 3 });
    expect(seen('warm', 'sensor.pump')[0]).toEqual(['attribute_missing', 'attribute "pressure" missing']);
    states.set('sensor.tank', 'ok', { level: 'high' });
    const [tank] = h.engine.evaluations('warm', { entity_id: 'sensor.tank' });
    expect(tank).toMatchObject({ outcome: 'error', reason: 'template_error' });
    expect(tank?.sentence).toMatch(/^value_template error: unsupported operand type\(s\) for \/: 'str' and 'int'/);
  });

  it('a value that holds for: then drops says the wait was cancelled', async () => {
    h = await startHarness({
      'a.yaml': automation('warm', '  - {trigger: numeric_state, entity_id: sensor.room, above: 20, for: 60}'),
    });
    const states = h.t.app.states;
    states.set('sensor.room', '19');
    fakeTime();
    states.set('sensor.room', '21');
    await vi.advanceTimersByTimeAsync(30_000);
    states.set('sensor.room', '19.5');
    expect(seen('warm').slice(0, 3)).toEqual([
      ['not_above', 'value 19.5 not above 20'],
      ['wait_cancelled', 'wait cancelled: value 19.5 left the range after 30 s'],
      ['waiting', 'matched, for: 00:01:00 started waiting'],
    ]);
  });
});

describe('why a template trigger did not fire', () => {
  it('says it renders false, or that it was already true', async () => {
    h = await startHarness({
      'a.yaml': automation('tpl', `  - {trigger: template, value_template: "{{ is_state('sensor.x', 'on') }}"}`),
    });
    const states = h.t.app.states;
    states.set('sensor.x', 'off');
    states.set('sensor.x', 'on');
    states.set('sensor.x', 'on', { battery: 80 });
    expect(seen('tpl')).toEqual([
      ['template_still_true', 'the template was already true (fires only when it turns true)'],
      ['fired', expect.stringMatching(/^matched → fired/)],
      ['template_false', 'the template renders false'],
    ]);
    expect(h.engine.evaluations('tpl')[0]).toMatchObject({ entity_id: 'sensor.x', from: true, to: true });
  });
});

describe('what became of a fire', () => {
  it('links the run, the failed conditions, and a fire blocked by mode single', async () => {
    h = await startHarness({
      'a.yaml': `
id: slow
mode: single
triggers: [{trigger: state, entity_id: input_boolean.go, to: "on"}]
conditions: [{condition: state, entity_id: input_boolean.allowed, state: "on"}]
actions:
  - wait_template: "{{ is_state('input_boolean.release', 'on') }}"
`,
    });
    const states = h.t.app.states;
    states.set('input_boolean.allowed', 'off');
    states.set('input_boolean.go', 'on');
    await h.flush();
    let [first] = h.engine.evaluations('slow');
    expect(first).toMatchObject({
      sentence: 'matched → fired, but the conditions failed (see the trace)',
      run_status: 'failed_conditions',
    });
    expect(h.fullTraces('slow').map((t) => t.run_id)).toContain(first?.run_id);

    states.set('input_boolean.allowed', 'on');
    states.set('input_boolean.go', 'off');
    states.set('input_boolean.go', 'on');
    await h.flush({ runs: false });
    states.set('input_boolean.go', 'off');
    states.set('input_boolean.go', 'on');
    await h.flush({ runs: false });
    [first] = h.engine.evaluations('slow');
    const [, , running] = h.engine.evaluations('slow');
    expect(running).toMatchObject({ sentence: 'matched → fired: run started', run_status: 'started' });
    expect(first).toMatchObject({
      sentence: 'matched → fired, but blocked by mode single: already running',
      run_status: 'failed_single',
    });
    states.set('input_boolean.release', 'on');
    await h.flush();
    expect(h.fullTraces('slow').map((t) => t.run_id)).toEqual(expect.arrayContaining([first?.run_id, running?.run_id]));
  });
});

describe('the ring', () => {
  it('keeps the last 50 evaluations, newest first, in place, and nothing before the first one', () => {
    const ring = new TriggerEvaluations();
    expect(ring.list()).toEqual([]);
    for (let i = 0; i < 120; i++) ring.add(0, `sensor.s${i % 2}`, String(i), String(i + 1), Why.toMismatch, null, 't');
    const kept = ring.list();
    expect(kept).toHaveLength(50);
    expect(kept[0]?.from).toBe('119');
    expect(kept.at(-1)?.from).toBe('70');
    expect(ring.list('sensor.s0', 5).map((r) => r.from)).toEqual(['118', '116', '114', '112', '110']);
    // a fire is linked only while its slot still holds it
    ring.add(1, 'sensor.x', 'off', 'on', Why.fired, null, 't');
    const seq = ring.claim(1);
    expect(ring.claim(1)).toBe(-1);
    ring.settle(seq, 'r1', 'started');
    expect(ring.list()[0]).toMatchObject({ run_id: 'r1', status: 'started' });
    for (let i = 0; i < 50; i++) ring.add(0, 'sensor.y', 'a', 'b', Why.toMismatch, null, 't');
    ring.settle(seq, 'r2', 'queued');
    expect(ring.list().some((r) => r.run_id !== null)).toBe(false);
  });

  it('notes nothing for automations whose triggers watch no entity', async () => {
    h = await startHarness({
      'a.yaml': automation('timer', '  - {trigger: mqtt, topic: in/timer}'),
    });
    h.t.app.states.set('sensor.room', '21');
    await h.send('in/timer', 'x');
    await until(() => h!.on('out/timer').length === 1);
    expect(h.engine.evaluations('timer')).toEqual([]);
  });
});
