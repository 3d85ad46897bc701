import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { enableAutomation, getAutomationTraces, triggerAutomation } from '../../../usecases/automation-runs.js';
import {
  AutomationListItemSchema,
  AutomationTraceSchema,
  TraceSummarySchema,
  TriggerResultSchema,
} from '../../../usecases/automation-schemas.js';
import {
  AllAutomationsOutput,
  allAutomations,
  automationDiagnostics,
  AutomationDiagnosticsOutput,
  automationItem,
  AutomationItemOutput,
  ReloadAutomationsOutput,
  reloadAutomations,
} from '../../../usecases/automations.js';
import type { Automations } from '../../../usecases/deps.js';
import { getAutomationEvaluations, GetAutomationEvaluationsOutput } from '../../../usecases/automation-evaluations.js';
import { routeDoc } from '../route-doc.js';
import { parseInput } from '../validate.js';

/** What the automation routes need: the automation engine, through the use cases' port. */
export type AutomationApiDeps = Automations;

const Id = z.object({ id: z.string().min(1).max(255) });
const TraceParams = Id.extend({ run_id: z.string().min(1).max(64) });
const TriggerBody = z
  .object({
    skip_condition: z
      .boolean()
      .optional()
      .describe('default true: run the actions without checking the conditions (as Home Assistant does)'),
    variables: z.record(z.string(), z.unknown()).optional().describe('extra variables for the run'),
  })
  .strict();
const TracesQuery = z.object({ limit: z.coerce.number().int().min(1).max(100).optional() });
const EvaluationsQuery = z.object({
  entity_id: z.string().min(1).max(255).optional().describe('only the evaluations for this entity'),
  limit: z.coerce.number().int().min(1).max(50).optional().describe('how many, newest first (default 20)'),
});

const Traces = z.object({
  automation_id: z.string(),
  count: z.number().int(),
  traces: z.array(TraceSummarySchema).describe('newest first'),
});

export function registerAutomationRoutes(app: FastifyInstance, automations: AutomationApiDeps): void {
  const deps = { automations };

  app.get('/api/automations', routeDoc({ summary: 'List automations', response: AllAutomationsOutput }), async () =>
    allAutomations(deps),
  );

  app.get(
    '/api/automations/diagnostics',
    routeDoc({ summary: 'Problems found loading the automations folder', response: AutomationDiagnosticsOutput }),
    async () => automationDiagnostics(deps),
  );

  app.post(
    '/api/automations/reload',
    routeDoc({ summary: 'Reload the automations folder', response: ReloadAutomationsOutput }),
    async () => reloadAutomations(deps),
  );

  app.get(
    '/api/automations/:id',
    routeDoc({
      summary: 'One automation with its configuration and current runs',
      params: Id,
      response: AutomationItemOutput,
    }),
    async (request) => automationItem(deps, parseInput(Id, request.params, 'path')),
  );

  app.post(
    '/api/automations/:id/trigger',
    routeDoc({ summary: 'Run an automation now', params: Id, body: TriggerBody, response: TriggerResultSchema }),
    async (request) => {
      const { id } = parseInput(Id, request.params, 'path');
      const body = parseInput(TriggerBody, request.body ?? {}, 'body');
      const { run_id, status } = await triggerAutomation(deps, { ...body, id });
      return { run_id, status };
    },
  );

  for (const [action, enabled] of [
    ['enable', true],
    ['disable', false],
  ] as const) {
    app.post(
      `/api/automations/:id/${action}`,
      routeDoc({
        summary: `${enabled ? 'Enable' : 'Disable'} an automation`,
        params: Id,
        response: AutomationListItemSchema,
      }),
      async (request) => enableAutomation(deps, { id: parseInput(Id, request.params, 'path').id, enabled }),
    );
  }

  app.get(
    '/api/automations/:id/traces',
    routeDoc({ summary: 'Recent runs of an automation', params: Id, query: TracesQuery, response: Traces }),
    async (request) => {
      const { id } = parseInput(Id, request.params, 'path');
      const { limit } = parseInput(TracesQuery, request.query, 'query');
      const { automation_id, runs } = getAutomationTraces(deps, { id, limit });
      return { automation_id, count: runs.length, traces: runs };
    },
  );

  app.get(
    '/api/automations/:id/evaluations',
    routeDoc({
      summary: "Why didn't it fire: the last evaluations of an automation's triggers for entity changes",
      params: Id,
      query: EvaluationsQuery,
      response: GetAutomationEvaluationsOutput,
    }),
    async (request) => {
      const { id } = parseInput(Id, request.params, 'path');
      return getAutomationEvaluations(deps, { id, ...parseInput(EvaluationsQuery, request.query, 'query') });
    },
  );

  app.get(
    '/api/automations/:id/traces/:run_id',
    routeDoc({ summary: 'The step-by-step trace of one run', params: TraceParams, response: AutomationTraceSchema }),
    async (request) => {
      const { id, run_id } = parseInput(TraceParams, request.params, 'path');
      return getAutomationTraces(deps, { id, run_id }).trace;
    },
  );
}
