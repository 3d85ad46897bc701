// The history writer's thread (started by workerWriter in history-writers.ts, never imported): opens the
// database file with a connection of its own, then writes each batch it is sent in one transaction, merging
// the batches that queued up meanwhile. While the database cannot be written (disk full, read-only) the batches
// wait in its backlog and are retried (history-backlog.ts). It reports through the shared status words and its
// notice port.
import Database from 'better-sqlite3';
import { parentPort, receiveMessageOnPort, workerData } from 'node:worker_threads';
import {
  CLOSED,
  DONE,
  DROPPED,
  FAILED,
  FIELDS,
  LOST,
  OUTAGE,
  READY,
  STATE,
  WAITING,
  WRITTEN,
  writeBatches,
  type ThreadData,
  type ThreadNotice,
} from './history-batch.js';
import { createHistoryQueue, type HistoryQueue } from './history-backlog.js';
import { prepareCompiled } from './prepared.js';

// batches that queued up while one was being written go into the next transaction together, up to this many
// changes: under load the transactions grow, and each costs fewer page writes per change
const MERGE_UP_TO = 20_000;

/** what the main thread sends: a batch, a pragma for this connection (tests: a full disk), a nudge, the stop */
type Message = unknown[] | { pragma: string } | 'retry' | 'close';

const describe = (err: unknown): string => (err instanceof Error && err.stack ? err.stack : String(err));

function run(port: NonNullable<typeof parentPort>, data: ThreadData): void {
  const status = new Int32Array(data.status);
  const rows = new BigInt64Array(data.rows);
  const notify = (notice: ThreadNotice) => data.errors.postMessage(notice);
  const wake = () => {
    Atomics.notify(status, DONE);
    Atomics.notify(status, STATE);
  };
  let queue: HistoryQueue | undefined;
  let db: Database.Database | undefined;
  try {
    db = new Database(data.path, { fileMustExist: true });
    db.pragma('synchronous = NORMAL');
    // it appends: the last pages of the history table and its index are what it reads again (see database.ts)
    db.pragma('cache_size = -2000');
    // the main thread may hold the write lock for a while (the daily purge): wait for it rather than lose a batch
    db.pragma('busy_timeout = 120000');
    // built with Kysely in the main thread (history-writers.ts): compiled, they are plain data
    const insertHistory = prepareCompiled(db, data.statements.insertHistory);
    const upsertState = prepareCompiled(db, data.statements.upsertState);
    const transaction = db.transaction((batches: readonly (readonly unknown[])[]) =>
      writeBatches(insertHistory, upsertState, batches),
    );
    const q: HistoryQueue = createHistoryQueue(
      (batches) => transaction.immediate(batches),
      {
        written: (n) => Atomics.add(rows, WRITTEN, BigInt(n)),
        lost(n, err) {
          Atomics.add(rows, LOST, BigInt(n));
          notify({ error: describe(err) });
        },
        outage(o) {
          // the notice first: the main thread reads it once it sees the flag
          notify({ outage: o ?? null });
          Atomics.store(status, OUTAGE, o ? 1 : 0);
        },
        changed() {
          Atomics.store(status, WAITING, q.waiting);
          Atomics.store(rows, DROPPED, BigInt(q.dropped));
        },
      },
      { maxRows: data.maxBacklog, chunkRows: MERGE_UP_TO },
    );
    queue = q;
    Atomics.store(status, STATE, READY);
  } catch (err) {
    notify({ error: `cannot open the database: ${describe(err)}` });
    Atomics.store(status, STATE, FAILED);
    wake();
  }
  const close = () => {
    queue?.final();
    db?.close();
    Atomics.store(status, STATE, CLOSED);
    wake();
    data.errors.close();
    port.close();
  };
  const pragma = (text: string) => {
    try {
      db?.pragma(text);
    } catch (err) {
      notify({ error: describe(err) });
    }
  };
  port.on('message', (first: Message) => {
    if (first === 'close') return close();
    if (first === 'retry') return queue?.retryNow();
    if (!Array.isArray(first)) return pragma(first.pragma);
    const batches: unknown[][] = [first];
    let changes = first.length / FIELDS;
    // what came after the batches merged: the stop, or a pragma (applied once they are written)
    let after: Exclude<Message, unknown[]> | undefined;
    while (changes < MERGE_UP_TO) {
      const next = receiveMessageOnPort(port) as { message: Message } | undefined;
      if (!next) break;
      if (!Array.isArray(next.message)) {
        after = next.message;
        break;
      }
      batches.push(next.message);
      changes += next.message.length / FIELDS;
    }
    queue?.push(batches, changes);
    Atomics.add(status, DONE, batches.length);
    wake();
    if (after === 'close') close();
    else if (after === 'retry') queue?.retryNow();
    else if (after) pragma(after.pragma);
  });
}

if (parentPort) run(parentPort, workerData as ThreadData);
