/**
 * A condition block (an automation's `conditions:`, a `choose` option, an `if`, a repeat's `while`/`until`,
 * an inline `condition` step) as the domain sees it: compiled once, evaluated per run. Which rules engine
 * evaluates it is the adapter's business (`adapters/automations/conditions/`, json-rules-engine); the domain
 * receives a `ConditionCompiler`.
 */
import type { ConditionTrace } from '../../core/automation-ports.js';
import type { Clock } from '../../core/clock.js';
import type { StateStore } from '../../core/state-store.js';
import type { DeviceResolver } from '../device-automation/ids.js';
import type { Condition } from '../model.js';
import type { SunSource } from '../sun.js';
import type { TemplateEnv } from '../templates.js';

export interface ConditionDeps {
  readonly states: StateStore;
  readonly clock: Clock;
  readonly templates: TemplateEnv;
  /** the home's sun (sun conditions); absent when no location is configured */
  readonly sun?: SunSource | undefined;
  /** which entity a device condition means (`device-automation/ids.ts`) */
  readonly devices?: DeviceResolver | undefined;
}

export interface ConditionOutcome {
  /** false when the block failed or raised */
  readonly passed: boolean;
  /**
   * set when the block raised (Home Assistant's ConditionError: an unknown entity, a template that fails, a
   * value that is not a number…) rather than failed. Callers treat it as Home Assistant does: the
   * automation's conditions do not pass (with a warning), a `condition` step stops its sequence, a
   * `choose` option or `if` is not taken, a `while` or `until` loop ends.
   */
  readonly error?: string;
  readonly results: ConditionTrace[];
}

/**
 * How a block's own list treats a condition that raises. `continue`: the next ones are still checked and a
 * false one decides, else the block raises (the automation's `conditions:`, like `and`); `stop`: the block
 * raises at once (a script's `choose`/`if`/`while`/`until` conditions, Home Assistant's `_test_conditions`).
 */
export type ListErrors = 'continue' | 'stop';

export interface ConditionBlock {
  /** true when the block has no enabled condition (it always passes, nothing is evaluated) */
  readonly empty: boolean;
  /** evaluates against the current states; `vars` are what templates see (trigger, variables, …) */
  evaluate(vars: Readonly<Record<string, unknown>>): Promise<ConditionOutcome>;
}

/** Compiles a block; throws when it cannot be built, so the automation fails when it is set up, not when it runs. */
export type ConditionCompiler = (
  conditions: readonly Condition[],
  prefix: string,
  deps: ConditionDeps,
  errors?: ListErrors,
) => ConditionBlock;
