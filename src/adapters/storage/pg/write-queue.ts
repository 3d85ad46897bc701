// Writes to PostgreSQL behind the event loop. SQLite's writers call better-sqlite3 synchronously; a PostgreSQL
// write is a round trip, so the PostgreSQL stores answer from memory and hand their writes to a queue like this
// one: each write waits at most `intervalMs` (or until `maxBatch` wait) and a batch is one transaction. A write
// queued under a key replaces the one still waiting under it (an entity's row, a helper's state: only the latest
// matters), moved to the end so it is written after the changes queued before it.
//
// While PostgreSQL cannot be reached or refuses writes for a reason that may pass (pg/outage.ts) the queue keeps
// everything, tells the write guard (one alert, health degraded) and tries again with a capped backoff. A batch
// refused for another reason is written again one write per transaction, so only the faulty write is dropped,
// counted and logged.
import type { Kysely, Transaction } from 'kysely';
import type { Logger } from '../../../core/logger.js';
import type { DatabaseSchema } from '../db-schema.js';
import { nextDelay, outageError, RETRY_MIN_MS, type Outage } from '../unwritable.js';
import type { WriteGuardPort } from '../write-guard.js';
import { pgOutageOf } from './outage.js';

export type PgWrite = (tx: Transaction<DatabaseSchema>) => Promise<unknown>;

export interface PgWriteQueue {
  /** queues a write; under a key it replaces the write still waiting under that key */
  add(write: PgWrite, key?: string): void;
  /**
   * resolves once everything queued before the call is committed (or dropped for a fault of its own); during an
   * outage it resolves at once, as what waits cannot be written yet
   */
  flush(): Promise<void>;
  /** queued and not yet committed */
  readonly waiting: number;
  /** dropped since the start: refused for good, or still waiting at the stop */
  readonly dropped: number;
  /** while PostgreSQL refuses writes: what it says */
  readonly outage: Outage | undefined;
  /** writes what waits (one last attempt) and stops; what cannot be written is counted as dropped */
  close(): Promise<void>;
}

export interface PgWriteQueueOptions {
  db: Kysely<DatabaseSchema>;
  /** what the writes are, in words ("registry rows"): the guard's backlog name */
  name: string;
  log: Logger;
  guard?: WriteGuardPort | undefined;
  /** the longest a write waits before its batch starts (default 50 ms) */
  intervalMs?: number;
  /** a batch starts at once when this many writes wait (default 500) */
  maxBatch?: number;
}

export function createPgWriteQueue(o: PgWriteQueueOptions): PgWriteQueue {
  const intervalMs = o.intervalMs ?? 50;
  const maxBatch = o.maxBatch ?? 500;
  const waiting = new Map<string | number, PgWrite>();
  let anonymous = 0;
  let dropped = 0;
  let outage: Outage | undefined;
  let delay = RETRY_MIN_MS;
  let timer: NodeJS.Timeout | undefined;
  let running: Promise<void> | undefined;
  let closed = false;
  /** called when a write ends its wait (committed or dropped), in order */
  let settled: (() => void)[] = [];

  const schedule = (ms: number) => {
    if (timer || running || closed) return;
    timer = setTimeout(start, ms);
    timer.unref();
  };
  function start(): void {
    timer = undefined;
    if (running || waiting.size === 0) return;
    running = drain().finally(() => {
      running = undefined;
      if (waiting.size === 0) {
        const done = settled;
        settled = [];
        for (const f of done) f();
      } else if (!outage) schedule(waiting.size >= maxBatch ? 0 : intervalMs);
    });
  }

  const commit = async (writes: readonly PgWrite[]) => {
    await o.db.transaction().execute(async (tx) => {
      for (const w of writes) await w(tx);
    });
  };

  /** writes batches until nothing waits or PostgreSQL refuses */
  async function drain(): Promise<void> {
    while (waiting.size > 0) {
      const batch = [...waiting.entries()].slice(0, maxBatch);
      try {
        await commit(batch.map(([, w]) => w));
      } catch (err) {
        const refused = pgOutageOf(err);
        if (refused) {
          outage = refused;
          o.guard?.absorb(outageError(refused));
          delay = nextDelay(delay);
          // a flush waits for nothing that cannot be written now (as flush() says of an outage)
          for (const f of settled.splice(0)) f();
          if (!closed) {
            timer = setTimeout(start, delay);
            timer.unref();
          }
          return;
        }
        // a fault of one write: each alone, so only the faulty ones are dropped
        for (const [key, w] of batch) {
          if (waiting.get(key) !== w) continue;
          try {
            await commit([w]);
          } catch (one) {
            if (pgOutageOf(one)) return drain(); // the server went away meanwhile: back to the outage path
            dropped++;
            o.log.error('a write PostgreSQL refused was dropped', { writes: o.name, err: String(one) });
          }
          if (waiting.get(key) === w) waiting.delete(key);
        }
        continue;
      }
      // a key queued again while its batch ran stays for the next batch
      for (const [key, w] of batch) if (waiting.get(key) === w) waiting.delete(key);
      outage = undefined;
      delay = RETRY_MIN_MS;
    }
  }

  o.guard?.add({
    name: o.name,
    waiting: () => waiting.size,
    dropped: () => dropped,
    retry() {
      if (waiting.size === 0) return;
      // the queue retries by itself; the guard learns from here whether the outage lasts
      if (!running && !timer) start();
      if (outage) throw outageError(outage);
    },
  });

  return {
    add(write, key) {
      if (closed) {
        dropped++;
        return;
      }
      const k = key ?? anonymous++;
      if (key !== undefined) waiting.delete(k);
      waiting.set(k, write);
      if (outage) return; // the retry timer is set
      if (waiting.size >= maxBatch) {
        if (timer && !running) {
          clearTimeout(timer);
          timer = undefined;
        }
        schedule(0);
      } else schedule(intervalMs);
    },
    flush() {
      if (waiting.size === 0 && !running) return Promise.resolve();
      if (outage) return Promise.resolve();
      const done = new Promise<void>((resolve) => settled.push(resolve));
      if (timer && !running) {
        clearTimeout(timer);
        timer = undefined;
      }
      if (!running) start();
      return done;
    },
    get waiting() {
      return waiting.size;
    },
    get dropped() {
      return dropped;
    },
    get outage() {
      return outage;
    },
    async close() {
      if (timer) clearTimeout(timer);
      timer = undefined;
      if (running) await running;
      closed = true;
      if (waiting.size > 0) await drain();
      if (waiting.size > 0) {
        dropped += waiting.size;
        o.log.error('writes not written to PostgreSQL before the stop: they are lost', {
          writes: o.name,
          count: waiting.size,
          err: outage ? `${outage.code}: ${outage.message}` : undefined,
        });
        waiting.clear();
      }
      for (const f of settled.splice(0)) f();
    },
  };
}
