// The history writer's thread (started by workerWriter in history-writers.ts, never imported): opens the
// database file with a connection of its own, then writes each batch it is sent in one transaction, merging
// the batches that queued up meanwhile. It reports through the shared status words and its error port.
import Database from 'better-sqlite3';
import { parentPort, receiveMessageOnPort, workerData } from 'node:worker_threads';
import { CLOSED, DONE, FAILED, FIELDS, READY, STATE, writeBatches, type ThreadData } from './history-batch.js';
import { prepareCompiled } from './prepared.js';

// batches that queued up while one was being written go into the next transaction together, up to this many
// changes: under load the transactions grow, and each costs fewer page writes per change
const MERGE_UP_TO = 20_000;

const describe = (err: unknown): string => (err instanceof Error && err.stack ? err.stack : String(err));

function run(port: NonNullable<typeof parentPort>, data: ThreadData): void {
  const status = new Int32Array(data.status);
  const rows = new BigInt64Array(data.rows);
  const wake = () => {
    Atomics.notify(status, DONE);
    Atomics.notify(status, STATE);
  };
  let write: ((batches: readonly (readonly unknown[])[]) => void) | undefined;
  let db: Database.Database | undefined;
  try {
    db = new Database(data.path, { fileMustExist: true });
    db.pragma('synchronous = NORMAL');
    // the main thread may hold the write lock for a while (the daily purge): wait for it rather than lose a batch
    db.pragma('busy_timeout = 120000');
    // built with Kysely in the main thread (history-writers.ts): compiled, they are plain data
    const insertHistory = prepareCompiled(db, data.statements.insertHistory);
    const upsertState = prepareCompiled(db, data.statements.upsertState);
    const transaction = db.transaction((batches: readonly (readonly unknown[])[]) =>
      writeBatches(insertHistory, upsertState, batches),
    );
    write = (batches) => transaction.immediate(batches);
    Atomics.store(status, STATE, READY);
  } catch (err) {
    data.errors.postMessage(`cannot open the database: ${describe(err)}`);
    Atomics.store(status, STATE, FAILED);
    wake();
  }
  const close = () => {
    db?.close();
    Atomics.store(status, STATE, CLOSED);
    wake();
    data.errors.close();
    port.close();
  };
  port.on('message', (first: unknown[] | 'close') => {
    if (first === 'close') return close();
    const batches: unknown[][] = [first];
    let changes = first.length / FIELDS;
    let closing = false;
    while (changes < MERGE_UP_TO) {
      const next = receiveMessageOnPort(port) as { message: unknown[] | 'close' } | undefined;
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
        write(batches);
        Atomics.add(rows, 0, BigInt(changes));
      } catch (err) {
        Atomics.add(rows, 1, BigInt(changes));
        data.errors.postMessage(describe(err));
      }
    }
    Atomics.add(status, DONE, batches.length);
    wake();
    if (closing) close();
  });
}

if (parentPort) run(parentPort, workerData as ThreadData);
