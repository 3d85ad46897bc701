/**
 * Automation run traces: what happened in one run of an automation, from the trigger to the outcome,
 * modelled on Home Assistant's traces. The automation engine writes them through the TraceStore port;
 * the storage adapter keeps the last few per automation.
 */

/** How a run ended (Home Assistant's `script_execution` values). */
export type RunOutcome =
  /** the actions ran to the end (or a `stop` without error) */
  | 'finished'
  /** the automation's conditions did not pass; no action ran */
  | 'failed_conditions'
  /** mode single: a run was already going */
  | 'failed_single'
  /** mode queued/parallel: `max` runs were already running or waiting */
  | 'failed_max_runs'
  /** stopped from outside: restart, reload, disable, shutdown */
  | 'cancelled'
  /** stopped by the automation itself: `stop` with `error: true`, a failing inline condition, a wait that timed out */
  | 'aborted'
  /** a step failed */
  | 'error';

/** One recorded step: a condition, an action, or a part of one, keyed by a Home Assistant style path. */
export interface TraceStep {
  /** e.g. `condition/0`, `action/2/choose/0/sequence/1`, `action/3/repeat/sequence/0` */
  readonly path: string;
  /** what the step is, e.g. `call switch.turn_on`, `delay`, `condition state` */
  readonly kind: string;
  readonly alias?: string;
  readonly timestamp: string;
  readonly duration_ms: number;
  /** 1-based iteration for steps inside a repeat */
  readonly iteration?: number;
  /** what the step found or did: compared values, rendered data, published messages, chosen branch… */
  readonly result?: Readonly<Record<string, unknown>>;
  /** the step's error (also when continue_on_error let the run go on) */
  readonly error?: string;
  /** variables the step set or changed */
  readonly changed_variables?: Readonly<Record<string, unknown>>;
}

/** One evaluated condition with the values it compared. */
export interface ConditionTrace {
  readonly path: string;
  /** `state`, `numeric_state`, `time`, `trigger`, `template`, `and`, `or`, `not` */
  readonly condition: string;
  readonly alias?: string;
  readonly result: boolean | null;
  /** the values compared, e.g. `{entity_id, state: "21.5", wanted: {above: 20}}`; absent when not evaluated */
  readonly compared?: Readonly<Record<string, unknown>>;
  readonly message?: string;
  /** false when the result was decided before this condition was reached (and/or stop early); absent otherwise */
  readonly evaluated?: false;
  /** what raised while evaluating it (unknown entity, failing template, value not a number); `result` is then null */
  readonly error?: string;
  readonly conditions?: readonly ConditionTrace[];
}

export interface TraceTrigger {
  readonly idx: number;
  readonly id: string;
  readonly platform: string;
  readonly description: string;
  /** the `trigger` variable as the templates saw it (JSON) */
  readonly variables: Readonly<Record<string, unknown>>;
}

export interface AutomationTrace {
  readonly run_id: string;
  readonly automation_id: string;
  readonly alias: string;
  readonly source: { readonly file: string; readonly line: number; readonly column: number };
  /** hash of the automation's YAML when it ran */
  readonly config_hash: string;
  readonly start: string;
  readonly finish: string;
  readonly duration_ms: number;
  readonly outcome: RunOutcome;
  readonly error: string | null;
  /** why a run was cancelled (restart, reload, disabled, shutdown) or why it stopped */
  readonly reason: string | null;
  /** manual runs (API/UI) have no trigger */
  readonly trigger: TraceTrigger | null;
  readonly context: { readonly id: string; readonly parent_id: string | null; readonly origin: string };
  /** variables when the run started (automation variables, trigger variables) */
  readonly variables: Readonly<Record<string, unknown>>;
  /** the automation's conditions (empty when it has none or they were skipped) */
  readonly conditions: readonly ConditionTrace[];
  readonly conditions_skipped: boolean;
  readonly steps: readonly TraceStep[];
  /** the path of the last step that ran */
  readonly last_step: string | null;
}

/** A short form for lists. */
export interface TraceSummary {
  readonly run_id: string;
  readonly automation_id: string;
  readonly start: string;
  readonly finish: string;
  readonly duration_ms: number;
  readonly outcome: RunOutcome;
  readonly error: string | null;
  readonly trigger: string | null;
  readonly last_step: string | null;
}

/** Where traces are kept. Implementations keep a bounded number per automation. */
/**
 * A trace handed to the store: complete, or built on demand. A store that writes behind builds only the
 * traces it will keep, so a busy automation does not pay for the JSON of traces that are trimmed anyway.
 */
export type TraceInput =
  | AutomationTrace
  | { readonly automation_id: string; readonly run_id: string; build(): AutomationTrace };

export interface TraceStore {
  /** stores a trace; `keep` overrides how many of this automation's traces are kept */
  save(trace: TraceInput, keep?: number): void;
  /** newest first */
  list(automationId: string, limit?: number): TraceSummary[];
  get(automationId: string, runId: string): AutomationTrace | undefined;
  /** writes what is still buffered (stores that write behind); the engine calls it when it stops */
  flush?(): void;
}

export function traceSummary(trace: AutomationTrace): TraceSummary {
  return {
    run_id: trace.run_id,
    automation_id: trace.automation_id,
    start: trace.start,
    finish: trace.finish,
    duration_ms: trace.duration_ms,
    outcome: trace.outcome,
    error: trace.error,
    trigger: trace.trigger?.description ?? null,
    last_step: trace.last_step,
  };
}
