import type BetterSqlite3 from 'better-sqlite3';
import { resolve } from 'node:path';
import type { State } from '../../core/state.js';
import { FIELDS, inlineWriter, workerWriter } from './history-writers.js';

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
  close(): void;
}

export function createStateRecorder(sqlite: BetterSqlite3.Database, opts: StateRecorderOptions = {}): StateRecorder {
  const maxBatch = opts.maxBatch ?? 500;
  const useWorker = (opts.worker ?? true) && !sqlite.memory && sqlite.name !== '' && sqlite.name !== ':memory:';
  let writer = useWorker ? workerWriter(sqlite, resolve(sqlite.name)) : inlineWriter(sqlite);
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

  const send = (): number => {
    if (writer.broken) {
      // the thread is gone: write in line from now on (what it still held is lost, and reported)
      const w = writer;
      note(w.failure());
      writer = inlineWriter(sqlite, w.written);
      handedOver = 0;
      w.close();
    }
    if (buffer.length === 0) return 0;
    const batch = buffer;
    buffer = [];
    handedOver += batch.length / FIELDS;
    try {
      writer.write(batch);
    } catch (err) {
      note(err instanceof Error ? err.message : String(err));
    }
    note(writer.failure());
    return batch.length / FIELDS;
  };

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
      return buffer.length / FIELDS + Math.max(0, handedOver - writer.written - writer.lost);
    },
    get written() {
      return writer.written;
    },
    close() {
      clearInterval(timer);
      try {
        send();
      } finally {
        const w = writer;
        w.close();
        writer = inlineWriter(sqlite, w.written);
        handedOver = w.written;
      }
    },
  };
}
