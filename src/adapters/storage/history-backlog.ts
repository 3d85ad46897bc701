// The history writer's backlog while the database cannot be written (disk full, read-only: unwritable.ts), in
// its thread or in line alike. A batch the database refuses is kept, and so is every batch after it, in order;
// the backlog is tried again with a capped backoff (100 ms doubling to 2 s), its oldest batch first, then in
// chunks, each in a transaction of its own, until it is empty. It is bounded by rows and by bytes: past
// `maxRows` rows or `maxBytes` (the rows' texts, as if each kept its own copy) the oldest rows are dropped (down to
// 90% of the bound) and counted, except the latest change of each entity, whose row also carries the entity's
// current state: the states table never misses the last value received.
import { FIELDS } from './history-batch.js';
import { nextDelay, outageOf, RETRY_MIN_MS, type Outage } from './unwritable.js';

/**
 * rows held at most while the database cannot be written: about 23 MB in the thread's heap (measured, 100,000
 * rows of 200 entities, attributes shared between an entity's changes as below; 38 MB if each kept its copy)
 */
export const BACKLOG_ROWS = 100_000;
/** and bytes at most (estimated: the thread's heap is limited to 96 MB, history-writers.ts) */
export const BACKLOG_BYTES = 48 * 1024 * 1024;
/** a row's own cost besides its texts: six slots and six string headers */
const ROW_BYTES = 144;

type Batch = unknown[];
type Write = (batches: readonly (readonly unknown[])[]) => void;

const rowBytes = (v: Batch, i: number): number => {
  let n = ROW_BYTES;
  for (let f = 0; f < FIELDS; f++) {
    const x = v[i + f];
    n += typeof x === 'string' ? x.length : 8;
  }
  return n;
};

/** Batches in order, bounded by rows and bytes; an entity's latest change is never dropped. */
export class Backlog {
  private entries: { values: Batch }[] = [];
  // where each entity's latest change is: its entry and offset (two maps: no object per row)
  private readonly latestEntry = new Map<unknown, { values: Batch }>();
  private readonly latestAt = new Map<unknown, number>();
  // each entity's last attributes text: a repeat (most changes) shares it instead of keeping its own copy
  private readonly attributes = new Map<unknown, unknown>();
  private limit: number;
  private byteLimit: number;
  rows = 0;
  bytes = 0;
  dropped = 0;

  constructor(
    readonly maxRows: number,
    readonly maxBytes = BACKLOG_BYTES,
  ) {
    this.limit = maxRows;
    this.byteLimit = maxBytes;
  }

  add(values: Batch): void {
    const entry = { values };
    this.entries.push(entry);
    for (let i = 0; i < values.length; i += FIELDS) {
      this.latestEntry.set(values[i], entry);
      this.latestAt.set(values[i], i);
      const last = this.attributes.get(values[i]);
      if (last === values[i + 2]) values[i + 2] = last;
      else this.attributes.set(values[i], values[i + 2]);
      this.bytes += rowBytes(values, i);
    }
    this.rows += values.length / FIELDS;
    if (this.rows > this.limit || this.bytes > this.byteLimit) this.compact();
  }

  /** the oldest batches, `maxRows` changes or more (at least one batch) */
  peek(maxRows: number): { batches: Batch[]; rows: number } {
    const batches: Batch[] = [];
    let rows = 0;
    for (const e of this.entries) {
      if (batches.length > 0 && rows + e.values.length / FIELDS > maxRows) break;
      batches.push(e.values);
      rows += e.values.length / FIELDS;
    }
    return { batches, rows };
  }

  /** removes the oldest `count` batches (written, or lost) */
  shift(count: number): void {
    for (const entry of this.entries.splice(0, count)) {
      const v = entry.values;
      for (let i = 0; i < v.length; i += FIELDS) {
        if (this.latestEntry.get(v[i]) === entry) {
          this.latestEntry.delete(v[i]);
          this.latestAt.delete(v[i]);
          this.attributes.delete(v[i]);
        }
        this.bytes -= rowBytes(v, i);
      }
      this.rows -= v.length / FIELDS;
    }
    if (this.entries.length === 0) {
      this.limit = this.maxRows;
      this.byteLimit = this.maxBytes;
      this.bytes = 0;
    }
  }

  /**
   * Drops the oldest rows that are not their entity's latest until 90% of the bounds is left. When the latest
   * rows alone are more (more entities than the bound), the next compaction waits for another 10%.
   */
  private compact(): void {
    const slack = Math.max(1, Math.floor(this.maxRows / 10));
    const byteSlack = Math.floor(this.maxBytes / 10);
    const over = () => this.rows > this.maxRows - slack || this.bytes > this.maxBytes - byteSlack;
    for (const entry of this.entries) {
      if (!over()) break;
      const v = entry.values;
      const kept: unknown[] = [];
      for (let i = 0; i < v.length; i += FIELDS) {
        const latest = this.latestEntry.get(v[i]) === entry && this.latestAt.get(v[i]) === i;
        if (!latest && over()) {
          this.rows--;
          this.bytes -= rowBytes(v, i);
          this.dropped++;
          continue;
        }
        if (latest) this.latestAt.set(v[i], kept.length);
        for (let f = 0; f < FIELDS; f++) kept.push(v[i + f]);
      }
      entry.values = kept;
    }
    this.entries = this.entries.filter((e) => e.values.length > 0);
    this.limit = Math.max(this.maxRows, this.rows + slack);
    this.byteLimit = Math.max(this.maxBytes, this.bytes + byteSlack);
  }
}

export interface HistoryQueueEvents {
  written(rows: number): void;
  /** rows the database refused for a reason that will not pass (not an outage), or not written by a stop */
  lost(rows: number, err: unknown): void;
  /** an outage began (or its error changed), or ended (undefined) */
  outage(outage: Outage | undefined): void;
  /** anything changed: the backlog's size, the rows dropped */
  changed(): void;
}

export interface HistoryQueue {
  /** writes the batches in one transaction, or keeps them behind what waits already */
  push(batches: Batch[], rows: number): void;
  /** tries the backlog now (the write guard's round) rather than when its backoff says */
  retryNow(): void;
  /** one last attempt (a stop): what still cannot be written is lost and reported */
  final(): void;
  readonly waiting: number;
  readonly dropped: number;
  readonly outage: Outage | undefined;
}

/** Writes through `write` (one transaction per call), keeping a backlog while the database cannot be written. */
export function createHistoryQueue(
  write: Write,
  on: HistoryQueueEvents,
  opts: { maxRows?: number | undefined; chunkRows: number },
): HistoryQueue {
  const backlog = new Backlog(Math.max(1, opts.maxRows ?? BACKLOG_ROWS));
  let outage: Outage | undefined;
  let delay = RETRY_MIN_MS;
  let timer: NodeJS.Timeout | undefined;

  /** true when the rows are done with (written, or lost for good); false when they must wait */
  const attempt = (batches: readonly (readonly unknown[])[], rows: number): boolean => {
    try {
      write(batches);
    } catch (err) {
      const o = outageOf(err);
      if (o === undefined) {
        on.lost(rows, err);
        return true;
      }
      if (outage?.message !== o.message) {
        outage = o;
        on.outage(o);
      }
      return false;
    }
    on.written(rows);
    if (outage !== undefined) {
      outage = undefined;
      on.outage(undefined);
    }
    return true;
  };

  const schedule = () => {
    if (timer) return;
    timer = setTimeout(retry, delay);
    timer.unref();
  };

  // the oldest batch alone first (a cheap probe while the disk is still full), then in chunks
  function retry(): void {
    timer = undefined;
    let chunk = 1;
    while (backlog.rows > 0) {
      const { batches, rows } = backlog.peek(chunk);
      chunk = opts.chunkRows;
      if (!attempt(batches, rows)) {
        delay = nextDelay(delay);
        on.changed();
        schedule();
        return;
      }
      backlog.shift(batches.length);
      on.changed();
    }
    delay = RETRY_MIN_MS;
  }

  return {
    push(batches, rows) {
      if (backlog.rows === 0 && attempt(batches, rows)) return;
      for (const b of batches) backlog.add(b);
      on.changed();
      schedule();
    },
    retryNow() {
      if (timer) clearTimeout(timer);
      timer = undefined;
      if (backlog.rows > 0) retry();
    },
    final() {
      if (timer) clearTimeout(timer);
      timer = undefined;
      if (backlog.rows === 0) return;
      retry();
      if (timer) clearTimeout(timer);
      timer = undefined;
      if (backlog.rows === 0) return;
      const rows = backlog.rows;
      const text = outage ? `${outage.code}: ${outage.message}` : 'the database cannot be written';
      backlog.shift(Number.MAX_SAFE_INTEGER);
      on.lost(rows, new Error(`${rows} changes still waiting at the stop could not be written (${text})`));
      on.changed();
    },
    get waiting() {
      return backlog.rows;
    },
    get dropped() {
      return backlog.dropped;
    },
    get outage() {
      return outage;
    },
  };
}
