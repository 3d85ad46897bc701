/** What running actions needs: the run, scoped variables, and the signals that end a sequence or a run. */
import type { AlertStore } from '../../core/alerts.js';
import type { CommandRouter } from '../../core/commands.js';
import type { Context } from '../../core/context.js';
import type { MessageBus } from '../../core/ports.js';
import type { Registry } from '../../core/registry.js';
import type { ConditionTrace } from '../../core/automation-ports.js';
import type { Condition } from '../model.js';
import type { ConditionBlock } from '../conditions/types.js';
import type { TraceRecorder } from '../trace.js';
import type { TriggerRuntime } from '../triggers/index.js';
import type { SceneControl } from '../scenes/control.js';
import type { ScriptControl } from '../scripts/control.js';

/** What `automation.*` actions can do to automations (the engine implements it). */
export interface AutomationControl {
  /** the automation id an `automation.<x>` entity id names, undefined when none */
  resolve(entityId: string): string | undefined;
  setEnabled(id: string, enabled: boolean, stopActions: boolean): void;
  isEnabled(id: string): boolean;
  trigger(
    id: string,
    options: { skip_condition: boolean; variables: Record<string, unknown>; context: Context },
  ): Promise<unknown>;
  reload(): Promise<unknown>;
}

/** Shared by every run of every automation. */
export interface ActionDeps extends TriggerRuntime {
  readonly registry: Registry;
  readonly commands: CommandRouter;
  readonly messages: MessageBus;
  readonly alerts: AlertStore;
  readonly automations: AutomationControl;
  /** persistent_notification ids → alert ids, for dismiss */
  readonly notifications: Map<string, number>;
  /** `script.*` actions: the folder's scripts (`scripts/`); absent, a run that reaches one fails */
  readonly scripts?: ScriptControl;
  /** `scene.*` actions: the folder's scenes and those `scene.create` made (`scenes/`) */
  readonly scenes?: SceneControl;
}

/** One run. */
export interface RunState {
  readonly automationId: string;
  readonly context: Context;
  /** aborted when the run is cancelled (made on first use: most runs never wait for anything) */
  readonly signal: AbortSignal;
  /** why the run was cancelled, once it was: read between steps without making the signal */
  readonly cancelled?: string | undefined;
  readonly trace: TraceRecorder;
  readonly deps: ActionDeps;
  /** the compiled condition block at `path` (compiled once per automation) */
  block(conditions: readonly Condition[], path: string): ConditionBlock;
  /** what the run answers whoever waits for it (a conversation trigger): `set_conversation_response` sets it */
  readonly reply?: RunReply;
}

/** A run's answer; `conversation_response` undefined: never set. */
export interface RunReply {
  conversation_response?: string | null;
}

/** Variables in nested scopes: a step sees its parents' variables; what it sets stays in its scope. */
export class Scope {
  private readonly own: Record<string, unknown>;

  constructor(
    private readonly parent: Scope | undefined,
    own: Readonly<Record<string, unknown>> = {},
  ) {
    this.own = { ...own };
  }

  all(): Record<string, unknown> {
    return this.parent ? { ...this.parent.all(), ...this.own } : { ...this.own };
  }

  set(name: string, value: unknown): void {
    this.own[name] = value;
  }

  child(own: Readonly<Record<string, unknown>> = {}): Scope {
    return new Scope(this, own);
  }
}

/** `stop:` — ends the run (with `error: true` as failed); `response` is its `response_variable`'s value. */
export class StopRun extends Error {
  constructor(
    message: string,
    readonly isError: boolean,
    readonly response?: unknown,
  ) {
    super(message);
    this.name = 'StopRun';
  }
}

/** An inline `condition` did not pass (or raised, `error`): ends the sequence it is in. */
export class ConditionFailed extends Error {
  constructor(
    readonly path: string,
    readonly results: readonly ConditionTrace[] = [],
    readonly error?: string,
  ) {
    super(`condition at ${path} did not pass${error !== undefined ? ` (error: ${error})` : ''}`);
    this.name = 'ConditionFailed';
  }
}

/** The run was cancelled from outside (restart, reload, disable, shutdown). */
export class RunCancelled extends Error {
  constructor(readonly reason: string) {
    super(`cancelled: ${reason}`);
    this.name = 'RunCancelled';
  }
}

/** A wait with `continue_on_timeout: false` timed out: ends the run. */
export class WaitTimedOut extends StopRun {
  constructor(path: string) {
    super(`wait at ${path} timed out`, true);
  }
}

export const isControlFlow = (err: unknown): boolean =>
  err instanceof StopRun || err instanceof ConditionFailed || err instanceof RunCancelled;

/** Throws RunCancelled when the run was cancelled. */
export function checkCancelled(run: Pick<RunState, 'signal' | 'cancelled'>): void {
  if (run.cancelled !== undefined) throw new RunCancelled(run.cancelled);
}
