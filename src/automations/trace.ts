/** Builds the trace of one run as it goes: trigger, conditions, each step with its timing, the outcome. */
import type { AutomationTrace, ConditionTrace, RunOutcome, TraceStep, TraceTrigger } from '../core/automation-ports.js';
import type { Clock } from '../core/clock.js';
import type { Context } from '../core/context.js';
import { jsonRecord, toJson } from './native.js';
import { maskSecrets, type SecretsUsed } from './secrets.js';
import type { TriggerFire } from './triggers/index.js';

/** Steps kept per trace; a run that loops for long keeps its first ones and says how many were left out. */
const MAX_STEPS = 500;

export interface TracedAutomation {
  readonly id: string;
  readonly alias: string;
  readonly file: string;
  readonly line: number;
  readonly column: number;
  readonly source_hash: string;
  /** `!secret` values it uses: masked in its traces */
  readonly secrets?: SecretsUsed | undefined;
}

export interface StepHandle {
  /** records the step as done; `result` and `changed` become JSON */
  done(result?: Readonly<Record<string, unknown>>, changed?: Readonly<Record<string, unknown>>): void;
  failed(error: unknown, result?: Readonly<Record<string, unknown>>): void;
}

export class TraceRecorder {
  private readonly started: Date;
  private trigger: TraceTrigger | null = null;
  private variables: Record<string, unknown> = {};
  private conditions: ConditionTrace[] = [];
  private conditionsSkipped = false;
  private readonly steps: TraceStep[] = [];
  private dropped = 0;
  private last: string | null = null;

  constructor(
    private readonly automation: TracedAutomation,
    readonly runId: string,
    private readonly context: Context,
    private readonly clock: Clock,
  ) {
    this.started = clock.now();
  }

  private startedText: string | undefined;
  get startedAt(): string {
    this.startedText ??= this.started.toISOString();
    return this.startedText;
  }

  get lastStep(): string | null {
    return this.last;
  }

  get triggerDescription(): string | null {
    return this.trigger?.description ?? null;
  }

  /**
   * The trigger's variables are kept as they are (a trigger builds them afresh for each fire and nothing
   * changes them); they become JSON with the rest of the trace, and only for the traces that are stored.
   */
  setTrigger(fire: TriggerFire | null): void {
    this.trigger = fire
      ? {
          idx: fire.idx,
          id: fire.id,
          platform: fire.platform,
          description: fire.description,
          variables: fire.variables as Record<string, unknown>,
        }
      : null;
  }

  setVariables(vars: Readonly<Record<string, unknown>>): void {
    const { trigger: _t, this: _this, ...rest } = vars;
    this.variables = jsonRecord(rest);
  }

  setConditions(results: ConditionTrace[], skipped: boolean): void {
    this.conditions = results;
    this.conditionsSkipped = skipped;
  }

  /** starts recording a step; steps are listed in the order they started (a container before its steps) */
  step(
    path: string,
    kind: string,
    options: { alias?: string | undefined; iteration?: number | undefined } = {},
  ): StepHandle {
    const begin = this.clock.now();
    this.last = path;
    const base: TraceStep = {
      path,
      kind,
      ...(options.alias !== undefined ? { alias: options.alias } : {}),
      timestamp: begin.toISOString(),
      duration_ms: 0,
      ...(options.iteration !== undefined ? { iteration: options.iteration } : {}),
    };
    const slot = this.steps.length < MAX_STEPS ? this.steps.push(base) - 1 : -1;
    if (slot < 0) this.dropped++;
    const settle = (extra: Partial<TraceStep>): void => {
      if (slot >= 0)
        this.steps[slot] = { ...base, duration_ms: this.clock.now().getTime() - begin.getTime(), ...extra };
    };
    return {
      done: (result, changed) =>
        settle({
          ...(result ? { result: jsonRecord(result) } : {}),
          ...(changed && Object.keys(changed).length > 0 ? { changed_variables: jsonRecord(changed) } : {}),
        }),
      failed: (error, result) =>
        settle({
          error: error instanceof Error ? error.message : String(toJson(error)),
          ...(result ? { result: jsonRecord(result) } : {}),
        }),
    };
  }

  finish(outcome: RunOutcome, error: string | null, reason: string | null): AutomationTrace {
    const finish = this.clock.now();
    const steps =
      this.dropped > 0
        ? [
            ...this.steps,
            {
              path: 'trace',
              kind: 'truncated',
              timestamp: finish.toISOString(),
              duration_ms: 0,
              result: { steps_left_out: this.dropped },
            },
          ]
        : this.steps;
    // a secret's value never reaches the trace store, whole or inside rendered text (issue 21)
    return maskSecrets<AutomationTrace>(
      {
        run_id: this.runId,
        automation_id: this.automation.id,
        alias: this.automation.alias,
        source: { file: this.automation.file, line: this.automation.line, column: this.automation.column },
        config_hash: this.automation.source_hash,
        start: this.startedAt,
        finish: finish.toISOString(),
        duration_ms: finish.getTime() - this.started.getTime(),
        outcome,
        error,
        reason,
        trigger: this.trigger,
        context: { id: this.context.id, parent_id: this.context.parentId, origin: this.context.origin },
        variables: this.variables,
        conditions: this.conditions,
        conditions_skipped: this.conditionsSkipped,
        steps,
        last_step: this.last,
      },
      this.automation.secrets,
    );
  }
}
