/**
 * A condition block (an automation's `conditions:`, a `choose` option, an `if`, a repeat's `while`/`until`,
 * an inline `condition` step) as the domain sees it: compiled once, evaluated per run. Which rules engine
 * evaluates it is the adapter's business (`adapters/automations/conditions/`, json-rules-engine); the domain
 * receives a `ConditionCompiler`.
 */
import type { ConditionTrace } from '../../core/automation-ports.js';
import type { Clock } from '../../core/clock.js';
import type { StateStore } from '../../core/state-store.js';
import type { Condition } from '../model.js';
import type { TemplateEnv } from '../templates.js';

export interface ConditionDeps {
  readonly states: StateStore;
  readonly clock: Clock;
  readonly templates: TemplateEnv;
}

export interface ConditionOutcome {
  readonly passed: boolean;
  readonly results: ConditionTrace[];
}

export interface ConditionBlock {
  /** true when the block has no enabled condition (it always passes, nothing is evaluated) */
  readonly empty: boolean;
  /** evaluates against the current states; `vars` are what templates see (trigger, variables, …) */
  evaluate(vars: Readonly<Record<string, unknown>>): Promise<ConditionOutcome>;
}

/** Compiles a block; throws when it cannot be built, so the automation fails when it is set up, not when it runs. */
export type ConditionCompiler = (conditions: readonly Condition[], prefix: string, deps: ConditionDeps) => ConditionBlock;
