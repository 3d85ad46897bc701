// Ordered, short-circuit and/or/not and conditions that raise, held to Home Assistant's own tests
// (tests/helpers/test_condition.py; the rules are condition.py's And/Or/NotConditionChecker and
// ConditionsChecker). Traces show what was not evaluated (result null, NOT_EVALUATED) and what raised.
import { describe, expect, it } from 'vitest';
import { NOT_EVALUATED } from '../../../src/adapters/automations/conditions/rules.js';
import { setup, summary } from './condition-helpers.js';

const STATE_100 = `      - condition: state\n        entity_id: sensor.temperature\n        state: "100"`;
const numeric = (id: string, bound: string) =>
  `      - condition: numeric_state\n        entity_id: ${id}\n        ${bound}`;

describe('and / or / not are evaluated in order and stop once decided', () => {
  it('and: stops at the first false; raises when nothing is false and something raised', async () => {
    // test_condition.py test_and_condition
    const { states, block } = setup();
    const and = block(
      `  - condition: and\n    conditions:\n${STATE_100}\n${numeric('sensor.temperature', 'below: 110')}`,
    );
    const missing = await and.evaluate({});
    expect(missing).toMatchObject({
      passed: false,
      error: expect.stringContaining('unknown entity sensor.temperature'),
    });
    expect(summary(missing)).toEqual({
      'condition/0': 'error',
      'condition/0/conditions/0': 'error',
      'condition/0/conditions/1': 'error',
    });
    states.set('sensor.temperature', '120');
    const failed = await and.evaluate({});
    expect(failed.passed).toBe(false);
    expect(failed.error).toBeUndefined();
    expect(summary(failed)).toEqual({
      'condition/0': false,
      'condition/0/conditions/0': false,
      'condition/0/conditions/1': 'skipped',
    });
    expect(failed.results[0]?.conditions?.[1]).toEqual({
      path: 'condition/0/conditions/1',
      condition: 'numeric_state',
      result: null,
      evaluated: false,
      message: NOT_EVALUATED,
    });
    states.set('sensor.temperature', '100');
    expect(summary(await and.evaluate({}))).toEqual({
      'condition/0': true,
      'condition/0/conditions/0': true,
      'condition/0/conditions/1': true,
    });
  });

  it('and: an error goes on to the next condition, which decides when it is false', async () => {
    // test_condition.py test_and_condition_raises
    const { states, block } = setup();
    const and = block(`  - and:\n${STATE_100}\n${numeric('sensor.temperature2', 'above: 110')}`);
    expect(await and.evaluate({})).toMatchObject({ passed: false, error: expect.any(String) });
    states.set('sensor.temperature2', '120');
    const raised = await and.evaluate({});
    expect(raised.error).toBe("In 'and' (item 1 of 2): unknown entity sensor.temperature");
    expect(summary(raised)).toEqual({
      'condition/0': 'error',
      'condition/0/conditions/0': 'error',
      'condition/0/conditions/1': true,
    });
    states.set('sensor.temperature2', '90');
    const failed = await and.evaluate({});
    expect(failed).toMatchObject({ passed: false });
    expect(failed.error).toBeUndefined();
    expect(summary(failed)).toEqual({
      'condition/0': false,
      'condition/0/conditions/0': 'error',
      'condition/0/conditions/1': false,
    });
    expect(failed.results[0]?.conditions?.[0]).toMatchObject({
      result: null,
      message: 'unknown entity sensor.temperature',
    });
  });

  it('or: stops at the first true', async () => {
    // test_condition.py test_or_condition
    const { states, block } = setup();
    const or = block(
      `  - condition: or\n    conditions:\n${STATE_100}\n${numeric('sensor.temperature', 'below: 110')}`,
    );
    states.set('sensor.temperature', '120');
    expect(summary(await or.evaluate({}))).toEqual({
      'condition/0': false,
      'condition/0/conditions/0': false,
      'condition/0/conditions/1': false,
    });
    states.set('sensor.temperature', '105');
    expect(summary(await or.evaluate({}))).toEqual({
      'condition/0': true,
      'condition/0/conditions/0': false,
      'condition/0/conditions/1': true,
    });
    states.set('sensor.temperature', '100');
    const first = await or.evaluate({});
    expect(first.passed).toBe(true);
    expect(summary(first)).toEqual({
      'condition/0': true,
      'condition/0/conditions/0': true,
      'condition/0/conditions/1': 'skipped',
    });
  });

  it('or: an error goes on to the next condition; true decides, false leaves the error', async () => {
    // test_condition.py test_or_condition_raises
    const { states, block } = setup();
    const or = block(`  - or:\n${STATE_100}\n${numeric('sensor.temperature2', 'above: 110')}`);
    expect((await or.evaluate({})).error).toBeDefined();
    states.set('sensor.temperature2', '100');
    const raised = await or.evaluate({});
    expect(raised.error).toBe("In 'or' (item 1 of 2): unknown entity sensor.temperature");
    expect(summary(raised)).toEqual({
      'condition/0': 'error',
      'condition/0/conditions/0': 'error',
      'condition/0/conditions/1': false,
    });
    states.set('sensor.temperature2', '120');
    const passed = await or.evaluate({});
    expect(passed).toEqual(expect.objectContaining({ passed: true }));
    expect(passed.error).toBeUndefined();
    expect(summary(passed)).toEqual({
      'condition/0': true,
      'condition/0/conditions/0': 'error',
      'condition/0/conditions/1': true,
    });
  });

  it('not: stops at the first true; an error is raised unless a later condition is true', async () => {
    // test_condition.py test_not_condition and test_not_condition_raises
    const { states, block } = setup();
    const not = block(`  - not:\n${STATE_100}\n${numeric('sensor.temperature', 'below: 50')}`);
    states.set('sensor.temperature', '101');
    expect((await not.evaluate({})).passed).toBe(true);
    states.set('sensor.temperature', '49');
    expect((await not.evaluate({})).passed).toBe(false);
    states.set('sensor.temperature', '100');
    expect(summary(await not.evaluate({}))).toEqual({
      'condition/0': false,
      'condition/0/conditions/0': true,
      'condition/0/conditions/1': 'skipped',
    });

    const raising = setup();
    const not2 = raising.block(`  - not:\n${STATE_100}\n${numeric('sensor.temperature2', 'below: 50')}`);
    raising.states.set('sensor.temperature2', '90');
    const raised = await not2.evaluate({});
    expect(raised).toMatchObject({ passed: false, error: "In 'not' (item 1 of 2): unknown entity sensor.temperature" });
    raising.states.set('sensor.temperature2', '40');
    const failed = await not2.evaluate({});
    expect(failed.error).toBeUndefined();
    expect(summary(failed)).toEqual({
      'condition/0': false,
      'condition/0/conditions/0': 'error',
      'condition/0/conditions/1': true,
    });
  });

  it('what would raise is not evaluated after a failing condition; nested and/or/not keep their order', async () => {
    // test_condition.py test_and_condition (conditions/1 absent from the trace once conditions/0 is false)
    const { states, block } = setup();
    states.set('light.a', 'off');
    const nested = block(
      `
  - and:
      - condition: state
        entity_id: light.a
        state: "on"
      - "{{ undefined.state }}"
      - condition: state
        entity_id: sensor.missing
        state: "on"
  - or:
      - "{{ is_state('light.a', 'off') }}"
      - "{{ 1 / 0 }}"
  - not:
      - or:
          - "{{ false }}"
          - and: ["{{ true }}", "{{ undefined.state }}"]
          - "{{ true }}"`,
      'continue',
    );
    const outcome = await nested.evaluate({});
    expect(outcome.passed).toBe(false);
    expect(outcome.error).toBeUndefined();
    expect(summary(outcome)).toEqual({
      'condition/0': false,
      'condition/0/conditions/0': false,
      'condition/0/conditions/1': 'skipped',
      'condition/0/conditions/2': 'skipped',
      // the automation's own list is an implicit and: after a false, nothing more is evaluated
      'condition/1': 'skipped',
      'condition/1/conditions/0': 'skipped',
      'condition/1/conditions/1': 'skipped',
      'condition/2': 'skipped',
      'condition/2/conditions/0': 'skipped',
      'condition/2/conditions/0/conditions/0': 'skipped',
      'condition/2/conditions/0/conditions/1': 'skipped',
      'condition/2/conditions/0/conditions/1/conditions/0': 'skipped',
      'condition/2/conditions/0/conditions/1/conditions/1': 'skipped',
      'condition/2/conditions/0/conditions/2': 'skipped',
    });
    states.set('light.a', 'on');
    // an and/or that raises lets its parent go on: the not decides (false), so nothing is raised
    const second = await nested.evaluate({});
    expect(second.error).toBeUndefined();
    expect(summary(second)).toEqual({
      'condition/0': 'error',
      'condition/0/conditions/0': true,
      'condition/0/conditions/1': 'error',
      'condition/0/conditions/2': 'error',
      'condition/1': 'error',
      'condition/1/conditions/0': false,
      'condition/1/conditions/1': 'error',
      'condition/2': false,
      'condition/2/conditions/0': true,
      'condition/2/conditions/0/conditions/0': false,
      'condition/2/conditions/0/conditions/1': 'error',
      'condition/2/conditions/0/conditions/1/conditions/0': true,
      'condition/2/conditions/0/conditions/1/conditions/1': 'error',
      'condition/2/conditions/0/conditions/2': true,
    });
  });
});
