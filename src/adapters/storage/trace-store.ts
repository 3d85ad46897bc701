// Automation traces in SQLite, written behind in batches. While the database cannot be written (write-guard.ts)
// they wait in memory, still bounded per automation, read from there, and are written by the guard's rounds.
import type BetterSqlite3 from 'better-sqlite3';
import type { Selectable } from 'kysely';
import {
  traceSummary,
  type AutomationTrace,
  type TraceInput,
  type TraceStore,
  type TraceSummary,
} from '../../core/automation-ports.js';
import { queryBuilder, type AutomationTracesTable } from './db-schema.js';
import { prepareQuery, standIns } from './prepared.js';
import { outageOf } from './unwritable.js';
import type { WriteGuardPort } from './write-guard.js';

export interface TraceStoreOptions {
  /** traces kept per automation (the newest); default 20 */
  keep?: number;
  /** how long a trace may wait in memory before it is written; default 500 ms (0: write at once) */
  flushIntervalMs?: number;
  /** write as soon as this many traces wait; default 200 */
  maxPending?: number;
  /** told when a batch could not be written (it is dropped; the runs themselves are unaffected) */
  onError?: (err: unknown, dropped: number) => void;
  /** while the database cannot be written the traces wait for its rounds instead */
  guard?: WriteGuardPort;
}

export interface BufferedTraceStore extends TraceStore {
  flush(): void;
  /** traces waiting to be written */
  readonly pending: number;
}

/**
 * Automation traces in SQLite (table `automation_traces`, migration 0003). Saving a trace again with the
 * same run id replaces it; only the newest `keep` traces of each automation remain (the automation's
 * own `trace: {stored_traces}` when the engine passes it).
 *
 * Traces are written behind, in one transaction per batch: a busy automation would otherwise pay for a
 * transaction (and the JSON of its trace) on every run, on the event loop that also serves its triggers.
 * Reads flush first, so a trace is visible as soon as its run has ended.
 */
export function createTraceStore(sqlite: BetterSqlite3.Database, options: TraceStoreOptions = {}): BufferedTraceStore {
  const keep = Math.max(1, Math.floor(options.keep ?? 20));
  const maxPending = Math.max(1, options.maxPending ?? 200);
  const db = queryBuilder();
  const upsert = prepareQuery(sqlite, (p: Omit<Selectable<AutomationTracesTable>, 'seq'>) =>
    db
      .insertInto('automation_traces')
      .values(standIns(p, ['automation_id', 'run_id', 'start', 'outcome', 'summary', 'trace']))
      .onConflict((oc) =>
        oc.columns(['automation_id', 'run_id']).doUpdateSet((eb) => ({
          start: eb.ref('excluded.start'),
          outcome: eb.ref('excluded.outcome'),
          summary: eb.ref('excluded.summary'),
          trace: eb.ref('excluded.trace'),
        })),
      ),
  );
  const trim = prepareQuery(sqlite, (p: { automation_id: string; keep: number }) =>
    db
      .deleteFrom('automation_traces')
      .where('automation_id', '=', p.automation_id)
      .where('seq', '<=', (eb) =>
        eb
          .selectFrom('automation_traces')
          .select('seq')
          .where('automation_id', '=', p.automation_id)
          .orderBy('seq', 'desc')
          .limit((eb) => eb.lit(1))
          .offset(p.keep),
      ),
  );
  const list = prepareQuery(sqlite, (p: { automation_id: string; limit: number }) =>
    db
      .selectFrom('automation_traces')
      .select('summary')
      .where('automation_id', '=', p.automation_id)
      .orderBy('seq', 'desc')
      .limit(p.limit),
  );
  const one = prepareQuery(sqlite, (p: { automation_id: string; run_id: string }) =>
    db
      .selectFrom('automation_traces')
      .select('trace')
      .where('automation_id', '=', p.automation_id)
      .where('run_id', '=', p.run_id),
  );

  /**
   * Waiting traces per automation, oldest first. Only the newest `keep` of an automation can survive the
   * trim, so older ones are dropped as new ones come: a busy automation holds at most 2 × keep traces
   * (and their run data) between flushes instead of every run's, which the GC would otherwise copy
   * around and promote.
   */
  let pending = new Map<string, { keep: number; items: TraceInput[] }>();
  let pendingCount = 0;
  const write = sqlite.transaction((batch: ReadonlyMap<string, { keep: number; items: readonly TraceInput[] }>) => {
    for (const [automationId, { keep: k, items }] of batch) {
      for (const input of items.slice(-k)) {
        const trace = 'build' in input ? input.build() : input;
        upsert.run({
          automation_id: trace.automation_id,
          run_id: trace.run_id,
          start: trace.start,
          outcome: trace.outcome,
          summary: JSON.stringify(traceSummary(trace)),
          trace: JSON.stringify(trace),
        });
      }
      trim.run({ automation_id: automationId, keep: k });
    }
  });

  const counted = (batch: typeof pending) =>
    [...batch.values()].reduce((n, p) => n + Math.min(p.items.length, p.keep), 0);
  /** puts a batch the database refused back, before what came since (only the newest `keep` can survive) */
  const restore = (batch: typeof pending) => {
    for (const [automationId, older] of batch) {
      const newer = pending.get(automationId);
      const items = [...older.items, ...(newer?.items ?? [])];
      const k = newer?.keep ?? older.keep;
      pending.set(automationId, { keep: k, items: items.slice(-k) });
    }
    pendingCount = [...pending.values()].reduce((n, p) => n + p.items.length, 0);
  };
  const take = () => {
    const batch = pending;
    pending = new Map();
    pendingCount = 0;
    return batch;
  };
  options.guard?.add({
    name: 'automation traces',
    waiting: () => pendingCount,
    dropped: () => 0,
    retry() {
      if (pendingCount === 0 || !sqlite.open) return;
      const batch = take();
      try {
        write(batch);
      } catch (err) {
        if (outageOf(err)) restore(batch);
        else options.onError?.(err, counted(batch)); // refused for good (not an outage): dropped and told
        throw err;
      }
    },
  });

  const flush = (): void => {
    if (pendingCount === 0) return;
    // held: the write guard's rounds write them once the database can be written again
    if (options.guard && !options.guard.writable) return;
    const batch = take();
    // closed under us (a test, or a stop that skipped the engine): nothing can be written any more
    if (!sqlite.open) return;
    try {
      write(batch);
    } catch (err) {
      if (options.guard?.absorb(err)) {
        restore(batch);
        return;
      }
      if (!options.onError) throw err;
      options.onError(err, counted(batch));
    }
  };
  /** the traces of `automationId` not written yet, newest first (only while the database cannot be written) */
  const held = (automationId: string): AutomationTrace[] =>
    (pending.get(automationId)?.items ?? []).map((input) => ('build' in input ? input.build() : input)).reverse();
  const interval = options.flushIntervalMs ?? 500;
  const timer = interval > 0 ? setInterval(flush, interval) : undefined;
  timer?.unref();

  return {
    save(trace, keepThis) {
      const k = keepThis !== undefined && keepThis >= 1 ? Math.floor(keepThis) : keep;
      let waiting = pending.get(trace.automation_id);
      if (!waiting) {
        waiting = { keep: k, items: [] };
        pending.set(trace.automation_id, waiting);
      }
      waiting.keep = k;
      waiting.items.push(trace);
      pendingCount++;
      if (waiting.items.length >= 2 * k) {
        const dropped = waiting.items.length - k;
        waiting.items.splice(0, dropped);
        pendingCount -= dropped;
      }
      if (interval === 0 || pendingCount >= maxPending) flush();
    },
    list(automationId, limit = keep) {
      flush();
      const n = Math.max(0, Math.floor(limit));
      const rows = list.all({ automation_id: automationId, limit: n });
      const stored = rows.map((r) => JSON.parse(r.summary) as TraceSummary);
      if (pendingCount === 0) return stored;
      const newer = held(automationId).map(traceSummary);
      const runs = new Set(newer.map((t) => t.run_id));
      return [...newer, ...stored.filter((t) => !runs.has(t.run_id))].slice(0, n);
    },
    get(automationId, runId) {
      flush();
      const waiting = pendingCount === 0 ? undefined : held(automationId).find((t) => t.run_id === runId);
      if (waiting) return waiting;
      const row = one.get({ automation_id: automationId, run_id: runId });
      return row ? (JSON.parse(row.trace) as AutomationTrace) : undefined;
    },
    flush,
    get pending() {
      return pendingCount;
    },
  };
}
