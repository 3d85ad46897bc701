// What the history writers share, in line and in their thread: the statements' parameters, the layout of a
// batch and of the thread's status, and the transaction body that writes batches. The statements are built
// with Kysely in the main thread (history-writers.ts) and handed to the thread compiled: it never loads Kysely.
import type { MessagePort } from 'node:worker_threads';
import type { Selectable } from 'kysely';
import type { StateHistoryTable, StatesTable } from './db-schema.js';
import type { CompiledStatement, PreparedQuery } from './prepared.js';
import type { Outage } from './unwritable.js';

export const NUMERIC = /^-?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?$/;

/** a history row's values (its id is the table's) */
export type HistoryParams = Omit<Selectable<StateHistoryTable>, 'id'>;
export type StateParams = Selectable<StatesTable>;

/** the writers' two statements, compiled (plain data, sent to the thread as it is) */
export interface HistoryStatements {
  insertHistory: CompiledStatement<HistoryParams, unknown>;
  upsertState: CompiledStatement<StateParams, unknown>;
}

/** values per change in a batch: entity_id, state, attributes JSON, last_changed, last_updated, last_reported */
export const FIELDS = 6;

/**
 * the thread's status, shared: slot DONE counts batches taken (written, failed, or kept in the backlog while the
 * database cannot be written), slot STATE says where it is, WAITING how many changes the backlog holds, OUTAGE
 * is 1 while the database refuses writes (history-backlog.ts)
 */
export const DONE = 0;
export const STATE = 1;
export const WAITING = 2;
export const OUTAGE = 3;
export const STATUS_SLOTS = 4;
export const READY = 1;
export const FAILED = 2;
export const CLOSED = 3;

/** the thread's row counters, shared (a BigInt64Array): changes written, lost, dropped past the backlog's bound */
export const WRITTEN = 0;
export const LOST = 1;
export const DROPPED = 2;
export const ROW_SLOTS = 3;

/** what the thread says on its port: a failure (rows lost), or an outage beginning (its error) or ending (null) */
export type ThreadNotice = { error: string } | { outage: Outage | null };

/** what the thread is handed at start (workerData) */
export interface ThreadData {
  /** where the thread's notices go (a port of their own, read synchronously by the main thread) */
  errors: MessagePort;
  /** the database file */
  path: string;
  /** an Int32Array's buffer: DONE, STATE, WAITING, OUTAGE */
  status: SharedArrayBuffer;
  /** a BigInt64Array's buffer: WRITTEN, LOST, DROPPED */
  rows: SharedArrayBuffer;
  statements: HistoryStatements;
  /** the backlog's bound in rows (history-backlog.ts) */
  maxBacklog: number | undefined;
}

/**
 * Writes batches (FIELDS values per change) inside the caller's transaction: a history row per change, then
 * the latest state of each entity once.
 */
export function writeBatches(
  insertHistory: PreparedQuery<HistoryParams, unknown>,
  upsertState: PreparedQuery<StateParams, unknown>,
  batches: readonly (readonly unknown[])[],
): void {
  const latest = new Map<unknown, [readonly unknown[], number]>();
  for (const batch of batches) {
    for (let i = 0; i < batch.length; i += FIELDS) {
      const state = batch[i + 1] as string;
      insertHistory.run({
        entity_id: batch[i] as string,
        state,
        state_num: NUMERIC.test(state) ? Number(state) : null,
        attributes: batch[i + 2] as string,
        ts: Date.parse(batch[i + 4] as string),
      });
      latest.set(batch[i], [batch, i]);
    }
  }
  for (const [b, i] of latest.values()) {
    upsertState.run({
      entity_id: b[i] as string,
      state: b[i + 1] as string,
      attributes: b[i + 2] as string,
      last_changed: b[i + 3] as string,
      last_updated: b[i + 4] as string,
      last_reported: b[i + 5] as string,
    });
  }
}
