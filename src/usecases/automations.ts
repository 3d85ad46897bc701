// The loaded automations: list them (words, enabled), read one, the problems the folder has, reload it.
import { z } from 'zod';
import { NotFoundError } from '../core/errors.js';
import {
  AutomationItemSchema,
  AutomationListItemSchema,
  AutomationProblemSchema,
  ReloadResultSchema,
  type AutomationItem,
  type AutomationListItem,
} from './automation-schemas.js';
import type { UseCaseDeps } from './deps.js';
import { cursorArg, jsonCopy, limitArg, pageOutput, paginate } from './shared.js';
import { closest, normalizeText, wordMatches } from '../core/similarity.js';

export type AutomationDeps = Pick<UseCaseDeps, 'automations'>;

export const automationIdArg = z.string().min(1).max(255).describe('The automation id (from list_automations).');

export const AutomationRowSchema = z.object({
  id: z.string(),
  alias: z.string(),
  enabled: z.boolean(),
  mode: z.string(),
  last_triggered: z.string().nullable(),
  last_outcome: z.string().nullable(),
  error_count: z.number().int(),
});

/** The compact row of an automation (drops file positions and config). */
export function automationRow(a: AutomationListItem): z.infer<typeof AutomationRowSchema> {
  return {
    id: a.id,
    alias: a.alias,
    enabled: a.enabled,
    mode: a.mode,
    last_triggered: a.last_triggered,
    last_outcome: a.last_outcome,
    error_count: a.error_count,
  };
}

/** The automation with this id; unknown ids fail with the closest ids. */
export function needAutomation(deps: AutomationDeps, id: string): AutomationItem {
  const found = deps.automations.get(id);
  if (found) return found;
  const all = deps.automations.list();
  const near = closest(
    id,
    all.flatMap((a) => [a.id, a.alias]),
  );
  const ids = [
    ...new Set(near.map((n) => all.find((a) => a.id === n || a.alias === n)?.id).filter((x) => x !== undefined)),
  ];
  const hint =
    ids.length > 0 ? ` Closest: ${ids.join(', ')}.` : all.length === 0 ? ' There are no automations loaded.' : '';
  throw new NotFoundError(`Unknown automation "${id}".${hint} Call list_automations to see every id.`);
}

/** The automations matching the words and the enabled flag, by id. */
export function findAutomations(
  deps: AutomationDeps,
  filter: { query?: string | undefined; enabled?: boolean | undefined },
): AutomationListItem[] {
  const words = filter.query === undefined ? [] : normalizeText(filter.query).split(' ').filter(Boolean);
  return [...deps.automations.list()]
    .filter((a) => filter.enabled === undefined || a.enabled === filter.enabled)
    .filter((a) => words.length === 0 || words.every((w) => wordMatches(w, normalizeText(`${a.id} ${a.alias}`))))
    .sort((a, b) => a.id.localeCompare(b.id));
}

// ---------- list_automations: compact rows, paginated ----------

export const ListAutomationsInput = z.object({
  query: z.string().max(200).optional().describe('Words to look for in the automation id or alias.'),
  enabled: z.boolean().optional().describe('Only enabled (true) or disabled (false) automations.'),
  limit: limitArg(50, 200),
  cursor: cursorArg,
});

export const ListAutomationsOutput = z.object({ ...pageOutput, items: z.array(AutomationRowSchema) });

export function listAutomations(deps: AutomationDeps, args: z.infer<typeof ListAutomationsInput>) {
  const { page, ...rest } = paginate(findAutomations(deps, args).map(automationRow), args.limit, args.cursor);
  return { ...rest, items: page };
}

// ---------- every automation with its whole row (GET /api/automations) ----------

export const AllAutomationsOutput = z.object({
  count: z.number().int(),
  automations: z.array(AutomationListItemSchema),
});

export function allAutomations(deps: AutomationDeps): z.infer<typeof AllAutomationsOutput> {
  const automations = findAutomations(deps, {});
  return { count: automations.length, automations };
}

// ---------- one automation ----------

export const GetAutomationInput = z.object({ id: automationIdArg });

export const GetAutomationOutput = AutomationRowSchema.extend({
  file: z.string().optional(),
  line: z.number().int().optional(),
  config: z.unknown().describe('the automation as written (triggers, conditions, actions)'),
  running: z.number().int().describe('runs going on right now'),
});

/** The compact row with where it is defined, its configuration and how many runs are going on. */
export function getAutomation(deps: AutomationDeps, args: z.infer<typeof GetAutomationInput>) {
  const a = needAutomation(deps, args.id);
  return {
    ...automationRow(a),
    file: a.file,
    line: a.line,
    config: jsonCopy(a.config ?? null) as unknown,
    running: a.runs.length,
  };
}

export const AutomationItemOutput = AutomationItemSchema;

/** The automation's whole item: row, source hash, configuration, current runs. */
export function automationItem(deps: AutomationDeps, args: z.infer<typeof GetAutomationInput>): AutomationItem {
  return needAutomation(deps, args.id);
}

// ---------- the folder: problems and reload ----------

export const AutomationDiagnosticsOutput = z.object({
  count: z.number().int(),
  errors: z.number().int(),
  diagnostics: z.array(AutomationProblemSchema),
});

export function automationDiagnostics(deps: AutomationDeps): z.infer<typeof AutomationDiagnosticsOutput> {
  const diagnostics = [...deps.automations.diagnostics()];
  return { count: diagnostics.length, errors: diagnostics.filter((d) => d.severity === 'error').length, diagnostics };
}

export const ReloadAutomationsOutput = z.object({
  result: ReloadResultSchema,
  errors: z.number().int(),
  diagnostics: z.array(AutomationProblemSchema),
});

export async function reloadAutomations(deps: AutomationDeps): Promise<z.infer<typeof ReloadAutomationsOutput>> {
  const result = await deps.automations.reload();
  const diagnostics = [...deps.automations.diagnostics()];
  return { result, errors: diagnostics.filter((d) => d.severity === 'error').length, diagnostics };
}
