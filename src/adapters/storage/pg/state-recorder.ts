// The state recorder on PostgreSQL: every state change becomes a history row and the entity's current state, as
// the SQLite recorder (state-recorder.ts) does. Changes are buffered and written in batches, each batch ONE
// statement: the history rows and the states' upsert as unnest() of arrays, in a data-modifying WITH (atomic,
// one round trip, whatever the batch's size). One batch is in flight at a time, so the order is kept.
//
// Not createPgWriteQueue: it holds a closure per write and runs a statement per write in each transaction, a
// round trip per row for history's volume; and history needs its own bound: past it the oldest rows go, never an
// entity's latest change. Rows wait here as flat arrays in the SQLite writer's layout (FIELDS values per change)
// in the same Backlog (history-backlog.ts), so the bound, its 90% compaction and what is kept are SQLite's.
import type { Logger } from '../../../core/logger.js';
import type { State } from '../../../core/state.js';
import { Backlog, BACKLOG_ROWS } from '../history-backlog.js';
import { FIELDS, NUMERIC } from '../history-batch.js';
import { nextDelay, outageError, RETRY_MIN_MS, type Outage } from '../unwritable.js';
import type { WriteGuardPort } from '../write-guard.js';
import type { PgDatabase } from './database.js';
import { dayOf, historyPartitions } from './history-partitions.js';
import { pgOutageOf } from './outage.js';

export interface PgStateRecorderOptions {
  log: Logger;
  /** told when PostgreSQL refuses writes; retries the rows held in its rounds */
  guard?: WriteGuardPort;
  /** hand the buffer to the writer at least this often (default 100 ms) */
  flushIntervalMs?: number;
  /** rows per batch at most; a full buffer is handed over at once (default 2,000) */
  maxBatch?: number;
  /** rows held at most while PostgreSQL refuses writes (default 100,000, as SQLite's: history-backlog.ts) */
  maxBacklog?: number;
}

export interface PgStateRecorder {
  record(state: State): void;
  /** hands over what was recorded; resolves once it is committed (or lost, dropped), during an outage at once,
   * to how many changes it handed over */
  flush(): Promise<number>;
  /** recorded and not yet committed */
  readonly pending: number;
  /** committed since start */
  readonly written: number;
  /** held because PostgreSQL refused them for a reason that may pass (part of `pending`) */
  readonly waiting: number;
  /** dropped past the backlog's bound since start (the oldest rows; never an entity's latest state) */
  readonly dropped: number;
  /** in batches refused for another reason, recorded after close(), or still waiting at the stop */
  readonly lost: number;
  /** while PostgreSQL refuses writes: what it says */
  readonly outage: Outage | undefined;
  /** writes what is left, once (what cannot be written is counted in `lost`); leaves the database open */
  close(): Promise<void>;
}

// history: entity_id, state, state_num, attributes, ts; states: the latest change of each entity in the batch.
// An upsert touches a row once per statement (hence one per entity), and the last writer wins by last_reported
// (ISO 8601 texts of one length, compared byte by byte): a late batch never overwrites a newer state.
const WRITE_SQL = `with history as (
  insert into state_history (entity_id, state, state_num, attributes, ts)
  select * from unnest($1::text[], $2::text[], $3::float8[], $4::text[], $5::int8[])
)
insert into states as s (entity_id, state, attributes, last_changed, last_updated, last_reported)
select * from unnest($6::text[], $7::text[], $8::text[], $9::text[], $10::text[], $11::text[])
on conflict (entity_id) do update set state = excluded.state, attributes = excluded.attributes,
  last_changed = excluded.last_changed, last_updated = excluded.last_updated, last_reported = excluded.last_reported
where excluded.last_reported collate "C" >= s.last_reported collate "C"`;

/** PostgreSQL's text cannot hold NUL (SQLite's can): the one character it refuses becomes U+FFFD */
const text = (s: string) => (s.includes('\u0000') ? s.replaceAll('\u0000', '\uFFFD') : s);

/** a batch's statement values, and the UTC days its rows fall in */
function params(batches: readonly (readonly unknown[])[]): { values: unknown[][]; days: Set<number> } {
  const ids: string[] = [];
  const states: string[] = [];
  const nums: (number | null)[] = [];
  const attributes: string[] = [];
  const times: number[] = [];
  const latest = new Map<unknown, [readonly unknown[], number]>();
  const days = new Set<number>();
  for (const b of batches) {
    for (let i = 0; i < b.length; i += FIELDS) {
      // as the SQLite writer (history-batch.ts): its number when the state is one, the time is last_updated;
      // +0 for -0, which SQLite's REAL column gives back as 0
      const state = text(b[i + 1] as string);
      const ts = Date.parse(b[i + 4] as string);
      ids.push(text(b[i] as string));
      states.push(state);
      nums.push(NUMERIC.test(state) ? Number(state) + 0 : null);
      attributes.push(text(b[i + 2] as string));
      times.push(ts);
      days.add(dayOf(ts));
      latest.set(b[i], [b, i]);
    }
  }
  // the states' six columns, in the batch's layout
  const last = [...latest.values()];
  const current = Array.from({ length: FIELDS }, (_, f) => last.map(([b, i]) => text(b[i + f] as string)));
  return { values: [ids, states, nums, attributes, times, ...current], days };
}

export function createPgStateRecorder(database: PgDatabase, opts: PgStateRecorderOptions): PgStateRecorder {
  const maxBatch = Math.max(1, opts.maxBatch ?? 2_000);
  const maxBacklog = Math.max(1, opts.maxBacklog ?? BACKLOG_ROWS);
  const partitions = historyPartitions(database);
  const json = new WeakMap<object, string>();
  // attributes rarely change while states do, and the state store keeps an unchanged attributes object:
  // serialise each object once (as the SQLite recorder does)
  const attributesJson = (attributes: State['attributes']): string => {
    const known = json.get(attributes);
    if (known !== undefined) return known;
    const t = JSON.stringify(attributes);
    json.set(attributes, t);
    return t;
  };

  let buffer: unknown[] = [];
  /** handed over, in order; the batch in flight is taken out of it, and put back first if PostgreSQL is away */
  let queue = new Backlog(maxBacklog);
  let droppedBefore = 0; // by the queues replaced so far
  let flight = 0; // rows in the batch being written
  let handed = 0;
  let written = 0;
  let lost = 0;
  /** rows handed over before the last refusal: held (the guard's `waiting`) until that many are done with */
  let heldUpTo = 0;
  let outage: Outage | undefined;
  let delay = RETRY_MIN_MS;
  let timer: NodeJS.Timeout | undefined;
  let running: Promise<void> | undefined;
  /** from close(): the last attempt runs, and what is recorded after it is lost */
  let stopping = false;
  let waiters: { target: number; done: () => void }[] = [];

  const dropped = () => droppedBefore + queue.dropped;
  /** rows done with: committed, lost or dropped */
  const done = () => written + lost + dropped();
  const waiting = () => (done() < heldUpTo ? queue.rows + flight : 0);
  /** resolves the flushes whose rows are done with (all of them during an outage or the stop) */
  const settle = () => {
    const now = done();
    const over = waiters.filter((w) => outage || stopping || now >= w.target);
    waiters = waiters.filter((w) => !over.includes(w));
    for (const w of over) w.done();
  };

  /** writes one batch; a batch's day may have been dropped by retention since we made it: made again, once */
  const write = async (batches: readonly (readonly unknown[])[]) => {
    const { values, days } = params(batches);
    for (let attempt = 0; ; attempt++) {
      await partitions.ensure(days);
      try {
        await database.pool.query(WRITE_SQL, values);
        return;
      } catch (err) {
        const noPartition = (err as { code?: unknown }).code === '23514' && /no partition/.test(String(err));
        if (!noPartition || attempt > 0) throw err;
        partitions.forget();
      }
    }
  };

  /** writes batches until nothing is queued, or PostgreSQL refuses (then the rows wait for a retry) */
  async function drain(): Promise<void> {
    while (queue.rows > 0) {
      const { batches, rows } = queue.peek(maxBatch);
      queue.shift(batches.length);
      flight = rows;
      try {
        await write(batches);
        written += rows;
        outage = undefined;
        delay = RETRY_MIN_MS;
      } catch (err) {
        const refused = pgOutageOf(err);
        if (!refused) {
          lost += rows;
          opts.log.error('state history rows PostgreSQL refused were dropped', { count: rows, err: String(err) });
          continue;
        }
        // back at the front, before what came meanwhile: a new queue, as the Backlog only appends
        const rest = queue.peek(Number.MAX_SAFE_INTEGER).batches;
        droppedBefore += queue.dropped;
        queue = new Backlog(maxBacklog);
        for (const b of [...batches, ...rest]) queue.add(b);
        outage = refused;
        heldUpTo = handed;
        opts.guard?.absorb(outageError(refused));
        delay = nextDelay(delay);
        if (!stopping) timer = setTimeout(start, delay).unref();
        return;
      } finally {
        flight = 0;
        settle();
      }
    }
  }

  function start(): void {
    if (timer) clearTimeout(timer);
    timer = undefined;
    if (running || queue.rows === 0) return;
    running = drain().finally(() => {
      running = undefined;
      settle();
      if (!outage && queue.rows > 0 && !stopping) start();
    });
  }

  /** hands the buffer over as one batch; returns its rows */
  const send = (): number => {
    if (buffer.length === 0) return 0;
    const batch = buffer;
    buffer = [];
    const rows = batch.length / FIELDS;
    handed += rows;
    queue.add(batch); // bounded: past maxBacklog the oldest rows go (history-backlog.ts)
    // during an outage the retry timer (or the guard) writes it; else now, or after the batch in flight
    if (!outage && !stopping) start();
    settle();
    return rows;
  };

  const tick = setInterval(send, opts.flushIntervalMs ?? 100).unref();

  opts.guard?.add({
    name: 'history rows',
    bound: maxBacklog,
    waiting,
    dropped,
    retry() {
      if (waiting() === 0) return;
      // the recorder writes by itself; the guard learns from here whether the outage lasts
      if (!running) start();
      if (outage) throw outageError(outage);
    },
  });

  return {
    record(state) {
      if (stopping) {
        lost++;
        return;
      }
      const { entity_id, state: value, attributes, last_changed, last_updated, last_reported } = state;
      buffer.push(entity_id, value, attributesJson(attributes), last_changed, last_updated, last_reported);
      if (buffer.length >= maxBatch * FIELDS) send();
    },
    flush() {
      const n = send();
      if (outage || stopping || (queue.rows === 0 && !running)) return Promise.resolve(n);
      const target = handed;
      return new Promise((resolve) => {
        waiters.push({ target, done: () => resolve(n) });
        settle();
      });
    },
    get pending() {
      return buffer.length / FIELDS + queue.rows + flight;
    },
    get written() {
      return written;
    },
    get waiting() {
      return waiting();
    },
    get dropped() {
      return dropped();
    },
    get lost() {
      return lost;
    },
    get outage() {
      return outage;
    },
    async close() {
      if (stopping) return;
      clearInterval(tick);
      send();
      stopping = true;
      clearTimeout(timer);
      if (running) await running;
      // one last attempt at what is left, outage or not
      if (queue.rows > 0) {
        running = drain();
        await running;
        running = undefined;
      }
      if (queue.rows > 0) {
        const rows = queue.rows;
        lost += rows;
        opts.log.error('state history rows not written to PostgreSQL before the stop: they are lost', {
          count: rows,
          err: outage ? `${outage.code}: ${outage.message}` : undefined,
        });
        droppedBefore += queue.dropped;
        queue = new Backlog(maxBacklog);
      }
      settle();
    },
  };
}
