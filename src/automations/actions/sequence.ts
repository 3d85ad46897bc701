/**
 * Runs action steps in order, recording each in the trace with its timing and result. A step with
 * `continue_on_error: true` records its error and lets the sequence go on; `enabled: false` steps are
 * skipped.
 */
import type { Action } from '../schema/actions.js';
import { performDevice } from '../device-automation/actions.js';
import { performCall } from './call.js';
import { chooseStep, ifStep, nested, parallelStep, repeatStep } from './flow.js';
import { checkCancelled, ConditionFailed, isControlFlow, StopRun, type RunState, type Scope } from './types.js';
import { delayStep, waitForTriggerStep, waitTemplateStep } from './wait.js';

type Result = Record<string, unknown> | undefined;

/** What the trace calls a step. */
function kindOf(step: Action): string {
  return step.kind === 'call'
    ? `call ${step.action}`
    : step.kind === 'condition'
      ? `condition ${step.condition.condition}`
      : step.kind;
}

async function perform(
  step: Action,
  path: string,
  scope: Scope,
  run: RunState,
  changed: Record<string, unknown>,
): Promise<Result> {
  const { templates } = run.deps;
  switch (step.kind) {
    case 'call': {
      const result = await performCall(step, scope, run);
      // a direct script call's response (`stop` with `response_variable` in the script), as in Home Assistant
      if (step.response_variable !== undefined && 'response' in result) {
        scope.set(step.response_variable, result['response']);
        changed[step.response_variable] = result['response'];
      }
      return result;
    }
    case 'device':
      return performDevice(step, scope, run);
    case 'delay':
      return delayStep(step.delay, scope, run);
    case 'wait_template':
      return waitTemplateStep(step, path, scope, run);
    case 'wait_for_trigger':
      return waitForTriggerStep(step, path, scope, run);
    case 'condition': {
      // a condition that raises stops the sequence as a false one does (Home Assistant's `_async_condition_step`)
      const outcome = await run.block([step.condition], `${path}/condition`).evaluate(scope.all());
      if (!outcome.passed) throw new ConditionFailed(path, outcome.results, outcome.error);
      return { result: true, conditions: outcome.results };
    }
    case 'event': {
      const type = templates.renderValue(step.event, scope.all());
      const data = templates.renderValue(step.event_data, scope.all()) as Record<string, unknown>;
      run.deps.index.fireEvent(String(type), data, run.context);
      return { event: String(type), event_data: data };
    }
    case 'variables':
      for (const [name, value] of Object.entries(step.variables)) {
        const rendered = templates.renderValue(value, scope.all());
        scope.set(name, rendered);
        changed[name] = rendered;
      }
      return undefined;
    case 'stop': {
      if (step.error || step.response_variable === undefined) throw new StopRun(step.stop, step.error);
      // helpers/script.py `_async_stop_step`: the response is the named variable, which must be defined
      const vars = scope.all();
      if (!Object.hasOwn(vars, step.response_variable))
        throw new StopRun(`Response variable '${step.response_variable}' is not defined`, true);
      throw new StopRun(step.stop, false, vars[step.response_variable]);
    }
    case 'choose':
      return chooseStep(step, path, scope, run, runSequence);
    case 'if':
      return ifStep(step, path, scope, run, runSequence);
    case 'repeat':
      return repeatStep(step, path, scope, run, runSequence);
    case 'sequence':
      await nested(runSequence, step.sequence, `${path}/sequence`, scope.child(), run);
      return undefined;
    case 'parallel':
      return parallelStep(step, path, scope, run, runSequence);
    case 'set_conversation_response': {
      // helpers/script.py `_async_set_conversation_response_step`: rendered when reached; null sets none
      const source = step.set_conversation_response;
      const response = source === null ? null : templates.compile(source).render(scope.all());
      if (run.reply) run.reply.conversation_response = response;
      return { conversation_response: response };
    }
  }
}

/** Runs `steps` at `path/<index>`; variables set by a `variables` step stay in `scope`. */
export async function runSequence(
  steps: readonly Action[],
  path: string,
  scope: Scope,
  run: RunState,
  iteration?: number,
): Promise<void> {
  for (let i = 0; i < steps.length; i++) {
    const step = steps[i] as Action;
    if (!step.enabled) continue;
    checkCancelled(run);
    const at = `${path}/${i}`;
    const record = run.trace.step(at, kindOf(step), { alias: step.alias, iteration });
    const changed: Record<string, unknown> = {};
    try {
      const result = await perform(step, at, scope, run, changed);
      record.done(result, changed);
    } catch (err) {
      if (err instanceof ConditionFailed && err.path === at) {
        const error = err.error !== undefined ? { error: err.error } : {};
        record.done({ result: false, ...error, conditions: err.results });
        throw err;
      }
      if (isControlFlow(err)) {
        record.done(
          err instanceof StopRun
            ? { stop: err.message, error: err.isError }
            : { ended: err instanceof Error ? err.message : String(err) },
        );
        throw err;
      }
      record.failed(err);
      if (!step.continue_on_error) throw err;
    }
  }
}
