// The state recorder: every state change becomes a history row and the entity's current state, written in
// batches (history-writers.ts). While the database cannot be written the writer keeps a bounded backlog
// (history-backlog.ts), registered with the write guard (write-guard.ts) when there is one.
import type BetterSqlite3 from 'better-sqlite3';
import { resolve } from 'node:path';
import type { State } from '../../core/state.js';
import { BACKLOG_ROWS } from './history-backlog.js';
import { FIELDS, inlineWriter, workerWriter, type Writer } from './history-writers.js';
import { outageError, type Outage } from './unwritable.js';
import type { WriteGuardPort } from './write-guard.js';

export interface StateRecorderOptions {
  /** flush when this many changes are waiting */
  maxBatch?: number;
  /** flush at least this often (default 100 ms) */
  flushIntervalMs?: number;
  /**
   * write in a worker thread with a connection of its own (default: whenever the database is a file).
   * An in-memory database cannot be shared between connections and is always written in line.
   */
  worker?: boolean;
  /** changes held at most while the database cannot be written (default 100,000: history-backlog.ts) */
  maxBacklog?: number;
  /** told when the database refuses writes; retries the backlog in its rounds */
  guard?: WriteGuardPort;
}

/**
 * Buffers state changes and writes them in one transaction per batch: a history row each, and the
 * current state upserted. With a database file the transactions run in a worker thread, so neither the
 * inserts nor the WAL checkpoints they cause ever stall the event loop that serves automations; the
 * batches keep their order, and `flush()` waits until everything recorded so far is on disk.
 */
export interface StateRecorder {
  record(state: State): void;
  /** writes everything recorded so far and returns once it is committed; returns how many changes that was */
  flush(): number;
  /** recorded and not yet committed */
  readonly pending: number;
  /** committed since start */
  readonly written: number;
  /** held in the backlog while the database cannot be written (part of `pending`) */
  readonly waiting: number;
  /** dropped past the backlog's bound since start (the oldest rows; never an entity's latest state) */
  readonly dropped: number;
  /** in batches that could not be written for another reason, or still waiting at the stop */
  readonly lost: number;
  /** while the database refuses writes: what it says */
  readonly outage: Outage | undefined;
  /** runs a pragma on the writing connection (tests simulate a full disk with max_page_count) */
  pragma(text: string): void;
  /** writes what is left (what cannot be written is counted in `lost`) */
  close(): void;
}

export function createStateRecorder(sqlite: BetterSqlite3.Database, opts: StateRecorderOptions = {}): StateRecorder {
  const maxBatch = opts.maxBatch ?? 500;
  const maxBacklog = opts.maxBacklog ?? BACKLOG_ROWS;
  const useWorker = (opts.worker ?? true) && !sqlite.memory && sqlite.name !== '' && sqlite.name !== ':memory:';
  let writer: Writer = useWorker
    ? workerWriter(sqlite, resolve(sqlite.name), maxBacklog)
    : inlineWriter(sqlite, undefined, maxBacklog);
  /** the writer that takes over: in line, with the counts so far (what was handed over and not counted is lost) */
  const takeOver = (w: Writer) => {
    const lost = w.lost + Math.max(0, handedOver - w.written - w.lost - w.dropped);
    handedOver = w.written + lost + w.dropped;
    return inlineWriter(sqlite, { written: w.written, lost, dropped: w.dropped }, maxBacklog);
  };
  let buffer: unknown[] = [];
  // attributes rarely change while states do, and the state store keeps an unchanged attributes object:
  // serialise each object once
  const json = new WeakMap<object, string>();
  const attributesJson = (attributes: State['attributes']): string => {
    let text = json.get(attributes);
    if (text === undefined) {
      text = JSON.stringify(attributes);
      json.set(attributes, text);
    }
    return text;
  };
  let handedOver = 0;
  /** a failure to report: thrown once by the next record() or flush(), where the caller's error handling sees it */
  let problem: string | undefined;
  const note = (text: string | undefined) => {
    if (text !== undefined) problem = problem === undefined ? text : `${problem}; ${text}`;
  };
  const report = () => {
    if (problem === undefined) return;
    const text = problem;
    problem = undefined;
    throw new Error(`state history not written: ${text}`);
  };

  // an outage the guard has been told of (the writer says it again on every send until it ends)
  let told: Outage | undefined;
  const watch = () => {
    const outage = writer.outage;
    if (outage !== undefined && outage !== told) opts.guard?.absorb(outageError(outage));
    told = outage;
  };

  const send = (): number => {
    if (writer.broken) {
      // the thread is gone: write in line from now on (what it still held is lost, and reported)
      const w = writer;
      note(w.failure());
      writer = takeOver(w);
      w.close();
    }
    if (buffer.length === 0) {
      watch();
      return 0;
    }
    const batch = buffer;
    buffer = [];
    handedOver += batch.length / FIELDS;
    try {
      writer.write(batch);
    } catch (err) {
      note(err instanceof Error ? err.message : String(err));
    }
    note(writer.failure());
    watch();
    return batch.length / FIELDS;
  };

  // Batches handed over before the database took writes again may still be on their way to the thread (and
  // fail there): the guard marks how many were handed over once the thread reports no outage, and this backlog
  // counts as waiting until the thread has taken them all.
  let mark: number | undefined;
  const unsettled = () => {
    if (mark !== undefined && writer.reached(mark)) mark = undefined;
    return mark === undefined ? 0 : 1;
  };
  opts.guard?.add({
    name: 'history rows',
    bound: maxBacklog,
    waiting: () => writer.waiting + unsettled(),
    dropped: () => writer.dropped,
    retry() {
      watch();
      const outage = writer.outage;
      if (outage === undefined) {
        mark ??= writer.mark();
        return;
      }
      mark = undefined;
      writer.retry();
      throw outageError(outage);
    },
  });

  // often: rows that wait long enough to survive two scavenges are copied and promoted by the GC
  const timer = setInterval(send, opts.flushIntervalMs ?? 100);
  timer.unref();

  return {
    record(state) {
      buffer.push(
        state.entity_id,
        state.state,
        attributesJson(state.attributes),
        state.last_changed,
        state.last_updated,
        state.last_reported,
      );
      if (buffer.length >= maxBatch * FIELDS) {
        send();
        report();
      }
    },
    flush() {
      const n = send();
      writer.drain();
      note(writer.failure());
      report();
      return n;
    },
    get pending() {
      return buffer.length / FIELDS + Math.max(0, handedOver - writer.written - writer.lost - writer.dropped);
    },
    get written() {
      return writer.written;
    },
    get waiting() {
      return writer.waiting;
    },
    get dropped() {
      return writer.dropped;
    },
    get lost() {
      return writer.lost;
    },
    get outage() {
      return writer.outage;
    },
    pragma(text) {
      writer.pragma(text);
    },
    close() {
      clearInterval(timer);
      try {
        send();
      } finally {
        const w = writer;
        w.close();
        writer = takeOver(w);
      }
    },
  };
}
