// Condition blocks (json-rules-engine underneath) against a real state store: Home Assistant's
// semantics for each condition type, and the compared values each result carries for traces.
import { createRequire } from 'node:module';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { compileConditionBlock } from '../../../src/adapters/automations/conditions/block.js';
import { loadAutomationText } from '../../../src/adapters/automations/loader.js';
import type { Condition } from '../../../src/automations/model.js';
import { createTemplateEnv } from '../../../src/automations/templates.js';
import { systemClock } from '../../../src/core/clock.js';
import { createEventBus } from '../../../src/core/event-bus.js';
import type { CoreEvents } from '../../../src/core/events.js';
import { silentLogger } from '../../../src/core/logger.js';
import { createStateStore } from '../../../src/core/state-store.js';

afterEach(() => {
  vi.useRealTimers();
});

function setup() {
  const bus = createEventBus<CoreEvents>(silentLogger);
  const states = createStateStore(bus, systemClock);
  const deps = { states, clock: systemClock, templates: createTemplateEnv({ states, clock: systemClock }) };
  /** compiles the `conditions:` of a YAML automation snippet */
  const block = (yaml: string) => {
    const text = `triggers: [{trigger: event, event_type: x}]\nactions: [{event: y}]\nconditions:\n${yaml}`;
    const result = loadAutomationText(text, 'c.yaml');
    expect(result.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
    const conditions = result.automations[0]?.config.conditions as Condition[];
    return compileConditionBlock(conditions, 'condition', deps);
  };
  return { states, block };
}

describe('condition blocks', () => {
  it('evaluate without loading jsonpath-plus (json-rules-engine loads it only for a `path`, patched)', async () => {
    const { states, block } = setup();
    states.set('light.a', 'on');
    expect((await block(`  - condition: state\n    entity_id: light.a\n    state: "on"`).evaluate({})).passed).toBe(
      true,
    );
    const require = createRequire(import.meta.url);
    const loaded = Object.keys(require.cache).filter((file) => file.includes(`${'/'}node_modules/`));
    // the check itself can fail: json-rules-engine is there, loaded through the same loader
    expect(loaded.some((file) => file.includes('/json-rules-engine/'))).toBe(true);
    expect(loaded.filter((file) => file.includes('/jsonpath-plus/'))).toEqual([]);
  });

  it('state: one of several states, an attribute, several entities with match all / any', async () => {
    const { states, block } = setup();
    states.set('light.a', 'on', { brightness: 120 });
    states.set('light.b', 'off');
    expect(
      (await block(`  - condition: state\n    entity_id: light.a\n    state: ["on", "dim"]`).evaluate({})).passed,
    ).toBe(true);
    expect(
      (
        await block(
          `  - condition: state\n    entity_id: light.a\n    attribute: brightness\n    state: "120"`,
        ).evaluate({})
      ).passed,
    ).toBe(true);
    const all = await block(`  - condition: state\n    entity_id: [light.a, light.b]\n    state: "on"`).evaluate({});
    expect(all.passed).toBe(false);
    expect(all.results).toEqual([
      {
        path: 'condition/0',
        condition: 'state',
        result: false,
        conditions: [
          expect.objectContaining({
            path: 'condition/0/entity_id/0',
            result: true,
            compared: expect.objectContaining({ entity_id: 'light.a', value: 'on', wanted: ['on'] }),
          }),
          expect.objectContaining({
            path: 'condition/0/entity_id/1',
            result: false,
            compared: expect.objectContaining({ entity_id: 'light.b', value: 'off', wanted: ['on'] }),
          }),
        ],
      },
    ]);
    expect(
      (
        await block(
          `  - condition: state\n    entity_id: [light.a, light.b]\n    match: any\n    state: "on"`,
        ).evaluate({})
      ).passed,
    ).toBe(true);
  });

  it('numeric_state: strictly above/below, thresholds from entities, unavailable false, text an error', async () => {
    const { states, block } = setup();
    states.set('sensor.t', '21.5');
    states.set('sensor.limit', '21.5');
    const range = block(`  - condition: numeric_state\n    entity_id: sensor.t\n    above: 20\n    below: 22`);
    const passed = await range.evaluate({});
    expect(passed.passed).toBe(true);
    expect(passed.results[0]).toMatchObject({
      condition: 'numeric_state',
      result: true,
      compared: { entity_id: 'sensor.t', value: 21.5, above: 20, below: 22 },
    });
    // string comparison would say '9' > '10'; numbers do not
    states.set('sensor.t', '9');
    expect(
      (await block(`  - condition: numeric_state\n    entity_id: sensor.t\n    below: 10`).evaluate({})).passed,
    ).toBe(true);
    states.set('sensor.t', '21.5');
    expect(
      (await block(`  - condition: numeric_state\n    entity_id: sensor.t\n    above: sensor.limit`).evaluate({}))
        .passed,
    ).toBe(false);
    states.set('sensor.t', 'unavailable');
    const unavailable = await range.evaluate({});
    expect(unavailable.passed).toBe(false);
    expect(unavailable.results[0]).toMatchObject({
      result: false,
      message: "value 'unavailable' is non-numeric and treated as False",
    });
    // Home Assistant raises here (ConditionErrorMessage), where unavailable is only false
    states.set('sensor.t', 'warm');
    const warm = await range.evaluate({});
    const notNumber = "entity sensor.t state 'warm' cannot be processed as a number";
    expect(warm).toMatchObject({ passed: false, error: notNumber });
    expect(warm.results[0]).toMatchObject({ result: null, message: notNumber });
  });

  it('time: windows across midnight and weekdays', async () => {
    const { block } = setup();
    const night = block(`  - condition: time\n    after: "22:00"\n    before: "06:00"`);
    const weekdays = block(`  - condition: time\n    after: "08:00"\n    weekday: [mon, tue, wed, thu, fri]`);
    vi.useFakeTimers({ toFake: ['Date'], now: new Date(2026, 0, 5, 23, 30) }); // a Monday
    expect((await night.evaluate({})).passed).toBe(true);
    expect((await weekdays.evaluate({})).passed).toBe(true);
    vi.setSystemTime(new Date(2026, 0, 6, 5, 59, 59));
    expect((await night.evaluate({})).passed).toBe(true);
    expect((await weekdays.evaluate({})).passed).toBe(false);
    vi.setSystemTime(new Date(2026, 0, 6, 6, 0, 0));
    const day = await night.evaluate({});
    expect(day.passed).toBe(false);
    expect(day.results[0]?.compared).toMatchObject({
      now: '06:00:00',
      after: '22:00:00',
      before: '06:00:00',
      weekday: 'tue',
    });
    vi.setSystemTime(new Date(2026, 0, 10, 9, 0, 0)); // Saturday
    expect((await weekdays.evaluate({})).passed).toBe(false);
  });

  it('and / or / not (none of the list), trigger ids and templates', async () => {
    const { states, block } = setup();
    states.set('light.a', 'on');
    states.set('sensor.t', '30');
    const logic = block(`
  - or:
      - condition: state
        entity_id: light.a
        state: "off"
      - condition: numeric_state
        entity_id: sensor.t
        above: 25
  - not:
      - condition: state
        entity_id: light.a
        state: "off"
      - "{{ states('sensor.t') | float(0) > 40 }}"
  - condition: trigger
    id: [warm, 1]
  - "{{ is_state('light.a', 'on') and trigger.id == 'warm' }}"`);
    expect((await logic.evaluate({ trigger: { id: 'warm' } })).passed).toBe(true);
    expect((await logic.evaluate({ trigger: { id: '1' } })).passed).toBe(false);
    const failed = await logic.evaluate({ trigger: { id: 'cold' } });
    expect(failed.results.map((r) => [r.path, r.condition, r.result])).toEqual([
      ['condition/0', 'or', true],
      ['condition/1', 'not', true],
      ['condition/2', 'trigger', false],
      // the list stopped at the failing trigger condition: the template was not evaluated
      ['condition/3', 'template', null],
    ]);
    expect(failed.results[3]).not.toHaveProperty('compared');
    expect(failed.results[2]?.compared).toEqual({ value: 'cold', wanted: ['warm', '1'] });
    states.set('sensor.t', '45');
    expect((await logic.evaluate({ trigger: { id: 'warm' } })).passed).toBe(false);
  });

  it('state with for: true only when the state has held that long', async () => {
    const { states, block } = setup();
    vi.useFakeTimers({ toFake: ['Date'], now: new Date(2026, 0, 5, 12, 0, 0) });
    states.set('binary_sensor.door', 'on');
    const held = block(
      `  - condition: state\n    entity_id: binary_sensor.door\n    state: "on"\n    for: {minutes: 5}`,
    );
    vi.setSystemTime(new Date(2026, 0, 5, 12, 4, 59));
    expect((await held.evaluate({})).passed).toBe(false);
    vi.setSystemTime(new Date(2026, 0, 5, 12, 5, 0));
    const passed = await held.evaluate({});
    expect(passed.passed).toBe(true);
    expect(passed.results[0]?.compared).toMatchObject({ held_ms: 300_000, for_ms: 300_000 });
  });

  it('never shares an Engine between evaluations that overlap', async () => {
    const { states, block } = setup();
    states.set('sensor.t', '30');
    const b = block(
      `  - condition: numeric_state\n    entity_id: sensor.t\n    above: 25\n  - "{{ trigger.id == 'go' }}"`,
    );
    const outcomes = await Promise.all(
      Array.from({ length: 50 }, (_, i) => b.evaluate({ trigger: { id: i % 2 === 0 ? 'go' : 'stop' } })),
    );
    expect(outcomes.map((o) => o.passed)).toEqual(Array.from({ length: 50 }, (_, i) => i % 2 === 0));
    expect(outcomes.every((o) => o.results.length === 2 && o.results.every((r) => r.result !== null))).toBe(true);
  });
});
