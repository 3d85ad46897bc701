// Condition blocks whose conditions raise, and template conditions, held to Home Assistant's own tests
// (tests/helpers/test_condition.py; the rules are condition.py's ConditionsChecker, state_from_config and
// async_template, and script.py's _test_conditions).
import { describe, expect, it } from 'vitest';
import { setup, summary } from './condition-helpers.js';

describe('the list of a block', () => {
  const list = `  - "{{ undefined.state }}"\n  - "{{ is_state('light.a', 'on') }}"`;

  it("the automation's conditions go on after an error; a later false decides (ConditionsChecker)", async () => {
    // test_condition.py test_and_condition_raises, for condition.py's ConditionsChecker (the automation's list)
    const { states, block } = setup();
    const conditions = block(list, 'continue');
    states.set('light.a', 'off');
    const failed = await conditions.evaluate({});
    expect(failed.error).toBeUndefined();
    expect(summary(failed)).toEqual({ 'condition/0': 'error', 'condition/1': false });
    states.set('light.a', 'on');
    const raised = await conditions.evaluate({});
    expect(raised).toMatchObject({
      passed: false,
      error: expect.stringMatching(/^In 'condition' \(item 1 of 2\): 'undefined' is undefined/),
    });
    expect(summary(raised)).toEqual({ 'condition/0': 'error', 'condition/1': true });
  });

  it("a script's conditions stop at the first error (script.py _test_conditions)", async () => {
    // test_condition.py test_condition_template_error: a template that fails raises
    const { states, block } = setup();
    states.set('light.a', 'on');
    const raised = await block(list, 'stop').evaluate({});
    expect(raised).toMatchObject({ passed: false, error: expect.stringMatching(/^'undefined' is undefined/) });
    expect(summary(raised)).toEqual({ 'condition/0': 'error', 'condition/1': 'skipped' });
  });

  it('state with several entities and match any: every entity is checked, an unknown one raises', async () => {
    // condition.py state_from_config: match any collects the errors of all entities and raises them
    const { states, block } = setup();
    states.set('light.a', 'on');
    const any = block(`  - condition: state\n    entity_id: [light.a, light.missing]\n    match: any\n    state: "on"`);
    const outcome = await any.evaluate({});
    expect(outcome.error).toBe("In 'state' (item 2 of 2): unknown entity light.missing");
    expect(summary(outcome)).toEqual({
      'condition/0': 'error',
      'condition/0/entity_id/0': true,
      'condition/0/entity_id/1': 'error',
    });
  });
});

describe('template conditions', () => {
  it('pass only on a render that reads "true" in any case', async () => {
    // test_condition.py test_condition_template_invalid_results ('string', 10.1, 42, [1, 2, 3] are false)
    const { block } = setup();
    const passes = async (template: string) => (await block(`  - "${template}"`).evaluate({})).passed;
    for (const falsy of [
      "{{ 'string' }}",
      '{{ 10.1 }}',
      '{{ 42 }}',
      '{{ [1, 2, 3] }}',
      "{{ 'yes' }}",
      "{{ 'on' }}",
      '{{ 1 }}',
    ]) {
      expect([falsy, await passes(falsy)]).toEqual([falsy, false]);
    }
    for (const truthy of ['{{ true }}', '{{ 1 == 1 }}', "{{ 'TRUE' }}", "  {{ 'True' }}  "]) {
      expect([truthy, await passes(truthy)]).toEqual([truthy, true]);
    }
  });
});
