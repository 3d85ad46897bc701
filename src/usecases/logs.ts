// The log's last entries (the panel's log view, GET /api/logs): at a level or above, after the last one seen, with a
// text search; kept in memory by the logging adapter (the newest 1,000 at the configured level).
import { z } from 'zod';
import { UnavailableError } from '../core/errors.js';
import type { UseCaseDeps } from './deps.js';

export const LEVELS = ['trace', 'debug', 'info', 'warn', 'error'] as const;

export const TailLogsInput = z.object({
  level: z.enum(LEVELS).default('info').describe('Only entries at this level or above (default info).'),
  after: z.coerce
    .number()
    .int()
    .min(0)
    .default(0)
    .describe('Only entries after this id (the last_id of the previous answer), to follow the log.'),
  search: z.string().min(1).max(200).optional().describe('Only entries whose message or part contains this text.'),
  limit: z.coerce.number().int().min(1).max(1000).default(200).describe('At most this many, the newest (default 200).'),
});

export const LogEntrySchema = z.object({
  id: z.number().int(),
  time: z.string(),
  level: z.enum(LEVELS),
  part: z.string().nullable(),
  msg: z.string(),
  fields: z.record(z.string(), z.unknown()),
});

export const TailLogsOutput = z.object({
  entries: z.array(LogEntrySchema),
  last_id: z.number().int().describe('pass as `after` to get only what comes next'),
  kept: z.number().int().describe('how many entries are kept in memory at most'),
});

export function tailLogs(
  deps: Pick<UseCaseDeps, 'logs'>,
  args: z.output<typeof TailLogsInput>,
): z.infer<typeof TailLogsOutput> {
  if (!deps.logs) throw new UnavailableError('this server keeps no log in memory');
  const needle = args.search?.toLowerCase();
  const all = deps.logs
    .entries({ after: args.after, level: args.level })
    .filter((e) => !needle || e.msg.toLowerCase().includes(needle) || (e.part ?? '').toLowerCase().includes(needle));
  const entries = all.slice(-args.limit);
  const last = all.at(-1)?.id ?? args.after;
  return { entries, last_id: last, kept: deps.logs.capacity };
}
