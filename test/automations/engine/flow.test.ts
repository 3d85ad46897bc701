// Script steps: choose, if/then/else, repeat (count, while, until, for_each), variables and their
// scope, stop, continue_on_error, parallel, events, notifications, waits (fake timers for timeouts).
import { afterEach, describe, expect, it, vi } from 'vitest';
import { fakeTime, startHarness, until, type Harness } from './harness.js';

let h: Harness | undefined;
afterEach(async () => {
  await h?.close();
  h = undefined;
});

const pub = (topic: string, payload: string) =>
  `{action: mqtt.publish, data: {topic: ${topic}, payload: "${payload}"}}`;

const flow = `
id: flow
triggers: [{trigger: event, event_type: never}]
variables:
  big: "{{ level > 1 }}"
actions:
  - choose:
      - conditions: "{{ level == 1 }}"
        sequence: [${pub('out/choose', 'one')}]
      - conditions:
          - condition: template
            value_template: "{{ level == 2 }}"
        sequence: [${pub('out/choose', 'two')}]
    default: [${pub('out/choose', 'other')}]
  - if: "{{ big }}"
    then: [${pub('out/if', 'big')}]
    else: [${pub('out/if', 'small')}]
  - repeat:
      count: "{{ level + 1 }}"
      sequence: [${pub('out/count', "{{ repeat.index }}{{ '!' if repeat.last else '' }}")}]
  - repeat:
      while: "{{ repeat.index <= 2 }}"
      sequence: [${pub('out/while', '{{ repeat.index }}')}]
  - repeat:
      until:
        - condition: template
          value_template: "{{ repeat.index >= 3 }}"
      sequence: [${pub('out/until', '{{ repeat.index }}')}]
  - repeat:
      for_each: [red, green]
      sequence:
        - variables: {color: "{{ repeat.item }}"}
        - ${pub('out/each', '{{ color }}')}
  - ${pub('out/scope', '{{ color is defined }}')}
`;

describe('flow steps', () => {
  it('choose, if, and every kind of repeat, with scoped variables', async () => {
    h = await startHarness({ 'flow.yaml': flow });
    await h.engine.trigger('flow', { variables: { level: 2 } });
    await h.flush();
    expect(h.on('out/choose')).toEqual(['two']);
    expect(h.on('out/if')).toEqual(['big']);
    expect(h.on('out/count')).toEqual(['1', '2', '3!']);
    expect(h.on('out/while')).toEqual(['1', '2']);
    expect(h.on('out/until')).toEqual(['1', '2', '3']);
    expect(h.on('out/each')).toEqual(['red', 'green']);
    expect(h.on('out/scope')).toEqual(['False']);
    const [trace] = h.fullTraces('flow');
    expect(trace?.outcome).toBe('finished');
    const choose = trace?.steps.find((s) => s.path === 'action/0');
    expect(choose?.result).toMatchObject({
      choice: 1,
      options: [
        { option: 0, passed: false },
        { option: 1, passed: true },
      ],
    });
    expect(trace?.steps.filter((s) => s.path === 'action/2/repeat/sequence/0').map((s) => s.iteration)).toEqual([
      1, 2, 3,
    ]);
    expect(trace?.steps.find((s) => s.path === 'action/1')?.result).toMatchObject({ choice: 'then' });

    await h.engine.trigger('flow', { variables: { level: 7 } });
    await h.flush();
    expect(h.on('out/choose')).toEqual(['two', 'other']);
  });

  it('stop ends the run, continue_on_error goes on, parallel branches all run, events and notifications', async () => {
    h = await startHarness({
      'misc.yaml': `
id: misc
triggers: [{trigger: event, event_type: never}]
actions:
  - action: switch.turn_on
    target: {entity_id: switch.nothing}
    continue_on_error: true
  - parallel:
      - ${pub('out/p1', 'x')}
      - sequence:
          - condition: template
            value_template: "{{ false }}"
          - ${pub('out/p2', 'never')}
      - ${pub('out/p3', 'z')}
  - event: custom_done
    event_data: {who: "{{ who }}"}
  - action: notify.send_message
    target: {entity_id: notify.phone}
    data: {title: Hi, message: "hello {{ who }}"}
  - stop: all done
  - ${pub('out/after_stop', 'never')}
`,
      'listener.yaml': `
id: listener
triggers: [{trigger: event, event_type: custom_done, event_data: {who: ann}}]
actions: [${pub('out/event', 'got {{ trigger.event.data.who }}')}]
`,
      'alerts.yaml': `
id: on_alert
triggers: [{trigger: event, event_type: switchyard_alert}]
actions: [${pub('out/alert', '{{ trigger.event.data.type }}: {{ trigger.event.data.message }}')}]
`,
    });
    await h.engine.trigger('misc', { variables: { who: 'ann' } });
    await until(() => h!.on('out/event').length === 1 && h!.on('out/alert').length === 1);
    await h.flush();
    expect([...h.on('out/p1'), ...h.on('out/p3')]).toEqual(['x', 'z']);
    expect(h.on('out/p2')).toEqual([]);
    expect(h.on('out/after_stop')).toEqual([]);
    expect(h.on('out/event')).toEqual(['got ann']);
    expect(h.on('out/alert')).toEqual(['notification: Hi: hello ann']);
    expect(h.alerts.list({ limit: 1 })[0]).toMatchObject({
      type: 'notification',
      message: 'Hi: hello ann',
      entity_id: 'notify.phone',
    });
    const [trace] = h.fullTraces('misc');
    expect(trace).toMatchObject({ outcome: 'finished', reason: 'stopped: all done', last_step: 'action/4' });
    expect(trace?.steps[0]).toMatchObject({ path: 'action/0', error: "no entity 'switch.nothing'" });
    // the event listener ran because of misc: its context says so
    const [listened] = h.fullTraces('listener');
    expect(listened?.context.parent_id).toBe(trace?.context.id);
  });

  it('stop with error: true aborts the run', async () => {
    h = await startHarness({
      'err.yaml': `id: err\ntriggers: [{trigger: event, event_type: never}]\nactions:\n  - stop: broken sensor\n    error: true\n`,
    });
    await h.engine.trigger('err');
    await h.flush();
    expect(h.fullTraces('err')[0]).toMatchObject({ outcome: 'aborted', error: 'broken sensor' });
  });

  it('wait_for_trigger: completes on its trigger, or times out (continue or abort)', async () => {
    const wait = (id: string, cont: boolean) => `
id: ${id}
triggers: [{trigger: event, event_type: never}]
actions:
  - wait_for_trigger:
      - trigger: mqtt
        topic: in/${id}
    timeout: "00:00:10"
    continue_on_timeout: ${cont}
  - ${pub(`out/${id}`, '{{ wait.completed }} {{ wait.trigger.payload if wait.trigger else None }} {{ wait.remaining }}')}
`;
    h = await startHarness({
      'a.yaml': wait('go_on', true),
      'b.yaml': wait('give_up', false),
      'c.yaml': wait('answered', true),
    });
    fakeTime();
    await h.engine.trigger('go_on');
    await h.engine.trigger('give_up');
    await h.engine.trigger('answered');
    await vi.advanceTimersByTimeAsync(4_000);
    await h.send('in/answered', 'yes');
    await until(() => h!.on('out/answered').length === 1);
    // wait.remaining is a Python float, 0.0 after a timeout (test_script.py test_wait_variables_out)
    expect(h.on('out/answered')).toEqual(['True yes 6.0']);
    await vi.advanceTimersByTimeAsync(5_999);
    // go_on still waits at its first step (a timeout that fired would have moved it on, and its publish
    // would have reached `seen` before the flush's markers)
    expect(h.engine.get('go_on')?.runs.map((r) => r.last_step)).toEqual(['action/0']);
    await h.flush({ runs: false });
    expect(h.on('out/go_on')).toEqual([]);
    await vi.advanceTimersByTimeAsync(1);
    await h.flush();
    expect(h.on('out/go_on')).toEqual(['False None 0.0']);
    expect(h.on('out/give_up')).toEqual([]);
    expect(h.fullTraces('give_up')[0]).toMatchObject({ outcome: 'aborted', reason: 'wait at action/0 timed out' });
  });

  it('delay waits (templated) and restart cancels a delay at once', async () => {
    h = await startHarness({
      'delay.yaml': `
id: delayed
mode: restart
triggers: [{trigger: event, event_type: never}]
actions:
  - delay: {seconds: "{{ wait_s }}"}
  - ${pub('out/delayed', 'after {{ wait_s }}')}
`,
    });
    fakeTime();
    await h.engine.trigger('delayed', { variables: { wait_s: 30 } });
    await vi.advanceTimersByTimeAsync(20_000);
    await h.engine.trigger('delayed', { variables: { wait_s: 5 } });
    await vi.advanceTimersByTimeAsync(5_000);
    await h.flush();
    expect(h.on('out/delayed')).toEqual(['after 5']);
    const [done, cancelled] = h.fullTraces('delayed');
    expect(cancelled).toMatchObject({ outcome: 'cancelled', reason: 'restart' });
    expect(done?.steps[0]).toMatchObject({ path: 'action/0', kind: 'delay', result: { delay_ms: 5000 } });
  });
});
