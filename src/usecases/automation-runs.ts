// Running automations: run one now, enable or disable them, read what their runs did (traces).
import { z } from 'zod';
import type { AutomationTrace, TraceSummary } from '../core/automation-ports.js';
import { NotFoundError, errorMessage } from '../core/errors.js';
import type { AutomationListItem } from './automation-schemas.js';
import {
  automationIdArg,
  automationRow,
  AutomationRowSchema,
  needAutomation,
  type AutomationDeps,
} from './automations.js';
import { jsonCopy } from './shared.js';
import {
  getAutomationEvaluations,
  TriggerEvaluationSchema,
  type TriggerEvaluationItem,
} from './automation-evaluations.js';

// ---------- run now ----------

export const TriggerAutomationInput = z.object({
  id: automationIdArg,
  skip_condition: z.boolean().default(false).describe('true: run the actions even if the conditions do not pass.'),
  variables: z
    .record(z.string(), z.unknown())
    .optional()
    .describe("Extra variables the automation's templates can read during this run."),
});

export const TriggerAutomationOutput = z.object({ id: z.string(), run_id: z.string(), status: z.string() });

/** Runs the actions now; without skip_condition the engine's default applies (conditions skipped). */
export async function triggerAutomation(
  deps: AutomationDeps,
  args: { id: string; skip_condition?: boolean | undefined; variables?: Record<string, unknown> | undefined },
) {
  const a = needAutomation(deps, args.id);
  const result = await deps.automations.trigger(a.id, {
    ...(args.skip_condition !== undefined ? { skip_condition: args.skip_condition } : {}),
    ...(args.variables !== undefined ? { variables: args.variables } : {}),
  });
  return { id: a.id, run_id: result.run_id, status: result.status };
}

// ---------- enable / disable ----------

export const SetAutomationEnabledInput = z.object({
  ids: z
    .array(z.string().min(1).max(255))
    .min(1)
    .max(50)
    .describe('Ids of the automations to change (from list_automations).'),
  enabled: z
    .boolean()
    .describe(
      'true to enable (it reacts to its triggers again), false to disable (it ignores triggers; runs in progress are ' +
        'stopped).',
    ),
});

export const SetAutomationEnabledOutput = z.object({
  results: z.array(AutomationRowSchema),
  errors: z.array(z.object({ id: z.string(), message: z.string() })),
});

/** Several at once: unknown ids fail the whole call before anything changes; other failures are listed. */
export function setAutomationEnabled(deps: AutomationDeps, args: z.infer<typeof SetAutomationEnabledInput>) {
  const found = [...new Set(args.ids)].map((id) => needAutomation(deps, id));
  const results = [];
  const errors = [];
  for (const a of found) {
    try {
      results.push(automationRow(deps.automations.setEnabled(a.id, args.enabled)));
    } catch (err) {
      errors.push({ id: a.id, message: errorMessage(err) });
    }
  }
  return { results, errors };
}

/** One automation; answers its whole row. */
export function enableAutomation(deps: AutomationDeps, args: { id: string; enabled: boolean }): AutomationListItem {
  const a = needAutomation(deps, args.id);
  return deps.automations.setEnabled(a.id, args.enabled);
}

// ---------- traces ----------

export const GetAutomationTracesInput = z.object({
  id: automationIdArg,
  run_id: z
    .string()
    .min(1)
    .max(64)
    .optional()
    .describe("One run's id: returns that run's full step-by-step trace instead of the list."),
  limit: z
    .number()
    .int()
    .min(1)
    .max(50)
    .default(10)
    .describe('How many recent runs to list, newest first (1–50, default 10).'),
  evaluations: z
    .boolean()
    .default(false)
    .describe(
      'true: also the last evaluations of its triggers for entity changes, to see why a change did not fire it ' +
        '(to: "on" wanted, new state was "off"; value 18.5 not above 20; wait cancelled …) or what became of the fire.',
    ),
  entity_id: z.string().min(1).max(255).optional().describe('With evaluations: only those for this entity.'),
});

export const GetAutomationTracesOutput = z.object({
  automation_id: z.string(),
  runs: z
    .array(z.record(z.string(), z.unknown()))
    .describe('recent runs: run_id, start, finish, outcome, error, trigger, last_step'),
  trace: z
    .record(z.string(), z.unknown())
    .optional()
    .describe('with run_id: trigger, variables, conditions with compared values, every step with its result or error'),
  evaluations: z.array(TriggerEvaluationSchema).optional().describe('with evaluations: the last 20, newest first'),
});

/**
 * The recent runs (without a limit the engine's default number), or with run_id that run's whole trace. The
 * traces of an automation removed since stay readable; an id that has neither fails with the closest ids.
 */
export function getAutomationTraces(
  deps: AutomationDeps,
  args: {
    id: string;
    run_id?: string | undefined;
    limit?: number | undefined;
    evaluations?: boolean | undefined;
    entity_id?: string | undefined;
  },
): { automation_id: string; runs: TraceSummary[]; trace?: AutomationTrace; evaluations?: TriggerEvaluationItem[] } {
  if (args.run_id !== undefined) {
    const trace = deps.automations.trace(args.id, args.run_id);
    if (trace) return { automation_id: args.id, runs: [], trace: jsonCopy(trace) };
    const a = needAutomation(deps, args.id);
    const recent = deps.automations.traces(a.id, 5).map((t) => t.run_id);
    throw new NotFoundError(
      `No trace "${args.run_id}" for automation "${a.id}". ` +
        `${recent.length > 0 ? `Recent run ids: ${recent.join(', ')}.` : 'It has no recorded runs.'} ` +
        'Call get_automation_traces without run_id to list them.',
    );
  }
  // newest first by when each run started, as Home Assistant's trace list shows them (traces are stored when a run
  // ends, so a long run would otherwise come before the shorter ones that started after it); the sort is stable
  const runs = deps.automations
    .traces(args.id, args.limit)
    .map((t) => ({ ...t }))
    .sort((a, b) => (a.start < b.start ? 1 : a.start > b.start ? -1 : 0));
  if (runs.length === 0) needAutomation(deps, args.id);
  if (!args.evaluations) return { automation_id: args.id, runs };
  const { evaluations } = getAutomationEvaluations(deps, { id: args.id, entity_id: args.entity_id });
  return { automation_id: args.id, runs, evaluations };
}
