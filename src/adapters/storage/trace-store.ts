import type BetterSqlite3 from 'better-sqlite3';
import { traceSummary, type AutomationTrace, type TraceInput, type TraceStore, type TraceSummary } from '../../core/automation-ports.js';

export interface TraceStoreOptions {
  /** traces kept per automation (the newest); default 20 */
  keep?: number;
  /** how long a trace may wait in memory before it is written; default 500 ms (0: write at once) */
  flushIntervalMs?: number;
  /** write as soon as this many traces wait; default 200 */
  maxPending?: number;
  /** told when a batch could not be written (it is dropped; the runs themselves are unaffected) */
  onError?: (err: unknown, dropped: number) => void;
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
  const upsert = sqlite.prepare(
    `INSERT INTO automation_traces (automation_id, run_id, start, outcome, summary, trace)
     VALUES (@automation_id, @run_id, @start, @outcome, @summary, @trace)
     ON CONFLICT (automation_id, run_id) DO UPDATE SET start = excluded.start, outcome = excluded.outcome,
       summary = excluded.summary, trace = excluded.trace`,
  );
  const trim = sqlite.prepare(
    `DELETE FROM automation_traces WHERE automation_id = @automation_id AND seq <= (
       SELECT seq FROM automation_traces WHERE automation_id = @automation_id ORDER BY seq DESC LIMIT 1 OFFSET @keep)`,
  );
  const list = sqlite.prepare('SELECT summary FROM automation_traces WHERE automation_id = ? ORDER BY seq DESC LIMIT ?');
  const one = sqlite.prepare('SELECT trace FROM automation_traces WHERE automation_id = ? AND run_id = ?');

  /** waiting traces, in the order they were saved */
  let pending: { trace: TraceInput; keep: number }[] = [];
  const write = sqlite.transaction((batch: readonly { trace: TraceInput; keep: number }[]) => {
    // of one automation's traces in a batch, only the newest `keep` can survive the trim: skip the rest
    const kept = new Map<string, number>();
    const newestFirst = [...batch].reverse().filter(({ trace, keep: k }) => {
      const n = (kept.get(trace.automation_id) ?? 0) + 1;
      kept.set(trace.automation_id, n);
      return n <= k;
    });
    const keepOf = new Map<string, number>();
    for (const { trace: input, keep: k } of newestFirst.reverse()) {
      const trace = 'build' in input ? input.build() : input;
      upsert.run({
        automation_id: trace.automation_id,
        run_id: trace.run_id,
        start: trace.start,
        outcome: trace.outcome,
        summary: JSON.stringify(traceSummary(trace)),
        trace: JSON.stringify(trace),
      });
      keepOf.set(trace.automation_id, k);
    }
    for (const [automationId, k] of keepOf) trim.run({ automation_id: automationId, keep: k });
  });

  const flush = (): void => {
    if (pending.length === 0) return;
    const batch = pending;
    pending = [];
    // closed under us (a test, or a stop that skipped the engine): nothing can be written any more
    if (!sqlite.open) return;
    try {
      write(batch);
    } catch (err) {
      if (options.onError) options.onError(err, batch.length);
      else throw err;
    }
  };
  const interval = options.flushIntervalMs ?? 500;
  const timer = interval > 0 ? setInterval(flush, interval) : undefined;
  timer?.unref();

  return {
    save(trace, keepThis) {
      pending.push({ trace, keep: keepThis !== undefined && keepThis >= 1 ? Math.floor(keepThis) : keep });
      if (interval === 0 || pending.length >= maxPending) flush();
    },
    list(automationId, limit = keep) {
      flush();
      const rows = list.all(automationId, Math.max(0, Math.floor(limit))) as { summary: string }[];
      return rows.map((r) => JSON.parse(r.summary) as TraceSummary);
    },
    get(automationId, runId) {
      flush();
      const row = one.get(automationId, runId) as { trace: string } | undefined;
      return row ? (JSON.parse(row.trace) as AutomationTrace) : undefined;
    },
    flush,
    get pending() {
      return pending.length;
    },
  };
}
