// Condition blocks for tests: compiled from YAML as the loader reads it, against a real state store, and a
// compact summary of what a run's trace says of each condition.
import { expect } from 'vitest';
import { compileConditionBlock } from '../../../src/adapters/automations/conditions/block.js';
import { NOT_EVALUATED } from '../../../src/adapters/automations/conditions/rules.js';
import { loadAutomationText } from '../../../src/adapters/automations/loader.js';
import type { ConditionTrace } from '../../../src/core/automation-ports.js';
import type { ConditionOutcome, ListErrors } from '../../../src/automations/conditions/types.js';
import type { Condition } from '../../../src/automations/model.js';
import { createTemplateEnv } from '../../../src/automations/templates.js';
import { systemClock } from '../../../src/core/clock.js';
import { createEventBus } from '../../../src/core/event-bus.js';
import type { CoreEvents } from '../../../src/core/events.js';
import { silentLogger } from '../../../src/core/logger.js';
import { createStateStore } from '../../../src/core/state-store.js';

export function setup() {
  const states = createStateStore(createEventBus<CoreEvents>(silentLogger), systemClock);
  const deps = { states, clock: systemClock, templates: createTemplateEnv({ states, clock: systemClock }) };
  /** compiles the `conditions:` of a YAML automation snippet */
  const block = (yaml: string, mode?: ListErrors) => {
    const text = `triggers: [{trigger: event, event_type: x}]\nactions: [{event: y}]\nconditions:\n${yaml}`;
    const result = loadAutomationText(text, 'c.yaml');
    expect(result.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
    const conditions = result.automations[0]?.config.conditions as Condition[];
    return compileConditionBlock(conditions, 'condition', deps, mode);
  };
  return { states, block };
}

/** path → result, or 'error' / 'skipped', over the whole trace */
export function summary(outcome: ConditionOutcome): Record<string, boolean | 'error' | 'skipped' | 'unexplained null'> {
  const out: Record<string, boolean | 'error' | 'skipped' | 'unexplained null'> = {};
  const walk = (entries: readonly ConditionTrace[]): void => {
    for (const e of entries) {
      if (e.evaluated === false) expect(e.message).toBe(NOT_EVALUATED);
      if (e.error !== undefined) expect(e.result).toBeNull();
      out[e.path] =
        e.result ?? (e.evaluated === false ? 'skipped' : e.error !== undefined ? 'error' : 'unexplained null');
      walk(e.conditions ?? []);
    }
  };
  walk(outcome.results);
  return out;
}
