/**
 * A compiled condition block (an automation's `conditions:`, a `choose` option, an `if`, a repeat's
 * `while`/`until`, an inline `condition` step): one json-rules-engine Engine holding one rule.
 *
 * An Engine's run status is shared by everything running on it, so an Engine is never used by two
 * evaluations at once: each evaluation takes an idle Engine of this block (or builds one) and gives
 * it back when done. The errors a run records (path → message, see `rules.ts`) are a runtime fact of
 * that run, `ha_errors`.
 */
import { Engine } from 'json-rules-engine';
import type { ConditionCompiler } from '../../../automations/conditions/types.js';
import { NO_LOCATION, usesSun } from '../../../automations/sun.js';
import { ENGINE_OPTIONS, registerFacts } from './facts.js';
import { conditionTree, explainTree } from './rules.js';

const IDLE_ENGINES_KEPT = 4;

/** The domain's `ConditionCompiler`, on json-rules-engine. */
export const compileConditionBlock: ConditionCompiler = (conditions, prefix, deps, errors = 'stop') => {
  if (!deps.sun && usesSun(conditions)) throw new Error(`sun condition: ${NO_LOCATION}`);
  const tree = conditionTree(conditions, prefix, errors);
  const empty = !conditions.some((c) => c.enabled);
  const idle: Engine[] = [];
  const build = (): Engine => {
    const engine = new Engine([], ENGINE_OPTIONS);
    registerFacts(engine, deps);
    engine.addRule({ name: prefix, conditions: tree.root, event: { type: 'conditions_passed' } });
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
        const recorded = new Map<string, string>();
        const { results, failureResults } = await engine.run({
          variables: vars,
          trigger: trigger !== null && typeof trigger === 'object' ? trigger : {},
          ha_errors: recorded,
        });
        const error = tree.errorOf(recorded);
        const rule = results[0] ?? failureResults[0];
        const explained = rule ? explainTree(rule.conditions, recorded) : [];
        return {
          passed: results.length > 0 && error === undefined,
          ...(error !== undefined ? { error } : {}),
          results: explained,
        };
      } finally {
        if (idle.length < IDLE_ENGINES_KEPT) idle.push(engine);
      }
    },
  };
};
