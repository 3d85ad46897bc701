import type BetterSqlite3 from 'better-sqlite3';
import type { State } from '../../core/state.js';

export interface StateRecorderOptions {
  /** flush when this many changes are waiting */
  maxBatch?: number;
  /** flush at least this often */
  flushIntervalMs?: number;
}

/**
 * Buffers state changes and writes them in one transaction per batch: a history row each, and the
 * current state upserted. Small, frequent batches keep each flush short (it runs on the event loop).
 */
export interface StateRecorder {
  record(state: State): void;
  flush(): number;
  readonly pending: number;
  readonly written: number;
  close(): void;
}

const NUMERIC = /^-?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?$/;

export function createStateRecorder(sqlite: BetterSqlite3.Database, opts: StateRecorderOptions = {}): StateRecorder {
  const maxBatch = opts.maxBatch ?? 500;
  const insertHistory = sqlite.prepare('INSERT INTO state_history (entity_id, state, state_num, attributes, ts) VALUES (?, ?, ?, ?, ?)');
  const upsertState = sqlite.prepare(`INSERT INTO states (entity_id, state, attributes, last_changed, last_updated, last_reported)
    VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (entity_id) DO UPDATE SET state = excluded.state, attributes = excluded.attributes,
    last_changed = excluded.last_changed, last_updated = excluded.last_updated, last_reported = excluded.last_reported`);
  let buffer: State[] = [];
  let written = 0;

  const writeBatch = sqlite.transaction((batch: State[]) => {
    const latest = new Map<string, State>();
    for (const s of batch) {
      const attributes = JSON.stringify(s.attributes);
      insertHistory.run(s.entity_id, s.state, NUMERIC.test(s.state) ? Number(s.state) : null, attributes, Date.parse(s.last_updated));
      latest.set(s.entity_id, s);
    }
    for (const s of latest.values()) {
      upsertState.run(s.entity_id, s.state, JSON.stringify(s.attributes), s.last_changed, s.last_updated, s.last_reported);
    }
  });

  const flush = (): number => {
    if (buffer.length === 0) return 0;
    const batch = buffer;
    buffer = [];
    writeBatch(batch);
    written += batch.length;
    return batch.length;
  };

  const timer = setInterval(flush, opts.flushIntervalMs ?? 1000);
  timer.unref();

  return {
    record(state) {
      buffer.push(state);
      if (buffer.length >= maxBatch) flush();
    },
    flush,
    get pending() {
      return buffer.length;
    },
    get written() {
      return written;
    },
    close() {
      clearInterval(timer);
      flush();
    },
  };
}
