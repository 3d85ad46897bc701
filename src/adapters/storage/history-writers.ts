// How recorded changes reach SQLite: a batch's transaction run in line, or in a worker thread with a
// connection of its own (the default for a database file). createStateRecorder picks one.
import type BetterSqlite3 from 'better-sqlite3';
import { createRequire } from 'node:module';
import { MessageChannel, receiveMessageOnPort, Worker } from 'node:worker_threads';

const NUMERIC = /^-?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?$/;
const INSERT_HISTORY = 'INSERT INTO state_history (entity_id, state, state_num, attributes, ts) VALUES (?, ?, ?, ?, ?)';
const UPSERT_STATE = `INSERT INTO states (entity_id, state, attributes, last_changed, last_updated, last_reported)
    VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (entity_id) DO UPDATE SET state = excluded.state, attributes = excluded.attributes,
    last_changed = excluded.last_changed, last_updated = excluded.last_updated, last_reported = excluded.last_reported`;
/** values per change in a batch: entity_id, state, attributes JSON, last_changed, last_updated, last_reported */
export const FIELDS = 6;
/** how long flush() and close() wait for the writer before giving up */
const WAIT_MS = 30_000;

/**
 * Writes one batch (FIELDS values per change): a history row per change, then the latest state of each
 * entity. The worker's program below does the same in plain JavaScript: keep the two in step.
 */
function writeBatchWith(insertHistory: BetterSqlite3.Statement, upsertState: BetterSqlite3.Statement, batch: readonly unknown[]): void {
  const latest = new Map<unknown, number>();
  for (let i = 0; i < batch.length; i += FIELDS) {
    const state = batch[i + 1] as string;
    insertHistory.run(batch[i], state, NUMERIC.test(state) ? Number(state) : null, batch[i + 2], Date.parse(batch[i + 4] as string));
    latest.set(batch[i], i);
  }
  for (const i of latest.values()) upsertState.run(batch[i], batch[i + 1], batch[i + 2], batch[i + 3], batch[i + 4], batch[i + 5]);
}

/** shared status of the worker: slot DONE counts batches written (or failed), slot STATE says where it is */
const DONE = 0;
const STATE = 1;
const READY = 1;
const FAILED = 2;
const CLOSED = 3;

/** The worker's program (CommonJS, run with eval): opens the file, then writes each batch it is sent. */
const WORKER_SOURCE = `
const { parentPort, receiveMessageOnPort, workerData } = require('node:worker_threads');
const status = new Int32Array(workerData.status);
const rows = new BigInt64Array(workerData.rows);
const FIELDS = ${FIELDS};
// batches that queued up while one was being written go into the next transaction together, up to this
// many changes: under load the transactions grow, and each costs fewer page writes per change
const MERGE_UP_TO = 20000;
const wake = () => { Atomics.notify(status, ${DONE}); Atomics.notify(status, ${STATE}); };
let write;
let db;
try {
  const Database = require(workerData.driver);
  db = new Database(workerData.path, { fileMustExist: true });
  db.pragma('synchronous = NORMAL');
  // the main thread may hold the write lock for a while (the daily purge): wait for it rather than lose a batch
  db.pragma('busy_timeout = 120000');
  const insertHistory = db.prepare(workerData.insertHistory);
  const upsertState = db.prepare(workerData.upsertState);
  const numeric = new RegExp(workerData.numeric);
  // as writeBatchWith in state-recorder.ts, over several batches
  write = db.transaction((batches) => {
    const latest = new Map();
    for (const batch of batches) {
      for (let i = 0; i < batch.length; i += FIELDS) {
        const state = batch[i + 1];
        insertHistory.run(batch[i], state, numeric.test(state) ? Number(state) : null, batch[i + 2], Date.parse(batch[i + 4]));
        latest.set(batch[i], [batch, i]);
      }
    }
    for (const [b, i] of latest.values()) upsertState.run(b[i], b[i + 1], b[i + 2], b[i + 3], b[i + 4], b[i + 5]);
  });
  Atomics.store(status, ${STATE}, ${READY});
} catch (err) {
  workerData.errors.postMessage('cannot open the database: ' + String(err && err.stack ? err.stack : err));
  Atomics.store(status, ${STATE}, ${FAILED});
  wake();
}
const close = () => {
  if (db) db.close();
  Atomics.store(status, ${STATE}, ${CLOSED});
  wake();
  workerData.errors.close();
  parentPort.close();
};
parentPort.on('message', (first) => {
  if (first === 'close') return close();
  const batches = [first];
  let changes = first.length / FIELDS;
  let closing = false;
  while (changes < MERGE_UP_TO) {
    const next = receiveMessageOnPort(parentPort);
    if (!next) break;
    if (next.message === 'close') {
      closing = true;
      break;
    }
    batches.push(next.message);
    changes += next.message.length / FIELDS;
  }
  if (write) {
    try {
      write.immediate(batches);
      Atomics.add(rows, 0, BigInt(changes));
    } catch (err) {
      Atomics.add(rows, 1, BigInt(changes));
      workerData.errors.postMessage(String(err && err.stack ? err.stack : err));
    }
  }
  Atomics.add(status, ${DONE}, batches.length);
  wake();
  if (closing) close();
});
`;

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
        const insertHistory = sqlite.prepare(INSERT_HISTORY);
        const upsertState = sqlite.prepare(UPSERT_STATE);
        write = sqlite.transaction((b: unknown[]) => writeBatchWith(insertHistory, upsertState, b));
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
  const worker = new Worker(WORKER_SOURCE, {
    eval: true,
    // it only turns batches into inserts: a small heap is plenty, and V8's defaults (a young generation
    // of up to 48 MB per isolate) would add tens of MB to the add-on's resident memory
    resourceLimits: { maxYoungGenerationSizeMb: 4, maxOldGenerationSizeMb: 96 },
    transferList: [errors.port2],
    workerData: {
      errors: errors.port2,
      driver: createRequire(import.meta.url).resolve('better-sqlite3'),
      path,
      insertHistory: INSERT_HISTORY,
      upsertState: UPSERT_STATE,
      numeric: NUMERIC.source,
      status: status.buffer,
      rows: rows.buffer,
    },
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
      for (let m = receiveMessageOnPort(errors.port1); m; m = receiveMessageOnPort(errors.port1)) failures.push(String(m.message));
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

