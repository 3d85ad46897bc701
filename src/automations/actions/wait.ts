/**
 * Steps that wait: `delay`, `wait_template` (until the template is true; re-checked when an entity it
 * reads changes) and `wait_for_trigger` (until one of its triggers fires). Both waits set the `wait`
 * variable: `{completed, remaining, trigger}`. A cancelled run stops waiting at once.
 */
import { resolveDuration } from '../durations.js';
import type { Duration } from '../model.js';
import type { WaitForTriggerAction, WaitTemplateAction } from '../schema/actions.js';
import { resultAsBoolean, templateIsTrue } from '../native.js';
import { PyFloat } from '../../protocol/template/index.js';
import { after, type Timer } from '../timers.js';
import { referencedEntities } from '../triggers/template.js';
import { armTriggers, type TriggerFire } from '../triggers/index.js';
import { RunCancelled, WaitTimedOut, type RunState, type Scope } from './types.js';

/** Waits `ms`; rejects with RunCancelled when the run is cancelled meanwhile. */
export function sleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal.aborted) return reject(new RunCancelled(String(signal.reason ?? 'cancelled')));
    const onAbort = (): void => {
      timer.cancel();
      reject(new RunCancelled(String(signal.reason ?? 'cancelled')));
    };
    const timer = after(ms, () => {
      signal.removeEventListener('abort', onAbort);
      resolve();
    });
    signal.addEventListener('abort', onAbort, { once: true });
  });
}

export async function delayStep(delay: Duration, scope: Scope, run: RunState): Promise<Record<string, unknown>> {
  const ms = resolveDuration(delay, run.deps.templates, scope.all());
  await sleep(ms, run.signal);
  return { delay_ms: ms };
}

interface WaitOutcome<T> {
  readonly completed: boolean;
  readonly value: T | undefined;
  /** seconds, a Python float as in Home Assistant (`{{ wait.remaining }}` renders 0.0, 5.0); null without a timeout */
  readonly remaining: PyFloat | null;
}

/**
 * Waits for `start` to call `done` (it returns its own cleanup), for the timeout, or for cancellation.
 */
function waitFor<T>(
  timeoutMs: number | undefined,
  run: RunState,
  start: (done: (value: T) => void) => () => void,
): Promise<WaitOutcome<T>> {
  const begin = run.deps.clock.now().getTime();
  const remaining = (): PyFloat | null => {
    if (timeoutMs === undefined) return null;
    return new PyFloat(Math.max(0, timeoutMs - (run.deps.clock.now().getTime() - begin)) / 1000);
  };
  return new Promise((resolve, reject) => {
    let timer: Timer | undefined;
    let cleanup: (() => void) | undefined;
    let settled = false;
    const finish = (outcome: WaitOutcome<T> | RunCancelled): void => {
      if (settled) return;
      settled = true;
      timer?.cancel();
      cleanup?.();
      run.signal.removeEventListener('abort', onAbort);
      if (outcome instanceof RunCancelled) reject(outcome);
      else resolve(outcome);
    };
    const onAbort = (): void => finish(new RunCancelled(String(run.signal.reason ?? 'cancelled')));
    if (run.signal.aborted) return onAbort();
    run.signal.addEventListener('abort', onAbort, { once: true });
    cleanup = start((value) => finish({ completed: true, value, remaining: remaining() }));
    if (settled) cleanup();
    else if (timeoutMs !== undefined) {
      timer = after(timeoutMs, () => finish({ completed: false, value: undefined, remaining: new PyFloat(0) }));
    }
  });
}

export async function waitTemplateStep(
  step: WaitTemplateAction,
  path: string,
  scope: Scope,
  run: RunState,
): Promise<Record<string, unknown>> {
  const template = run.deps.templates.compile(step.wait_template);
  const timeoutMs = step.timeout ? resolveDuration(step.timeout, run.deps.templates, scope.all()) : undefined;
  // Home Assistant checks a wait_template first with its template condition (`condition.async_template`:
  // "true" only), then waits with `async_track_template`, which goes on when the result turns from not
  // truthy to truthy (`result_as_boolean`: also yes/on/1)
  const render = (): string | undefined => {
    try {
      return template.render(scope.all());
    } catch {
      return undefined;
    }
  };
  const first = render();
  const outcome = await waitFor<true>(timeoutMs, run, (done) => {
    if (first !== undefined && templateIsTrue(first)) {
      done(true);
      return () => undefined;
    }
    const ids = referencedEntities(step.wait_template);
    let last = first !== undefined && resultAsBoolean(first);
    const check = (): void => {
      const now = render();
      const truthy = now !== undefined && resultAsBoolean(now);
      if (truthy && !last) done(true);
      // a failed render counts as not truthy: the next truthy one goes on (HA: last_result is a TemplateError)
      last = truthy;
    };
    const offs =
      ids.length > 0 ? ids.map((id) => run.deps.index.watchEntity(id, check)) : [run.deps.index.watchStates(check)];
    return () => {
      for (const off of offs) off();
    };
  });
  const wait = { completed: outcome.completed, remaining: outcome.remaining, trigger: null };
  scope.set('wait', wait);
  if (!outcome.completed && !step.continue_on_timeout) throw new WaitTimedOut(path);
  return { wait };
}

export async function waitForTriggerStep(
  step: WaitForTriggerAction,
  path: string,
  scope: Scope,
  run: RunState,
): Promise<Record<string, unknown>> {
  const timeoutMs = step.timeout ? resolveDuration(step.timeout, run.deps.templates, scope.all()) : undefined;
  const outcome = await waitFor<TriggerFire>(timeoutMs, run, (done) => {
    const armed = armTriggers(step.wait_for_trigger, run.deps, scope.all(), done);
    return () => armed.stop();
  });
  const wait = {
    completed: outcome.completed,
    remaining: outcome.remaining,
    trigger: outcome.value?.variables ?? null,
  };
  scope.set('wait', wait);
  if (!outcome.completed && !step.continue_on_timeout) throw new WaitTimedOut(path);
  return { wait: { ...wait, trigger: outcome.value ? outcome.value.description : null } };
}
