/**
 * What the `script.*` actions can do to the folder's scripts (implemented by `scripts.ts`, used by
 * `actions/call.ts` through `call-script.ts`). Kept apart so the action code needs no script internals.
 */
import type { Context } from '../../core/context.js';

/** How a call to a script went, as the calling step's trace records it. */
export interface ScriptCallResult {
  readonly script: string;
  readonly run_id: string | null;
  /** `started` / `queued` (turn_on), how the run ended (a direct call), or why it did not run */
  readonly status: string;
  /** a direct call: what the script's `stop` with `response_variable` returned */
  readonly response?: unknown;
  /** a direct call whose run failed: its error (the calling step fails with it, as in Home Assistant) */
  readonly error?: string;
  /** why the script did not run (already running, maximum runs, recursion) */
  readonly reason?: string;
}

export interface ScriptControl {
  /** the script id of `script.<id>`, undefined when no script has it */
  resolve(entityId: string): string | undefined;
  /** every script id, for hints */
  ids(): string[];
  /**
   * A direct `script.<id>` call: runs the script with `variables` (its fields' defaults filled in) and waits for
   * its end. `context` is the caller's run context; `signal` stops the script run when the caller is stopped.
   */
  call(
    id: string,
    variables: Record<string, unknown>,
    context: Context,
    signal?: AbortSignal,
  ): Promise<ScriptCallResult>;
  /** `script.turn_on`: starts a run and returns once it is admitted (does not wait for its end) */
  turnOn(id: string, variables: Record<string, unknown>, context: Context): Promise<ScriptCallResult>;
  /** `script.turn_off`: stops every run of the script */
  turnOff(id: string): Promise<void>;
  /** `script.toggle`: stops it when running, else starts it */
  toggle(id: string, context: Context): Promise<ScriptCallResult>;
  /** `script.reload` (and `scene.reload`): reloads the automations folder */
  reload(): Promise<unknown>;
}
