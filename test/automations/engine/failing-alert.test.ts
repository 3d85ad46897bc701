// An automation failing run after run raises one alert (issue 21), which its next good run resolves.
import { afterEach, describe, expect, it } from 'vitest';
import { FAILURES_FOR_ALERT } from '../../../src/automations/failure-streak.js';
import { startHarness, type Harness } from './harness.js';

let h: Harness | undefined;
afterEach(async () => {
  await h?.close();
  h = undefined;
});

const AUTOMATION = `
id: flaky
alias: Flaky lamp
mode: queued
triggers: [{trigger: event, event_type: never}]
actions:
  - if: "{{ not ok }}"
    then:
      - action: light.turn_on
        target: {entity_id: light.does_not_exist}
`;

describe('an automation failing repeatedly', () => {
  it('raises one alert after three errors in a row, and the next good run resolves it', async () => {
    h = await startHarness({ 'flaky.yaml': AUTOMATION });
    const run = async (ok: boolean) => {
      await h!.engine.trigger('flaky', { variables: { ok } });
      await h!.engine.whenIdle();
    };
    const failing = () => h!.alerts.list().filter((a) => a.type === 'automation_failing');
    for (let i = 1; i < FAILURES_FOR_ALERT; i++) await run(false);
    await run(true); // a good run in between starts the count again
    for (let i = 1; i < FAILURES_FOR_ALERT; i++) await run(false);
    expect(failing()).toEqual([]);
    await run(false);
    await run(false);
    expect(failing()).toHaveLength(1);
    expect(failing()[0]).toMatchObject({
      severity: 'error',
      acknowledged_at: null,
      message: expect.stringMatching(
        /^automation 'Flaky lamp' \(flaky\) failed 3 times in a row; last error: .*light\.does_not_exist/,
      ),
    });
    await run(true);
    expect(failing()[0]?.acknowledged_at).not.toBeNull();
  });
});
