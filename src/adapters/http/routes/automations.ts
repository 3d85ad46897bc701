import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import type { AutomationTrace, TraceSummary } from '../../../core/automation-ports.js';
import { NotFoundError } from '../../../core/errors.js';
import { routeDoc } from '../route-doc.js';
import { parseInput } from '../validate.js';
import {
  AutomationItemSchema,
  AutomationListItemSchema,
  AutomationProblemSchema,
  AutomationTraceSchema,
  ReloadResultSchema,
  TraceSummarySchema,
  TriggerResultSchema,
} from './automation-schemas.js';

/** One automation in a list. */
export type AutomationListItem = z.infer<typeof AutomationListItemSchema>;

/** One automation with its configuration and current runs. */
export type AutomationItem = z.infer<typeof AutomationItemSchema>;

/** A problem found loading the automations folder. */
export type AutomationProblem = z.infer<typeof AutomationProblemSchema>;

/** What the automation routes need (the automation engine provides it; app.ts passes it in). */
export interface AutomationApiDeps {
  list(): readonly AutomationListItem[];
  get(id: string): AutomationItem | undefined;
  diagnostics(): readonly AutomationProblem[];
  trigger(id: string, options: { skip_condition?: boolean; variables?: Record<string, unknown> }): Promise<z.infer<typeof TriggerResultSchema>>;
  setEnabled(id: string, enabled: boolean): AutomationListItem;
  reload(): Promise<z.infer<typeof ReloadResultSchema>>;
  traces(id: string, limit?: number): readonly TraceSummary[];
  trace(id: string, runId: string): AutomationTrace | undefined;
}

const Id = z.object({ id: z.string().min(1).max(255) });
const TraceParams = Id.extend({ run_id: z.string().min(1).max(64) });
const TriggerBody = z
  .object({
    skip_condition: z.boolean().optional().describe('default true: run the actions without checking the conditions (as Home Assistant does)'),
    variables: z.record(z.string(), z.unknown()).optional().describe('extra variables for the run'),
  })
  .strict();
const TracesQuery = z.object({ limit: z.coerce.number().int().min(1).max(100).optional() });

const AutomationList = z.object({ count: z.number().int(), automations: z.array(AutomationListItemSchema) });
const Diagnostics = z.object({ count: z.number().int(), errors: z.number().int(), diagnostics: z.array(AutomationProblemSchema) });
const Reloaded = z.object({ result: ReloadResultSchema, errors: z.number().int(), diagnostics: z.array(AutomationProblemSchema) });
const Traces = z.object({ automation_id: z.string(), count: z.number().int(), traces: z.array(TraceSummarySchema).describe('newest first') });

export function registerAutomationRoutes(app: FastifyInstance, deps: AutomationApiDeps): void {
  const need = (id: string): AutomationItem => {
    const found = deps.get(id);
    if (!found) throw new NotFoundError(`no automation '${id}'`);
    return found;
  };

  app.get('/api/automations', routeDoc({ summary: 'List automations', response: AutomationList }), async () => {
    const automations = [...deps.list()].sort((a, b) => a.id.localeCompare(b.id));
    return { count: automations.length, automations };
  });

  app.get('/api/automations/diagnostics', routeDoc({ summary: 'Problems found loading the automations folder', response: Diagnostics }), async () => {
    const diagnostics = deps.diagnostics();
    return { count: diagnostics.length, errors: diagnostics.filter((d) => d.severity === 'error').length, diagnostics };
  });

  app.post('/api/automations/reload', routeDoc({ summary: 'Reload the automations folder', response: Reloaded }), async () => {
    const result = await deps.reload();
    const diagnostics = deps.diagnostics();
    return { result, errors: diagnostics.filter((d) => d.severity === 'error').length, diagnostics };
  });

  app.get('/api/automations/:id', routeDoc({ summary: 'One automation with its configuration and current runs', params: Id, response: AutomationItemSchema }), async (request) => need(parseInput(Id, request.params, 'path').id));

  app.post('/api/automations/:id/trigger', routeDoc({ summary: 'Run an automation now', params: Id, body: TriggerBody, response: TriggerResultSchema }), async (request) => {
    const { id } = parseInput(Id, request.params, 'path');
    need(id);
    const body = parseInput(TriggerBody, request.body ?? {}, 'body');
    const options: { skip_condition?: boolean; variables?: Record<string, unknown> } = {};
    if (body.skip_condition !== undefined) options.skip_condition = body.skip_condition;
    if (body.variables !== undefined) options.variables = body.variables;
    return deps.trigger(id, options);
  });

  for (const [action, enabled] of [['enable', true], ['disable', false]] as const) {
    app.post(`/api/automations/:id/${action}`, routeDoc({ summary: `${enabled ? 'Enable' : 'Disable'} an automation`, params: Id, response: AutomationListItemSchema }), async (request) => {
      const { id } = parseInput(Id, request.params, 'path');
      need(id);
      return deps.setEnabled(id, enabled);
    });
  }

  app.get('/api/automations/:id/traces', routeDoc({ summary: 'Recent runs of an automation', params: Id, query: TracesQuery, response: Traces }), async (request) => {
    const { id } = parseInput(Id, request.params, 'path');
    const { limit } = parseInput(TracesQuery, request.query, 'query');
    const traces = deps.traces(id, limit);
    if (traces.length === 0 && !deps.get(id)) throw new NotFoundError(`no automation '${id}'`);
    return { automation_id: id, count: traces.length, traces };
  });

  app.get('/api/automations/:id/traces/:run_id', routeDoc({ summary: 'The step-by-step trace of one run', params: TraceParams, response: AutomationTraceSchema }), async (request) => {
    const { id, run_id: runId } = parseInput(TraceParams, request.params, 'path');
    const trace = deps.trace(id, runId);
    if (!trace) throw new NotFoundError(`no trace '${runId}' of automation '${id}'`);
    return trace;
  });
}
