// What the history writers share, in line and in their thread: the statements, the layout of a batch and
// of the thread's status, and the transaction body that writes batches.
import type BetterSqlite3 from 'better-sqlite3';
import type { MessagePort } from 'node:worker_threads';

export const NUMERIC = /^-?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?$/;
export const INSERT_HISTORY = 'INSERT INTO state_history (entity_id, state, state_num, attributes, ts) VALUES (?, ?, ?, ?, ?)';
export const UPSERT_STATE = `INSERT INTO states (entity_id, state, attributes, last_changed, last_updated, last_reported)
    VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (entity_id) DO UPDATE SET state = excluded.state, attributes = excluded.attributes,
    last_changed = excluded.last_changed, last_updated = excluded.last_updated, last_reported = excluded.last_reported`;
/** values per change in a batch: entity_id, state, attributes JSON, last_changed, last_updated, last_reported */
export const FIELDS = 6;

/** the thread's status, shared: slot DONE counts batches written (or failed), slot STATE says where it is */
export const DONE = 0;
export const STATE = 1;
export const READY = 1;
export const FAILED = 2;
export const CLOSED = 3;

/** what the thread is handed at start (workerData) */
export interface ThreadData {
  /** where the thread's errors go (a port of their own, read synchronously by the main thread) */
  errors: MessagePort;
  /** the database file */
  path: string;
  /** an Int32Array's buffer: DONE and STATE */
  status: SharedArrayBuffer;
  /** a BigInt64Array's buffer: [0] changes written, [1] changes in batches that failed */
  rows: SharedArrayBuffer;
}

/**
 * Writes batches (FIELDS values per change) inside the caller's transaction: a history row per change, then
 * the latest state of each entity once.
 */
export function writeBatches(
  insertHistory: BetterSqlite3.Statement,
  upsertState: BetterSqlite3.Statement,
  batches: readonly (readonly unknown[])[],
): void {
  const latest = new Map<unknown, [readonly unknown[], number]>();
  for (const batch of batches) {
    for (let i = 0; i < batch.length; i += FIELDS) {
      const state = batch[i + 1] as string;
      insertHistory.run(batch[i], state, NUMERIC.test(state) ? Number(state) : null, batch[i + 2], Date.parse(batch[i + 4] as string));
      latest.set(batch[i], [batch, i]);
    }
  }
  for (const [b, i] of latest.values()) upsertState.run(b[i], b[i + 1], b[i + 2], b[i + 3], b[i + 4], b[i + 5]);
}
