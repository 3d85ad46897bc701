// How recorded changes reach SQLite: a batch's transaction run in line, or in a worker thread with a
// connection of its own (the default for a database file). createStateRecorder picks one. Either keeps a
// backlog while the database cannot be written (history-backlog.ts) and says so (`outage`).
import type BetterSqlite3 from 'better-sqlite3';
import { existsSync } from 'node:fs';
import { MessageChannel, receiveMessageOnPort, Worker } from 'node:worker_threads';
import {
  CLOSED,
  DONE,
  DROPPED,
  FAILED,
  FIELDS,
  LOST,
  OUTAGE,
  ROW_SLOTS,
  STATE,
  STATUS_SLOTS,
  WAITING,
  WRITTEN,
  writeBatches,
  type HistoryParams,
  type HistoryStatements,
  type StateParams,
  type ThreadData,
  type ThreadNotice,
} from './history-batch.js';
import { createHistoryQueue } from './history-backlog.js';
import type { Outage } from './unwritable.js';
import { queryBuilder } from './db-schema.js';
import { compileQuery, prepareCompiled, standIns } from './prepared.js';

export { FIELDS } from './history-batch.js';

/** how long flush() and close() wait for the writer before giving up */
const WAIT_MS = 30_000;

/**
 * The thread's module, compiled. Run from the TypeScript sources (the tests, which build dist/ first), this
 * file is src/…/history-writers.ts and a worker cannot load TypeScript: the thread then runs the build's copy.
 */
function threadModule(): URL {
  const here = new URL('./history-thread.js', import.meta.url);
  if (existsSync(here)) return here;
  return new URL(
    here.href.replace(/\/src\/adapters\/storage\/history-thread\.js$/, '/dist/src/adapters/storage/history-thread.js'),
  );
}

/** The writers' statements, built with Kysely and compiled (the thread prepares them as they come). */
export function historyStatements(): HistoryStatements {
  const db = queryBuilder();
  return {
    insertHistory: compileQuery((p: HistoryParams) =>
      db.insertInto('state_history').values(standIns(p, ['entity_id', 'state', 'state_num', 'attributes', 'ts'])),
    ),
    upsertState: compileQuery((p: StateParams) =>
      db
        .insertInto('states')
        .values(standIns(p, ['entity_id', 'state', 'attributes', 'last_changed', 'last_updated', 'last_reported']))
        .onConflict((oc) =>
          oc.column('entity_id').doUpdateSet((eb) => ({
            state: eb.ref('excluded.state'),
            attributes: eb.ref('excluded.attributes'),
            last_changed: eb.ref('excluded.last_changed'),
            last_updated: eb.ref('excluded.last_updated'),
            last_reported: eb.ref('excluded.last_reported'),
          })),
        ),
    ),
  };
}

/** What a writer has done with the changes handed to it so far (a writer taking over carries them on). */
export interface WriterCounts {
  written: number;
  /** changes in batches that could not be written (not an outage: the write itself failed) */
  lost: number;
  /** changes dropped past the backlog's bound */
  dropped: number;
}

const NONE: WriterCounts = { written: 0, lost: 0, dropped: 0 };

/** Where changes go once a batch is full: the same transaction, in line or in the worker. */
export interface Writer extends Readonly<WriterCounts> {
  /** hands a batch over (the worker: without waiting for it) */
  write(batch: unknown[]): void;
  /** waits until every batch handed over is committed, or kept in the backlog */
  drain(): void;
  /** what went wrong since the last call (batches that could not be written), if anything */
  failure(): string | undefined;
  /** the writer cannot write any more (its thread failed): use another */
  readonly broken: boolean;
  /** changes in the backlog, waiting for the database to take writes again */
  readonly waiting: number;
  /** while the database refuses writes: what it says */
  readonly outage: Outage | undefined;
  /** tries the backlog now rather than when its backoff says (the thread: soon after) */
  retry(): void;
  /** the batches handed over so far, as a mark for `reached` */
  mark(): number;
  /** whether every batch handed over before `mark` was taken (written, failed or in the backlog) */
  reached(mark: number): boolean;
  /** runs a pragma on the writer's connection (tests simulate a full disk with max_page_count) */
  pragma(text: string): void;
  close(): void;
}

export function inlineWriter(sqlite: BetterSqlite3.Database, before: WriterCounts = NONE, maxBacklog?: number): Writer {
  const counts = { ...before };
  const failures: string[] = [];
  let transaction: ((batches: readonly (readonly unknown[])[]) => void) | undefined;
  const write = (batches: readonly (readonly unknown[])[]) => {
    if (!transaction) {
      const statements = historyStatements();
      const insertHistory = prepareCompiled(sqlite, statements.insertHistory);
      const upsertState = prepareCompiled(sqlite, statements.upsertState);
      transaction = sqlite.transaction((b: readonly (readonly unknown[])[]) =>
        writeBatches(insertHistory, upsertState, b),
      );
    }
    transaction(batches);
  };
  const queue = createHistoryQueue(
    write,
    {
      written: (n) => (counts.written += n),
      lost(n, err) {
        counts.lost += n;
        failures.push(err instanceof Error ? err.message : String(err));
      },
      outage() {},
      changed: () => (counts.dropped = before.dropped + queue.dropped),
    },
    { maxRows: maxBacklog, chunkRows: 20_000 },
  );
  return {
    write(batch) {
      queue.push([batch], batch.length / FIELDS);
    },
    drain() {},
    failure: () => (failures.length > 0 ? failures.splice(0).join('; ') : undefined),
    broken: false,
    get written() {
      return counts.written;
    },
    get lost() {
      return counts.lost;
    },
    get dropped() {
      return counts.dropped;
    },
    get waiting() {
      return queue.waiting;
    },
    get outage() {
      return queue.outage;
    },
    retry() {
      queue.retryNow();
    },
    mark: () => 0,
    reached: () => true,
    pragma(text) {
      sqlite.pragma(text);
    },
    close() {
      queue.final();
    },
  };
}

export function workerWriter(sqlite: BetterSqlite3.Database, path: string, maxBacklog?: number): Writer {
  const status = new Int32Array(new SharedArrayBuffer(4 * STATUS_SLOTS));
  const rows = new BigInt64Array(new SharedArrayBuffer(8 * ROW_SLOTS));
  // the worker's notices come on a port of their own, read synchronously (the event loop may be waiting in flush)
  const errors = new MessageChannel();
  errors.port1.unref();
  const workerData: ThreadData = {
    errors: errors.port2,
    path,
    status: status.buffer as SharedArrayBuffer,
    rows: rows.buffer as SharedArrayBuffer,
    statements: historyStatements(),
    maxBacklog,
  };
  const worker = new Worker(threadModule(), {
    // it only turns batches into inserts: a small heap is plenty, and V8's defaults (a young generation
    // of up to 48 MB per isolate) would add tens of MB to the add-on's resident memory; the old generation
    // holds the backlog while the database cannot be written (history-backlog.ts: 100,000 rows, ≈ 40 MB)
    resourceLimits: { maxYoungGenerationSizeMb: 4, maxOldGenerationSizeMb: 96 },
    transferList: [errors.port2],
    workerData,
  });
  worker.unref();
  let sent = 0;
  let closing = false;
  const failures: string[] = [];
  let outage: Outage | undefined;
  let dead: string | undefined;
  worker.on('error', (err) => (dead = err.message));
  worker.on('exit', (code) => {
    if (!closing) dead ??= `exited with code ${code}`;
  });
  // the worker commits and checkpoints; the main connection's occasional writes (registry, traces) must
  // not run checkpoints of the history's pages on the event loop
  const checkpointBefore = Number(sqlite.pragma('wal_autocheckpoint', { simple: true }));
  sqlite.pragma('wal_autocheckpoint = 0');

  const broken = () => dead !== undefined || Atomics.load(status, STATE) === FAILED;
  const read = () => {
    for (let m = receiveMessageOnPort(errors.port1); m; m = receiveMessageOnPort(errors.port1)) {
      const notice = m.message as ThreadNotice;
      if ('error' in notice) failures.push(notice.error);
      else outage = notice.outage ?? undefined;
    }
  };

  /** waits (blocking: Atomics.wait) until `slot` reaches `target` or the worker is gone */
  const waitFor = (slot: number, target: number) => {
    const deadline = Date.now() + WAIT_MS;
    for (;;) {
      const now = Atomics.load(status, slot);
      if (((now - target) | 0) >= 0 || broken()) return;
      const left = deadline - Date.now();
      if (left <= 0) throw new Error(`the history writer thread did not answer within ${WAIT_MS} ms`);
      Atomics.wait(status, slot, now, Math.min(left, 100));
    }
  };

  return {
    write(batch) {
      worker.postMessage(batch);
      sent = (sent + 1) | 0;
    },
    drain() {
      waitFor(DONE, sent);
    },
    failure() {
      read();
      if (broken()) failures.push(`the history writer thread failed: ${dead ?? 'it could not open the database'}`);
      return failures.length > 0 ? failures.splice(0).join('; ') : undefined;
    },
    get broken() {
      return broken();
    },
    get written() {
      return Number(Atomics.load(rows, WRITTEN));
    },
    get lost() {
      return Number(Atomics.load(rows, LOST));
    },
    get dropped() {
      return Number(Atomics.load(rows, DROPPED));
    },
    get waiting() {
      return Atomics.load(status, WAITING);
    },
    get outage() {
      if (Atomics.load(status, OUTAGE) === 0) return undefined;
      read();
      return outage;
    },
    retry() {
      worker.postMessage('retry');
    },
    mark: () => sent,
    reached: (mark) => ((Atomics.load(status, DONE) - mark) | 0) >= 0 || broken(),
    pragma(text) {
      worker.postMessage({ pragma: text });
    },
    close() {
      closing = true;
      try {
        waitFor(DONE, sent);
        worker.postMessage('close');
        waitFor(STATE, CLOSED);
      } finally {
        read();
        errors.port1.close();
        void worker.terminate();
        if (sqlite.open) sqlite.pragma(`wal_autocheckpoint = ${checkpointBefore}`);
      }
    },
  };
}
