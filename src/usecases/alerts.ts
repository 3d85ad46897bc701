// Alerts: list them (active only, per device, per severity) and acknowledge them.
import { z } from 'zod';
import type { Alert } from '../core/alerts.js';
import { NotFoundError } from '../core/errors.js';
import type { UseCaseDeps } from './deps.js';

type AlertDeps = Pick<UseCaseDeps, 'alerts'>;

const SEVERITIES = ['info', 'warning', 'error', 'critical'] as const;

/** core/alerts.ts Alert */
export const AlertSchema = z.object({
  id: z.number().int(),
  time: z.string(),
  severity: z.enum(SEVERITIES),
  type: z.string().describe('device_timeout, device_error, command_timeout, command_failed, …'),
  message: z.string(),
  device_id: z.string().nullable(),
  entity_id: z.string().nullable(),
  acknowledged_at: z.string().nullable(),
  repeats: z
    .number()
    .int()
    .describe(
      'raised again this many times while active (one alert per type, device and entity; the message is the latest)',
    ),
  last_time: z.string().nullable().describe('when it was last raised again'),
});

export const GetAlertsInput = z.object({
  active_only: z
    .boolean()
    .default(true)
    .describe('true (default): only alerts not acknowledged yet; false: also acknowledged ones.'),
  device_id: z.string().max(200).optional().describe('Only alerts about this device.'),
  severity: z
    .array(z.enum(SEVERITIES))
    .max(4)
    .optional()
    .describe('Only these severities, e.g. ["error", "critical"].'),
  limit: z.number().int().min(1).max(500).default(50).describe('How many alerts, newest first (1–500, default 50).'),
});

export const GetAlertsOutput = z.object({ count: z.number().int(), alerts: z.array(AlertSchema) });

/** Alerts, newest first; without a limit the store's default number. */
export function getAlerts(
  deps: AlertDeps,
  args: Omit<z.infer<typeof GetAlertsInput>, 'limit'> & { limit?: number | undefined },
): { count: number; alerts: Alert[] } {
  const severities = args.severity ? new Set(args.severity) : undefined;
  // over-fetch when filtering by severity, which the store cannot do itself
  const limit = severities ? 1000 : args.limit;
  const alerts = deps.alerts
    .list({
      ...(args.active_only ? { active: true } : {}),
      ...(args.device_id !== undefined ? { device_id: args.device_id } : {}),
      ...(limit !== undefined ? { limit } : {}),
    })
    .filter((a) => !severities || severities.has(a.severity))
    .slice(0, args.limit)
    .map((a) => ({ ...a }));
  return { count: alerts.length, alerts };
}

export const AcknowledgeAlertInput = z.object({
  alert_ids: z
    .array(z.number().int().positive())
    .min(1)
    .max(100)
    .describe('Ids of the alerts to mark as seen (from get_alerts).'),
});

export const AcknowledgeAlertOutput = z.object({
  acknowledged: z.array(AlertSchema),
  not_found: z.array(z.number().int()),
});

/** Marks alerts as seen; fails only when none of them exists. */
export function acknowledgeAlert(deps: AlertDeps, args: z.infer<typeof AcknowledgeAlertInput>) {
  const acknowledged: Alert[] = [];
  const notFound: number[] = [];
  for (const id of new Set(args.alert_ids)) {
    const alert = deps.alerts.acknowledge(id);
    if (alert) acknowledged.push({ ...alert });
    else notFound.push(id);
  }
  if (acknowledged.length === 0) {
    const active = deps.alerts.list({ active: true, limit: 10 }).map((a) => a.id);
    throw new NotFoundError(
      `No alert with id ${notFound.join(', ')}. ` +
        `${active.length > 0 ? `Active alert ids: ${active.join(', ')}.` : 'There are no active alerts.'} ` +
        'Call get_alerts to see them.',
    );
  }
  return { acknowledged, not_found: notFound };
}
