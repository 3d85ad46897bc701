import { z } from 'zod';
import { NotFoundError } from '../../../core/errors.js';
import type { McpAutomationDetail, McpAutomationSummary, McpDeps } from '../deps.js';
import { closest } from '../similarity.js';

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
export function automationRow(a: McpAutomationSummary) {
  return { id: a.id, alias: a.alias, enabled: a.enabled, mode: a.mode, last_triggered: a.last_triggered, last_outcome: a.last_outcome, error_count: a.error_count };
}

export function needAutomation(deps: McpDeps, id: string): McpAutomationDetail {
  const found = deps.automations.get(id);
  if (found) return found;
  const all = deps.automations.list();
  const near = closest(id, all.flatMap((a) => [a.id, a.alias]));
  const ids = [...new Set(near.map((n) => all.find((a) => a.id === n || a.alias === n)?.id).filter((x): x is string => x !== undefined))];
  throw new NotFoundError(
    `Unknown automation "${id}".${ids.length > 0 ? ` Closest: ${ids.join(', ')}.` : all.length === 0 ? ' There are no automations loaded.' : ''} Call list_automations to see every id.`,
  );
}
