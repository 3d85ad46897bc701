// Loop protection through the context chain: an automation's own actions do not trigger it again,
// and a chain A → B → A stops at the second A. The switches here are optimistic, so their state
// changes carry the context of the command that caused them.
import { afterEach, describe, expect, it } from 'vitest';
import { createContext } from '../../../src/core/context.js';
import { startHarness, until, type Harness } from './harness.js';

let h: Harness | undefined;
afterEach(async () => {
  await h?.close();
  h = undefined;
});

const toggleOnChange = (id: string, watched: string, toggled: string) => `
id: ${id}
mode: queued
triggers:
  - trigger: state
    entity_id: ${watched}
    not_from: [unknown]
actions:
  - action: switch.toggle
    target:
      entity_id: ${toggled}
`;

const turnOnPump = (h: Harness) =>
  h.t.app.commands.execute({
    domain: 'switch',
    action: 'turn_on',
    entity_id: 'switch.pump',
    data: {},
    context: createContext('api'),
  });

describe('loop protection', () => {
  it('an automation does not re-trigger itself through its own state change', async () => {
    h = await startHarness({ 'self.yaml': toggleOnChange('self_toggle', 'switch.pump', 'switch.pump') });
    await turnOnPump(h); // unknown → on: not_from unknown, so no run
    await h.t.app.commands.execute({
      domain: 'switch',
      action: 'turn_off',
      entity_id: 'switch.pump',
      data: {},
      context: createContext('api'),
    });
    await until(() => h!.engine.traces('self_toggle').length === 1);
    await h.flush();
    // api: ON, api: OFF, automation: ON — and its own ON does not run it again
    expect(h.on('cmd/pump')).toEqual(['ON', 'OFF', 'ON']);
    expect(h.t.app.states.get('switch.pump')?.state).toBe('on');
    const [trace] = h.fullTraces('self_toggle');
    expect(trace?.context.origin).toBe('automation:self_toggle');
    expect(h.t.app.states.get('switch.pump')?.context.id).toBe(trace?.context.id);
  });

  it('A → B → A stops at the second A', async () => {
    h = await startHarness({
      'a.yaml': toggleOnChange('a', 'switch.pump', 'switch.valve'),
      'b.yaml': toggleOnChange('b', 'switch.valve', 'switch.pump'),
    });
    // from unknown: no runs (not_from unknown)
    await h.t.app.commands.execute({
      domain: 'switch',
      action: 'turn_on',
      entity_id: 'switch.valve',
      data: {},
      context: createContext('api'),
    });
    await turnOnPump(h);
    await h.t.app.commands.execute({
      domain: 'switch',
      action: 'turn_off',
      entity_id: 'switch.pump',
      data: {},
      context: createContext('api'),
    });
    await until(() => h!.engine.traces('a').length >= 1 && h!.engine.traces('b').length >= 1);
    await h.flush();
    // api turns the pump off → a toggles the valve (off) → b toggles the pump (on) → a is not run again
    expect(h.on('cmd/pump')).toEqual(['ON', 'OFF', 'ON']);
    expect(h.on('cmd/valve')).toEqual(['ON', 'OFF']);
    expect(h.engine.traces('a')).toHaveLength(1);
    expect(h.engine.traces('b')).toHaveLength(1);
    const [a] = h.fullTraces('a');
    const [b] = h.fullTraces('b');
    expect(b?.context.parent_id).toBe(a?.context.id);
  });

  it('a message an automation published does not trigger its own mqtt trigger', async () => {
    h = await startHarness({
      'echo.yaml': `
id: echo
mode: queued
triggers: [{trigger: mqtt, topic: out/echo}]
actions:
  - action: mqtt.publish
    data: {topic: out/echo, payload: "{{ trigger.payload }}!"}
`,
    });
    await h.send('out/echo', 'hi');
    await until(() => h!.on('out/echo').includes('hi!'));
    await h.flush();
    expect(h.on('out/echo')).toEqual(['hi', 'hi!']);
    expect(h.engine.traces('echo')).toHaveLength(1);
  });
});
