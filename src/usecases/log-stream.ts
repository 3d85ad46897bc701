// The log live (the panel's GET /api/events/logs): the kept entries after `after` first (as GET /api/logs answers
// them), then every new entry at the level or above as the logging adapter keeps it, redacted as kept. A watcher is
// one listener on the log tail that exists only while someone watches. New entries gather for one flush (250 ms)
// and go as one batch; what waits is bounded (1 MiB: the oldest dropped first), and a client that reads too slowly
// (`sink.blocked()`) loses the batch, counted in `dropped`, which every later batch reports.
import { z } from 'zod';
import { UnavailableError } from '../core/errors.js';
import type { LogEntry } from '../core/ports.js';
import type { UseCaseDeps } from './deps.js';
import {
  DEFAULT_FLUSH_MS,
  DEFAULT_MAX_PENDING_BYTES,
  flushTimer,
  type LiveOptions,
  type LiveSink,
} from './live-batches.js';
import { LEVELS, LogEntrySchema, TailLogsInput, tailLogs } from './logs.js';

export const WatchLogsInput = TailLogsInput.extend({
  limit: z.coerce
    .number()
    .int()
    .min(0)
    .max(1000)
    .default(200)
    .describe('How many of the kept entries to send first, the newest (0–1000, default 200).'),
});

export const LogBatchSchema = z.object({
  entries: z.array(LogEntrySchema).describe('new entries, oldest first'),
  dropped: z.number().int().describe('entries dropped since the stream opened because this client read too slowly'),
});
export type LogBatch = z.infer<typeof LogBatchSchema>;

export interface LogWatch {
  stop(): void;
  readonly batches: number;
  readonly dropped: number;
}

const rank = (level: LogEntry['level']): number => LEVELS.indexOf(level);
/** roughly what an entry takes in memory and on the wire */
const sizeOf = (e: LogEntry): number => 120 + e.msg.length + (e.part?.length ?? 0) + JSON.stringify(e.fields).length;

/** Starts watching; `sink` gets the kept entries and then batches of new ones, never synchronously. */
export function watchLogs(
  deps: Pick<UseCaseDeps, 'logs'>,
  input: z.output<typeof WatchLogsInput>,
  sink: LiveSink<LogBatch>,
  options: LiveOptions = {},
): LogWatch {
  const logs = deps.logs;
  if (!logs) throw new UnavailableError('this server keeps no log in memory');
  const min = rank(input.level);
  const needle = input.search?.toLowerCase();
  const maxPending = options.maxPendingBytes ?? DEFAULT_MAX_PENDING_BYTES;
  const pending: LogEntry[] = input.limit > 0 ? [...tailLogs(deps, { ...input, limit: input.limit }).entries] : [];
  let pendingBytes = pending.reduce((n, e) => n + sizeOf(e), 0);
  let last = pending.at(-1)?.id ?? input.after;
  let batches = 0;
  let dropped = 0;

  const flush = (): void => {
    if (pending.length === 0) return;
    const entries = pending.splice(0);
    pendingBytes = 0;
    if (sink.blocked()) {
      dropped += entries.length;
      return;
    }
    batches++;
    sink.send({ entries, dropped });
  };
  const timer = flushTimer(options.flushMs ?? DEFAULT_FLUSH_MS, flush);

  const unwatch = logs.watch((entry) => {
    if (entry.id <= last || rank(entry.level) < min) return;
    if (needle && !entry.msg.toLowerCase().includes(needle) && !(entry.part ?? '').toLowerCase().includes(needle))
      return;
    last = entry.id;
    pending.push(entry);
    pendingBytes += sizeOf(entry);
    while (pendingBytes > maxPending && pending.length > 1) {
      const oldest = pending.shift();
      if (oldest) pendingBytes -= sizeOf(oldest);
      dropped++;
    }
    timer.schedule();
  });
  if (pending.length > 0) timer.schedule(0);

  return {
    stop() {
      unwatch();
      timer.stop();
      pending.length = 0;
      pendingBytes = 0;
    },
    get batches() {
      return batches;
    },
    get dropped() {
      return dropped;
    },
  };
}
