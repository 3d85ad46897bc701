/** One run of an automation's actions: executes them, then records how it ended. */
import type { AutomationTrace, RunOutcome } from '../core/automation-ports.js';
import { runSequence } from './actions/sequence.js';
import { ConditionFailed, RunCancelled, Scope, StopRun, type RunState } from './actions/types.js';
import type { Action } from './model.js';
import type { QueuedRun } from './modes.js';

export interface RunEnd {
  readonly outcome: RunOutcome;
  readonly error: string | null;
  readonly reason: string | null;
  /** a `stop` with `response_variable`: what it returned (a script's response) */
  readonly response?: unknown;
}

/** How the action sequence ended, from what it threw. */
export function endOf(err: unknown): RunEnd {
  if (err === undefined) return { outcome: 'finished', error: null, reason: null };
  if (err instanceof RunCancelled) return { outcome: 'cancelled', error: null, reason: err.reason };
  if (err instanceof StopRun)
    return err.isError
      ? { outcome: 'aborted', error: err.message, reason: err.message }
      : {
          outcome: 'finished',
          error: null,
          reason: `stopped: ${err.message}`,
          ...(err.response !== undefined ? { response: err.response } : {}),
        };
  if (err instanceof ConditionFailed) return { outcome: 'aborted', error: null, reason: err.message };
  return { outcome: 'error', error: err instanceof Error ? err.message : String(err), reason: null };
}

export class Run implements QueuedRun {
  /** made when something first asks for the signal (a wait, a delay, a script call): most runs never do */
  private controller: AbortController | undefined;
  private cancelledWith: string | undefined;
  private phase: 'waiting' | 'running' | 'ended' = 'waiting';
  private ended: Promise<void> | undefined;
  readonly startedAt: string;
  /** resolves when the run has ended (whether it ran, was refused or was cancelled while waiting) */
  readonly done: Promise<void>;
  private markDone: () => void = () => undefined;

  private readonly run: RunState;

  constructor(
    readonly id: string,
    private readonly actions: readonly Action[],
    private readonly vars: Readonly<Record<string, unknown>>,
    base: Omit<RunState, 'signal'>,
    private readonly onEnd: (trace: AutomationTrace, end: RunEnd) => void,
  ) {
    const self = this;
    this.run = {
      ...base,
      get signal() {
        return self.signal();
      },
      get cancelled() {
        return self.cancelledWith;
      },
    };
    this.done = new Promise((resolve) => {
      this.markDone = resolve;
    });
    this.startedAt = base.trace.startedAt;
  }

  private signal(): AbortSignal {
    if (!this.controller) {
      this.controller = new AbortController();
      if (this.cancelledWith !== undefined) this.controller.abort(this.cancelledWith);
    }
    return this.controller.signal;
  }

  get status(): 'waiting' | 'running' | 'ended' {
    return this.phase;
  }

  get lastStep(): string | null {
    return this.run.trace.lastStep;
  }

  get trigger(): string | null {
    return this.run.trace.triggerDescription;
  }

  start(): Promise<void> {
    if (this.ended) return this.ended;
    this.phase = 'running';
    this.ended = runSequence(this.actions, 'action', new Scope(undefined, this.vars), this.run).then(
      () => this.end(endOf(undefined)),
      (err: unknown) => this.end(endOf(err)),
    );
    return this.ended;
  }

  cancel(reason: string): Promise<void> {
    if (this.phase === 'ended') return this.ended ?? Promise.resolve();
    if (this.phase === 'waiting') {
      this.end({ outcome: 'cancelled', error: null, reason });
      this.ended = Promise.resolve();
      return this.ended;
    }
    this.cancelledWith = reason;
    this.controller?.abort(reason);
    return this.ended ?? Promise.resolve();
  }

  private end(end: RunEnd): void {
    if (this.phase === 'ended') return;
    this.phase = 'ended';
    try {
      this.onEnd(this.run.trace.finish(end.outcome, end.error, end.reason), end);
    } finally {
      this.markDone();
    }
  }
}
