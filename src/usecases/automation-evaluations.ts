// "Why didn't it fire?" (issue 20): the last evaluations of an automation's triggers for entity changes, each with
// a plain sentence (to: "on" wanted, new state was "off"; value 18.5 not above 20; wait cancelled …) and, for a
// trigger that fired, the run it started and whether that run's trace can be read.
import { z } from 'zod';
import { automationIdArg, needAutomation, type AutomationDeps } from './automations.js';

export const GetAutomationEvaluationsInput = z.object({
  id: automationIdArg,
  entity_id: z.string().min(1).max(255).optional().describe('Only the evaluations for this entity.'),
  limit: z
    .number()
    .int()
    .min(1)
    .max(50)
    .default(20)
    .describe('How many evaluations, newest first (1–50, default 20; an automation keeps its last 50).'),
});

export const TriggerEvaluationSchema = z.object({
  time: z.string().describe('when the entity changed (ISO 8601)'),
  trigger: z.object({
    idx: z.number().int().describe("the trigger's position in the automation's list, from 0"),
    id: z.string().nullable().describe("the trigger's own `id`, when it has one"),
    platform: z.string(),
  }),
  entity_id: z.string(),
  attribute: z.string().nullable().describe('the attribute the trigger watches; null: the state'),
  from: z.unknown().describe('the watched value before the change (a template trigger: its result)'),
  to: z.unknown().describe('the watched value after the change'),
  outcome: z.enum(['fired', 'waiting', 'wait_cancelled', 'not_matched', 'error']),
  reason: z.string().describe('the reason as a code: to_mismatch, from_mismatch, not_above, no_crossing, fired, …'),
  sentence: z.string().describe('the reason in words, e.g. `to: "on" wanted, new state was "off"`'),
  run_id: z.string().nullable().describe('the run the fire started (or the trace it left when it did not run)'),
  run_status: z
    .string()
    .nullable()
    .describe('what became of the fire: started, queued, failed_conditions, failed_single, own_change, …'),
  trace: z.boolean().describe("true when run_id's trace is stored and can be read"),
});

export const GetAutomationEvaluationsOutput = z.object({
  automation_id: z.string(),
  count: z.number().int(),
  evaluations: z.array(TriggerEvaluationSchema).describe('newest first'),
});

export type TriggerEvaluationItem = z.infer<typeof TriggerEvaluationSchema>;

/** The automation's last trigger evaluations (only `entity_id`'s when given); unknown ids fail with the closest. */
export function getAutomationEvaluations(
  deps: AutomationDeps,
  args: { id: string; entity_id?: string | undefined; limit?: number | undefined },
): z.infer<typeof GetAutomationEvaluationsOutput> {
  const a = needAutomation(deps, args.id);
  const found = deps.automations.evaluations(a.id, { entity_id: args.entity_id, limit: args.limit ?? 20 });
  const linked = found.some((e) => e.run_id !== null);
  const stored = new Set(linked ? deps.automations.traces(a.id, 200).map((t) => t.run_id) : []);
  const evaluations = found.map((e) => ({ ...e, trace: e.run_id !== null && stored.has(e.run_id) }));
  return { automation_id: a.id, count: evaluations.length, evaluations };
}
