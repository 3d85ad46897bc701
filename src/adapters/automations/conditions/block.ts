/**
 * A compiled condition block (an automation's `conditions:`, a `choose` option, an `if`, a repeat's
 * `while`/`until`, an inline `condition` step): one json-rules-engine Engine holding one rule.
 *
 * An Engine's run status is shared by everything running on it, so an Engine is never used by two
 * evaluations at once: each evaluation takes an idle Engine of this block (or builds one) and gives
 * it back when done.
 */
import { Engine } from 'json-rules-engine';
import type { ConditionTrace } from '../../../core/automation-ports.js';
import type { Condition } from '../loader.js';
import { ENGINE_OPTIONS, registerFacts, type ConditionDeps } from './facts.js';
import { conditionTree, explainTree } from './rules.js';

export type { ConditionDeps } from './facts.js';

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

const IDLE_ENGINES_KEPT = 4;

export function compileConditionBlock(conditions: readonly Condition[], prefix: string, deps: ConditionDeps): ConditionBlock {
  const tree = conditionTree(conditions, prefix);
  const empty = !conditions.some((c) => c.enabled);
  const idle: Engine[] = [];
  const build = (): Engine => {
    const engine = new Engine([], ENGINE_OPTIONS);
    registerFacts(engine, deps);
    engine.addRule({ name: prefix, conditions: tree, event: { type: 'conditions_passed' } });
    return engine;
  };
  // built now, so a block that cannot be built fails when the automation is set up, not when it runs
  idle.push(build());

  return {
    empty,
    async evaluate(vars) {
      if (empty) return { passed: true, results: [] };
      const engine = idle.pop() ?? build();
      try {
        const trigger = vars['trigger'];
        const { results, failureResults } = await engine.run({ variables: vars, trigger: trigger !== null && typeof trigger === 'object' ? trigger : {} });
        const passed = results.length > 0;
        const rule = passed ? results[0] : failureResults[0];
        return { passed, results: rule ? explainTree(rule.conditions) : [] };
      } finally {
        if (idle.length < IDLE_ENGINES_KEPT) idle.push(engine);
      }
    },
  };
}
