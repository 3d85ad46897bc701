// How recorded changes reach SQLite: a batch's transaction run in line, or in a worker thread with a
// connection of its own (the default for a database file). createStateRecorder picks one.
import type BetterSqlite3 from 'better-sqlite3';
import { existsSync } from 'node:fs';
import { MessageChannel, receiveMessageOnPort, Worker } from 'node:worker_threads';
import {
  CLOSED,
  DONE,
  FAILED,
  FIELDS,
  STATE,
  writeBatches,
  type HistoryParams,
  type HistoryStatements,
  type StateParams,
  type ThreadData,
} from './history-batch.js';
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

/** Where changes go once a batch is full: the same transaction, in line or in the worker. */
export interface Writer {
  /** hands a batch over (the worker: without waiting for it) */
  write(batch: unknown[]): void;
  /** waits until every batch handed over is committed */
  drain(): void;
  /** what went wrong since the last call (batches that could not be written), if anything */
  failure(): string | undefined;
  /** the writer cannot write any more (its thread failed): use another */
  readonly broken: boolean;
  readonly written: number;
  /** changes in batches that could not be written */
  readonly lost: number;
  close(): void;
}

export function inlineWriter(sqlite: BetterSqlite3.Database, writtenBefore = 0): Writer {
  let write: ((batch: unknown[]) => void) | undefined;
  let written = writtenBefore;
  return {
    write(batch) {
      if (!write) {
        const statements = historyStatements();
        const insertHistory = prepareCompiled(sqlite, statements.insertHistory);
        const upsertState = prepareCompiled(sqlite, statements.upsertState);
        write = sqlite.transaction((b: unknown[]) => writeBatches(insertHistory, upsertState, [b]));
      }
      write(batch);
      written += batch.length / FIELDS;
    },
    drain() {},
    failure: () => undefined,
    broken: false,
    get written() {
      return written;
    },
    lost: 0,
    close() {},
  };
}

export function workerWriter(sqlite: BetterSqlite3.Database, path: string): Writer {
  const status = new Int32Array(new SharedArrayBuffer(8));
  // [0] changes written, [1] changes in batches that failed
  const rows = new BigInt64Array(new SharedArrayBuffer(16));
  // the worker's errors come on a port of their own, read synchronously (the event loop may be waiting in flush)
  const errors = new MessageChannel();
  errors.port1.unref();
  const workerData: ThreadData = {
    errors: errors.port2,
    path,
    status: status.buffer as SharedArrayBuffer,
    rows: rows.buffer as SharedArrayBuffer,
    statements: historyStatements(),
  };
  const worker = new Worker(threadModule(), {
    // it only turns batches into inserts: a small heap is plenty, and V8's defaults (a young generation
    // of up to 48 MB per isolate) would add tens of MB to the add-on's resident memory
    resourceLimits: { maxYoungGenerationSizeMb: 4, maxOldGenerationSizeMb: 96 },
    transferList: [errors.port2],
    workerData,
  });
  worker.unref();
  let sent = 0;
  let closing = false;
  const failures: string[] = [];
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
      for (let m = receiveMessageOnPort(errors.port1); m; m = receiveMessageOnPort(errors.port1)) {
        failures.push(String(m.message));
      }
      if (broken()) failures.push(`the history writer thread failed: ${dead ?? 'it could not open the database'}`);
      return failures.length > 0 ? failures.splice(0).join('; ') : undefined;
    },
    get broken() {
      return broken();
    },
    get written() {
      return Number(Atomics.load(rows, 0));
    },
    get lost() {
      return Number(Atomics.load(rows, 1));
    },
    close() {
      closing = true;
      try {
        waitFor(DONE, sent);
        worker.postMessage('close');
        waitFor(STATE, CLOSED);
      } finally {
        errors.port1.close();
        void worker.terminate();
        if (sqlite.open) sqlite.pragma(`wal_autocheckpoint = ${checkpointBefore}`);
      }
    },
  };
}
