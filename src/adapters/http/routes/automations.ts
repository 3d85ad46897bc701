import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import type { AutomationTrace, TraceSummary } from '../../../core/automation-ports.js';
import { NotFoundError } from '../../../core/errors.js';
import { parseInput } from '../validate.js';

/** One automation in a list. */
export interface AutomationListItem {
  readonly id: string;
  readonly alias: string;
  readonly enabled: boolean;
  readonly mode: string;
  readonly file: string;
  readonly line: number;
  readonly column: number;
  readonly last_triggered: string | null;
  readonly last_outcome: string | null;
  readonly error_count: number;
}

/** One automation with its configuration and current runs. */
export interface AutomationItem extends AutomationListItem {
  readonly config: unknown;
  readonly runs: readonly unknown[];
}

/** A problem found loading the automations folder. */
export interface AutomationProblem {
  readonly file: string;
  readonly line: number;
  readonly column: number;
  readonly severity: 'error' | 'warning';
  readonly message: string;
  readonly hint?: string;
  readonly automation_id?: string;
}

/** What the automation routes need (the automation engine provides it; app.ts passes it in). */
export interface AutomationApiDeps {
  list(): readonly AutomationListItem[];
  get(id: string): AutomationItem | undefined;
  diagnostics(): readonly AutomationProblem[];
  trigger(id: string, options: { skip_condition?: boolean; variables?: Record<string, unknown> }): Promise<{ readonly run_id: string; readonly status: string }>;
  setEnabled(id: string, enabled: boolean): AutomationListItem;
  reload(): Promise<unknown>;
  traces(id: string, limit?: number): readonly TraceSummary[];
  trace(id: string, runId: string): AutomationTrace | undefined;
}

const Id = z.object({ id: z.string().min(1).max(255) });
const TraceParams = Id.extend({ run_id: z.string().min(1).max(64) });
const TriggerBody = z
  .object({
    skip_condition: z.boolean().optional(),
    variables: z.record(z.string(), z.unknown()).optional(),
  })
  .strict();
const TracesQuery = z.object({ limit: z.coerce.number().int().min(1).max(100).optional() });

export function registerAutomationRoutes(app: FastifyInstance, deps: AutomationApiDeps): void {
  const need = (id: string): AutomationItem => {
    const found = deps.get(id);
    if (!found) throw new NotFoundError(`no automation '${id}'`);
    return found;
  };

  app.get('/api/automations', async () => {
    const automations = [...deps.list()].sort((a, b) => a.id.localeCompare(b.id));
    return { count: automations.length, automations };
  });

  app.get('/api/automations/diagnostics', async () => {
    const diagnostics = deps.diagnostics();
    return { count: diagnostics.length, errors: diagnostics.filter((d) => d.severity === 'error').length, diagnostics };
  });

  app.post('/api/automations/reload', async () => {
    const result = await deps.reload();
    const diagnostics = deps.diagnostics();
    return { result, errors: diagnostics.filter((d) => d.severity === 'error').length, diagnostics };
  });

  app.get('/api/automations/:id', async (request) => need(parseInput(Id, request.params, 'path').id));

  app.post('/api/automations/:id/trigger', async (request) => {
    const { id } = parseInput(Id, request.params, 'path');
    need(id);
    const body = parseInput(TriggerBody, request.body ?? {}, 'body');
    const options: { skip_condition?: boolean; variables?: Record<string, unknown> } = {};
    if (body.skip_condition !== undefined) options.skip_condition = body.skip_condition;
    if (body.variables !== undefined) options.variables = body.variables;
    return deps.trigger(id, options);
  });

  for (const [action, enabled] of [['enable', true], ['disable', false]] as const) {
    app.post(`/api/automations/:id/${action}`, async (request) => {
      const { id } = parseInput(Id, request.params, 'path');
      need(id);
      return deps.setEnabled(id, enabled);
    });
  }

  app.get('/api/automations/:id/traces', async (request) => {
    const { id } = parseInput(Id, request.params, 'path');
    const { limit } = parseInput(TracesQuery, request.query, 'query');
    const traces = deps.traces(id, limit);
    if (traces.length === 0 && !deps.get(id)) throw new NotFoundError(`no automation '${id}'`);
    return { automation_id: id, count: traces.length, traces };
  });

  app.get('/api/automations/:id/traces/:run_id', async (request) => {
    const { id, run_id: runId } = parseInput(TraceParams, request.params, 'path');
    const trace = deps.trace(id, runId);
    if (!trace) throw new NotFoundError(`no trace '${runId}' of automation '${id}'`);
    return trace;
  });
}
