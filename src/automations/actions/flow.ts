/**
 * Steps that contain steps: choose, if/then/else, repeat (count, while, until, for_each), sequence,
 * parallel. Each nested sequence gets its own variable scope; a failing inline condition ends only
 * the sequence it is in (a repeat's iteration, a choose branch, …).
 */
import type { Action, ChooseAction, IfAction, ParallelAction, RepeatAction } from '../schema/actions.js';
import type { ConditionOutcome } from '../conditions/types.js';
import { toJson } from '../native.js';
import { ConditionFailed, checkCancelled, type RunState, type Scope } from './types.js';

/** Runs a list of steps at `path/<index>` in `scope`. */
export type SequenceRunner = (
  steps: readonly Action[],
  path: string,
  scope: Scope,
  run: RunState,
  iteration?: number,
) => Promise<void>;

/** Repeats stop after this many iterations, so a loop that never ends cannot take the process with it. */
export const MAX_ITERATIONS = 10_000;
const YIELD_EVERY = 100;

/** Runs a nested sequence in a child scope; a failing inline condition ends just this sequence. */
export async function nested(
  runner: SequenceRunner,
  steps: readonly Action[],
  path: string,
  scope: Scope,
  run: RunState,
  iteration?: number,
): Promise<void> {
  try {
    await runner(steps, path, scope, run, iteration);
  } catch (err) {
    if (!(err instanceof ConditionFailed)) throw err;
  }
}

export async function chooseStep(
  step: ChooseAction,
  path: string,
  scope: Scope,
  run: RunState,
  runner: SequenceRunner,
): Promise<Record<string, unknown>> {
  const checked: Record<string, unknown>[] = [];
  for (const [i, option] of step.choose.entries()) {
    const outcome = await run.block(option.conditions, `${path}/choose/${i}/conditions`).evaluate(scope.all());
    // an option whose conditions raise is not taken (Home Assistant's `_async_choose_step`)
    checked.push({
      option: i,
      ...(option.alias !== undefined ? { alias: option.alias } : {}),
      passed: outcome.passed,
      ...(outcome.error !== undefined ? { error: outcome.error } : {}),
      conditions: outcome.results,
    });
    if (outcome.passed) {
      await nested(runner, option.sequence, `${path}/choose/${i}/sequence`, scope.child(), run);
      return { choice: i, options: checked };
    }
  }
  if (step.default) await nested(runner, step.default, `${path}/default`, scope.child(), run);
  return { choice: step.default ? 'default' : null, options: checked };
}

export async function ifStep(
  step: IfAction,
  path: string,
  scope: Scope,
  run: RunState,
  runner: SequenceRunner,
): Promise<Record<string, unknown>> {
  // conditions that raise take the `else` branch (Home Assistant's `_async_if_step`)
  const outcome = await run.block(step.if, `${path}/if`).evaluate(scope.all());
  if (outcome.passed) await nested(runner, step.then, `${path}/then`, scope.child(), run);
  else if (step.else) await nested(runner, step.else, `${path}/else`, scope.child(), run);
  const choice = outcome.passed ? 'then' : step.else ? 'else' : null;
  return { choice, ...(outcome.error !== undefined ? { error: outcome.error } : {}), conditions: outcome.results };
}

function toCount(value: unknown): number {
  const n = typeof value === 'number' ? value : Number(String(value).trim());
  if (!Number.isFinite(n) || n < 0)
    throw new Error(`repeat count must be a whole number, got ${JSON.stringify(value)}`);
  return Math.floor(n);
}

/** Home Assistant aborts the run when `for_each` renders to anything but a list (a text is not split). */
function toItems(value: unknown): unknown[] {
  if (Array.isArray(value)) return value;
  throw new Error(`Repeat 'for_each' must be a list of items, got: ${JSON.stringify(toJson(value))}`);
}

const stopped = (iterations: number, check: ConditionOutcome): Record<string, unknown> => ({
  iterations,
  ...(check.error !== undefined ? { error: check.error } : {}),
  stopped_by: check.results,
});

export async function repeatStep(
  step: RepeatAction,
  path: string,
  scope: Scope,
  run: RunState,
  runner: SequenceRunner,
): Promise<Record<string, unknown>> {
  const spec = step.repeat;
  const { templates } = run.deps;
  const seqPath = `${path}/repeat/sequence`;
  let iterations = 0;
  const iterate = async (repeat: Record<string, unknown>): Promise<Scope> => {
    iterations++;
    if (iterations > MAX_ITERATIONS) throw new Error(`repeat stopped after ${MAX_ITERATIONS} iterations`);
    if (iterations % YIELD_EVERY === 0) await new Promise((r) => setImmediate(r));
    checkCancelled(run);
    const inner = scope.child({ repeat });
    await nested(runner, spec.sequence, seqPath, inner, run, iterations);
    return inner;
  };

  if (spec.mode === 'count' || spec.mode === 'for_each') {
    const items =
      spec.mode === 'count'
        ? Array.from(
            {
              length: toCount(
                typeof spec.count === 'string' ? templates.compile(spec.count).native(scope.all()) : spec.count,
              ),
            },
            () => undefined,
          )
        : toItems(templates.renderValue(spec.for_each, scope.all()));
    for (const [i, item] of items.entries()) {
      await iterate({
        index: i + 1,
        first: i === 0,
        last: i === items.length - 1,
        ...(spec.mode === 'for_each' ? { item } : {}),
      });
    }
    return { iterations };
  }

  const block =
    spec.mode === 'while'
      ? run.block(spec.while, `${path}/repeat/while`)
      : run.block(spec.until, `${path}/repeat/until`);
  for (let index = 1; ; index++) {
    const repeat = { index, first: index === 1 };
    if (spec.mode === 'while') {
      const check = await block.evaluate({ ...scope.all(), repeat });
      if (!check.passed) return stopped(iterations, check);
      await iterate(repeat);
    } else {
      const inner = await iterate(repeat);
      const check = await block.evaluate({ ...inner.all(), repeat });
      // `until` conditions that raise end the loop too (Home Assistant breaks on None)
      if (check.passed || check.error !== undefined) return stopped(iterations, check);
    }
  }
}

export async function parallelStep(
  step: ParallelAction,
  path: string,
  scope: Scope,
  run: RunState,
  runner: SequenceRunner,
): Promise<Record<string, unknown>> {
  const branches = step.parallel.map((action, i) =>
    action.enabled ? nested(runner, [action], `${path}/parallel/${i}`, scope.child(), run) : Promise.resolve(),
  );
  const settled = await Promise.allSettled(branches);
  const failed = settled.find((s): s is PromiseRejectedResult => s.status === 'rejected');
  if (failed) throw failed.reason;
  return { branches: branches.length };
}
