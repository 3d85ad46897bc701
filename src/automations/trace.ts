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
  private readonly steps: StepRecord[] = [];
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
    this.last = path;
    const kept = this.steps.length < MAX_STEPS;
    const record = new StepRecord(path, kind, options.alias, options.iteration, this.clock, kept);
    if (kept) this.steps.push(record);
    else this.dropped++;
    return record;
  }

  finish(outcome: RunOutcome, error: string | null, reason: string | null): AutomationTrace {
    const finish = this.clock.now();
    const steps =
      this.dropped > 0
        ? [
            ...this.steps.map((r) => r.toStep()),
            {
              path: 'trace',
              kind: 'truncated',
              timestamp: finish.toISOString(),
              duration_ms: 0,
              result: { steps_left_out: this.dropped },
            },
          ]
        : this.steps.map((r) => r.toStep());
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

/** whether `o` has an own key, without listing them */
function hasKeys(o: object): boolean {
  for (const k in o) if (Object.hasOwn(o, k)) return true;
  return false;
}

/**
 * One step as it is recorded: its handle too (no closures per step), made into a TraceStep when the run ends.
 * A step past MAX_STEPS is only timed and left out.
 */
class StepRecord implements StepHandle {
  private readonly begin: Date;
  private duration = 0;
  private result: Record<string, unknown> | undefined;
  private changed: Record<string, unknown> | undefined;
  private error: string | undefined;

  constructor(
    private readonly path: string,
    private readonly kind: string,
    private readonly alias: string | undefined,
    private readonly iteration: number | undefined,
    private readonly clock: Clock,
    private readonly kept: boolean,
  ) {
    this.begin = clock.now();
  }

  done(result?: Readonly<Record<string, unknown>>, changed?: Readonly<Record<string, unknown>>): void {
    if (!this.kept) return;
    this.duration = this.clock.now().getTime() - this.begin.getTime();
    if (result) this.result = jsonRecord(result);
    if (changed && hasKeys(changed)) this.changed = jsonRecord(changed);
  }

  failed(error: unknown, result?: Readonly<Record<string, unknown>>): void {
    if (!this.kept) return;
    this.duration = this.clock.now().getTime() - this.begin.getTime();
    this.error = error instanceof Error ? error.message : String(toJson(error));
    if (result) this.result = jsonRecord(result);
  }

  toStep(): TraceStep {
    return {
      path: this.path,
      kind: this.kind,
      ...(this.alias !== undefined ? { alias: this.alias } : {}),
      timestamp: this.begin.toISOString(),
      duration_ms: this.duration,
      ...(this.iteration !== undefined ? { iteration: this.iteration } : {}),
      ...(this.error !== undefined ? { error: this.error } : {}),
      ...(this.result !== undefined ? { result: this.result } : {}),
      ...(this.changed !== undefined ? { changed_variables: this.changed } : {}),
    };
  }
}
