// The last log entries in memory, for the panel's log view and GET /api/logs: a logger wrapped by `tail.wrap` also
// keeps each entry at or above its level in a ring of `capacity` (the oldest go first), redacted as the printed lines
// are. Logs are few (not one per message), so copying an entry's fields costs nothing that matters. Watchers (the
// panel's live log, GET /api/events/logs) get each kept entry as it is kept; with none, keeping costs nothing more.
import type { Logger } from '../../core/logger.js';
import type { LogEntry, LogLevel, LogTail } from '../../core/ports.js';
import { redactDeep } from './redact.js';

const RANK: Readonly<Record<LogLevel, number>> = { trace: 10, debug: 20, info: 30, warn: 40, error: 50 };

export function createLogTail(level: string, capacity = 1_000): LogTail & { wrap(log: Logger): Logger } {
  const min = RANK[level as LogLevel] ?? RANK.info;
  const ring: LogEntry[] = [];
  const watchers = new Set<(entry: LogEntry) => void>();
  let next = 1;
  const keep = (lvl: LogLevel, bindings: Record<string, unknown>, msg: string, fields?: Record<string, unknown>) => {
    if (RANK[lvl] < min) return;
    const { part, ...rest } = { ...bindings, ...fields } as Record<string, unknown>;
    const entry: LogEntry = {
      id: next++,
      time: new Date().toISOString(),
      level: lvl,
      part: typeof part === 'string' ? part : null,
      msg: redactDeep(msg) as string,
      fields: redactDeep(rest) as Record<string, unknown>,
    };
    ring.push(entry);
    if (ring.length > capacity) ring.shift();
    for (const watcher of watchers) watcher(entry);
  };
  const wrap = (log: Logger, bindings: Record<string, unknown>): Logger => {
    const at =
      (lvl: LogLevel) =>
      (msg: string, fields?: Record<string, unknown>): void => {
        keep(lvl, bindings, msg, fields);
        log[lvl](msg, fields);
      };
    return {
      trace: at('trace'),
      debug: at('debug'),
      info: at('info'),
      warn: at('warn'),
      error: at('error'),
      child: (b) => wrap(log.child(b), { ...bindings, ...b }),
    };
  };
  return {
    wrap: (log) => wrap(log, {}),
    entries: ({ after, level: atLeast }) => ring.filter((e) => e.id > after && RANK[e.level] >= RANK[atLeast]),
    get capacity() {
      return capacity;
    },
    watch(listener) {
      const own = (entry: LogEntry) => listener(entry);
      watchers.add(own);
      return () => {
        watchers.delete(own);
      };
    },
    get watchers() {
      return watchers.size;
    },
  };
}
