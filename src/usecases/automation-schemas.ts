// What the automation use cases hand over: the engine's rows, items, problems, reload results and traces.
// The types the engine must provide (the Automations port in deps.ts) are derived from these schemas, so
// /api/openapi.json describes exactly what the engine hands over.
import { z } from 'zod';

const RUN_OUTCOMES = [
  'finished',
  'failed_conditions',
  'failed_single',
  'failed_max_runs',
  'cancelled',
  'aborted',
  'error',
] as const;
const outcome = z.enum(RUN_OUTCOMES).describe('how a run ended (Home Assistant script_execution values)');

export const AutomationListItemSchema = z.object({
  id: z.string(),
  alias: z.string(),
  description: z.string().nullable(),
  enabled: z.boolean(),
  mode: z.string().describe('single, restart, queued or parallel'),
  max: z.number().int().describe('runs allowed at once (queued/parallel)'),
  file: z.string(),
  line: z.number().int(),
  column: z.number().int(),
  last_triggered: z.string().nullable().describe('when a trigger last fired (whether or not the conditions passed)'),
  last_ran: z.string().nullable().describe('when the actions last started'),
  last_outcome: outcome.nullable(),
  last_error: z.string().nullable(),
  error_count: z.number().int(),
  running: z.number().int(),
  waiting: z.number().int(),
});

export const AutomationItemSchema = AutomationListItemSchema.extend({
  source_hash: z.string(),
  config: z.record(z.string(), z.unknown()).describe('the normalised configuration'),
  runs: z.array(
    z.object({
      run_id: z.string(),
      state: z.enum(['waiting', 'running']),
      started: z.string(),
      trigger: z.string().nullable(),
      last_step: z.string().nullable(),
    }),
  ),
});

export const AutomationProblemSchema = z.object({
  file: z.string(),
  line: z.number().int(),
  column: z.number().int(),
  severity: z.enum(['error', 'warning']),
  message: z.string(),
  hint: z.string().optional(),
  automation_id: z.string().optional(),
});

export const ReloadResultSchema = z.object({
  added: z.array(z.string()),
  changed: z.array(z.string()),
  removed: z.array(z.string()),
  unchanged: z.number().int(),
  errors: z.number().int().describe('diagnostics with severity error'),
});

export const TriggerResultSchema = z.object({
  run_id: z.string(),
  status: z
    .union([z.enum(['started', 'queued']), outcome])
    .describe('started / queued, or the outcome when no action ran'),
});

export const TraceSummarySchema = z.object({
  run_id: z.string(),
  automation_id: z.string(),
  start: z.string(),
  finish: z.string(),
  duration_ms: z.number(),
  outcome,
  error: z.string().nullable(),
  trigger: z.string().nullable().describe('what fired it; null for manual runs'),
  last_step: z.string().nullable(),
});

const json = z.record(z.string(), z.unknown());

// conditions nest (and/or/not); the nested ones are left open rather than recursive, because a recursive
// schema becomes a local $ref that would not resolve once embedded in the OpenAPI document
const condition = {
  path: z.string(),
  condition: z.string().describe('state, numeric_state, time, trigger, template, and, or, not'),
  alias: z.string().optional(),
  result: z.boolean().nullable(),
  compared: json.optional().describe('the values compared; absent when not evaluated'),
  message: z.string().optional(),
  evaluated: z.literal(false).optional().describe('present (false) when an earlier condition already decided'),
  error: z.string().optional().describe('what raised while evaluating it; result is then null'),
};
const ConditionTraceSchema = z.object({
  ...condition,
  conditions: z.array(z.looseObject(condition)).optional().describe('nested conditions, same shape'),
});

export const AutomationTraceSchema = z.object({
  run_id: z.string(),
  automation_id: z.string(),
  alias: z.string(),
  source: z.object({ file: z.string(), line: z.number().int(), column: z.number().int() }),
  config_hash: z.string(),
  start: z.string(),
  finish: z.string(),
  duration_ms: z.number(),
  outcome,
  error: z.string().nullable(),
  reason: z.string().nullable().describe('why a run was cancelled or stopped'),
  trigger: z
    .object({ idx: z.number().int(), id: z.string(), platform: z.string(), description: z.string(), variables: json })
    .nullable()
    .describe('null for manual runs'),
  context: z.object({ id: z.string(), parent_id: z.string().nullable(), origin: z.string() }),
  variables: json,
  conditions: z.array(ConditionTraceSchema),
  conditions_skipped: z.boolean(),
  steps: z.array(
    z.object({
      path: z.string().describe('e.g. action/2/choose/0/sequence/1'),
      kind: z.string().describe('e.g. call switch.turn_on, delay'),
      alias: z.string().optional(),
      timestamp: z.string(),
      duration_ms: z.number(),
      iteration: z.number().int().optional(),
      result: json.optional(),
      error: z.string().optional(),
      changed_variables: json.optional(),
    }),
  ),
  last_step: z.string().nullable(),
});

/** One automation in a list. */
export type AutomationListItem = z.infer<typeof AutomationListItemSchema>;

/** One automation with its configuration and current runs. */
export type AutomationItem = z.infer<typeof AutomationItemSchema>;

/** A problem found loading the automations folder. */
export type AutomationProblem = z.infer<typeof AutomationProblemSchema>;

export type ReloadResult = z.infer<typeof ReloadResultSchema>;

export type TriggerResult = z.infer<typeof TriggerResultSchema>;
