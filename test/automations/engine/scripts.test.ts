// Scripts (Home Assistant's `script:` integration) on real parts: the engine harness (real broker, mqtt.js
// devices, SQLite traces). Runs that must stay going wait for a message on in/release, so the tests decide when
// they end without touching time.
import { afterEach, describe, expect, it } from 'vitest';
import { createContext } from '../../../src/core/context.js';
import { startHarness, until, type Harness } from './harness.js';

let h: Harness | undefined;
afterEach(async () => {
  await h?.close();
  h = undefined;
});

// keeps in/release subscribed all along, so a wait_for_trigger never races its own subscription
const KEEP = `
id: release_listener
triggers: [{trigger: mqtt, topic: in/release, payload: never}]
actions: [{stop: never}]
`;

const run = (entity_id: string, action: string, data: Record<string, unknown> = {}) =>
  h!.t.app.commands.execute({ domain: 'script', action, entity_id, data, context: createContext('api') });
const state = (id: string) => h!.t.app.states.get(id);
const outcomes = (id: string) =>
  h!.engine
    .traces(id)
    .map((t) => t.outcome)
    .reverse();

describe('scripts', () => {
  it('a direct call waits for the script, fills in field defaults and gets its stop response', async () => {
    // After the script docs (home-assistant.io/integrations/script: "fields", and "Stop" with
    // response_variable, whose value must be a mapping) and tests/components/script/test_init.py
    // test_script_service_changed_entity_id / test_responses: the caller's data are the script's variables.
    h = await startHarness({
      'scripts.yaml': `
brightness_for:
  alias: Brightness for a room
  icon: mdi:lightbulb
  fields:
    room:
      description: The room
      default: kitchen
      selector: {text: {}}
    level:
      description: How bright, 0-100
      required: true
      selector: {number: {min: 0, max: 100}}
  variables:
    factor: 2
  sequence:
    - variables:
        result:
          room: "{{ room }}"
          brightness: "{{ level * factor }}"
    - stop: Computed
      response_variable: result
`,
      'use.yaml': `
id: use
triggers: [{trigger: mqtt, topic: in/go}]
actions:
  - action: script.brightness_for
    data: {level: 40}
    response_variable: answer
  - action: mqtt.publish
    data: {topic: out/answer, payload: "{{ answer.room }} {{ answer.brightness }}"}
  - action: script.brightness_for
    data: {level: 10, room: hall, factor: 3}
    response_variable: answer
  - action: mqtt.publish
    data: {topic: out/answer, payload: "{{ answer.room }} {{ answer.brightness }}"}
`,
    });
    expect(h.engine.diagnostics().filter((d) => d.severity === 'error')).toEqual([]);
    await h.send('in/go', '1');
    await until(() => h!.on('out/answer').length === 2);
    await h.flush();
    // a passed variable wins over the script's own `variables` (they are defaults, helpers/script.py)
    expect(h.on('out/answer')).toEqual(['kitchen 80', 'hall 30']);
    expect(outcomes('script.brightness_for')).toEqual(['finished', 'finished']);
    const [caller] = h.fullTraces('use');
    expect(caller?.steps[0]?.changed_variables).toEqual({ answer: { room: 'kitchen', brightness: 80 } });
    const s = state('script.brightness_for');
    expect(s?.state).toBe('off');
    expect(s?.attributes).toMatchObject({
      mode: 'single',
      current: 0,
      friendly_name: 'Brightness for a room',
      icon: 'mdi:lightbulb',
    });
    expect(s?.attributes['max']).toBeUndefined();
    expect(typeof s?.attributes['last_triggered']).toBe('string');
    // the script's trace is stored under script.<id>, with the caller's context as its parent
    const [scriptTrace] = h.fullTraces('script.brightness_for');
    expect(scriptTrace?.context.origin).toBe('script:brightness_for');
    expect(scriptTrace?.context.parent_id).toBe(caller?.context.id);
  });

  it('turn_on starts without waiting (variables in data), the entity is on while it runs, turn_off stops it', async () => {
    h = await startHarness({
      'keep.yaml': KEEP,
      'scripts.yaml': `
held:
  mode: queued
  max: 3
  sequence:
    - action: mqtt.publish
      data: {topic: out/start, payload: "{{ label | default('none') }}"}
    - wait_for_trigger: [{trigger: mqtt, topic: in/release}]
    - action: mqtt.publish
      data: {topic: out/end, payload: "{{ label | default('none') }}"}
`,
    });
    // the command router path, as POST /api/actions/script/turn_on takes it
    expect(Object.keys(h.t.app.commands.allowedActions('script.held'))).toEqual(['turn_on', 'turn_off', 'toggle']);
    await run('script.held', 'turn_on', { variables: { label: 'A' } });
    await until(() => h!.on('out/start').includes('A'));
    await run('script.held', 'turn_on', { variables: { label: 'B' } });
    await until(() => state('script.held')?.attributes['current'] === 2);
    expect(state('script.held')).toMatchObject({ state: 'on', attributes: { mode: 'queued', max: 3, current: 2 } });
    await h.send('in/release', 'x');
    await until(() => h!.on('out/start').includes('B'));
    expect(h.on('out/end')).toEqual(['A']);
    await run('script.held', 'turn_off');
    await until(() => state('script.held')?.state === 'off');
    await h.flush();
    expect(h.on('out/end')).toEqual(['A']);
    expect(outcomes('script.held')).toEqual(['finished', 'cancelled']);
    // toggle: off → runs, on → stops
    await run('script.held', 'toggle');
    await until(() => state('script.held')?.state === 'on');
    await run('script.held', 'toggle');
    await until(() => state('script.held')?.state === 'off');
    expect(outcomes('script.held')).toEqual(['finished', 'cancelled', 'cancelled']);
  });

  it('single mode refuses a second run; an error in the script fails the calling step', async () => {
    h = await startHarness({
      'keep.yaml': KEEP,
      'scripts.yaml': `
once:
  sequence:
    - wait_for_trigger: [{trigger: mqtt, topic: in/release}]
broken:
  sequence:
    - action: mqtt.publish
      data: {topic: "out/#", payload: x}
`,
      'caller.yaml': `
id: caller
triggers: [{trigger: mqtt, topic: in/go}]
actions:
  - action: script.broken
  - action: mqtt.publish
    data: {topic: out/after, payload: "not reached"}
`,
    });
    await run('script.once', 'turn_on');
    await until(() => state('script.once')?.state === 'on');
    await run('script.once', 'turn_on');
    await until(() => outcomes('script.once').includes('failed_single'));
    await h.send('in/release', 'x');
    await until(() => state('script.once')?.state === 'off');
    expect(outcomes('script.once')).toEqual(['failed_single', 'finished']);

    await h.send('in/go', '1');
    await until(() => outcomes('caller').length === 1);
    await h.flush();
    expect(h.on('out/after')).toEqual([]);
    const [trace] = h.fullTraces('caller');
    expect(trace?.outcome).toBe('error');
    expect(trace?.error).toContain('script.broken: ');
    expect(trace?.error).toContain('wildcard');
    expect(outcomes('script.broken')).toEqual(['error']);
  });

  it('a queued or restart script calling itself is refused as "disallowed recursion"; the caller goes on', async () => {
    // tests/components/script/test_init.py test_recursive_script (queued/restart: "Disallowed recursion
    // detected"; single: "Already running"; parallel runs until max is exceeded)
    h = await startHarness({
      'scripts.yaml': `
again:
  mode: queued
  sequence:
    - action: mqtt.publish
      data: {topic: out/again, payload: "{{ depth | default(0) }}"}
    - action: script.again
      data: {depth: 1}
    - action: mqtt.publish
      data: {topic: out/done, payload: "{{ depth | default(0) }}"}
single_again:
  sequence:
    - action: script.single_again
    - action: mqtt.publish
      data: {topic: out/single, payload: done}
`,
    });
    await run('script.again', 'turn_on');
    await until(() => h!.on('out/done').length === 1);
    await h.flush();
    expect(h.on('out/again')).toEqual(['0']);
    expect(h.on('out/done')).toEqual(['0']);
    const traces = h.fullTraces('script.again');
    expect(traces.map((t) => [t.outcome, t.reason])).toEqual([
      ['finished', null],
      ['aborted', 'disallowed recursion detected: script.again → script.again'],
    ]);
    await run('script.single_again', 'turn_on');
    await until(() => h!.on('out/single').length === 1);
    await h.flush();
    expect(outcomes('script.single_again')).toEqual(['failed_single', 'finished']);
  });

  it('reload: a changed script restarts, an unchanged one keeps its run, a removed one goes with its entity', async () => {
    const held = (topic: string) => `
  sequence:
    - wait_for_trigger: [{trigger: mqtt, topic: in/release}]
    - action: mqtt.publish
      data: {topic: ${topic}, payload: done}
`;
    h = await startHarness({
      'keep.yaml': KEEP,
      'scripts.yaml': `kept:${held('out/kept')}changed:${held('out/changed')}gone:${held('out/gone')}`,
    });
    for (const id of ['kept', 'changed', 'gone']) await run(`script.${id}`, 'turn_on');
    await until(() => ['kept', 'changed', 'gone'].every((id) => state(`script.${id}`)?.state === 'on'));
    h.write('scripts.yaml', `kept:${held('out/kept')}changed:${held('out/changed2')}`);
    await h.engine.reload();
    await until(() => outcomes('script.changed').includes('cancelled'));
    expect(h.t.app.registry.entity('script.gone')).toBeUndefined();
    expect(state('script.gone')).toBeUndefined();
    expect(state('script.changed')?.state).toBe('off');
    expect(state('script.kept')?.state).toBe('on');
    await h.send('in/release', 'x');
    await until(() => h!.on('out/kept').length === 1);
    await h.flush();
    expect(h.on('out/changed')).toEqual([]);
    expect(h.on('out/gone')).toEqual([]);
    expect(outcomes('script.gone')).toEqual(['cancelled']);
  });
});
