import type BetterSqlite3 from 'better-sqlite3';
import { traceSummary, type AutomationTrace, type TraceStore, type TraceSummary } from '../../core/automation-ports.js';

export interface TraceStoreOptions {
  /** traces kept per automation (the newest); default 20 */
  keep?: number;
}

/**
 * Automation traces in SQLite (table `automation_traces`, migration 0003). Saving a trace again with the
 * same run id replaces it; after each save only the newest `keep` traces of that automation remain
 * (the automation's own `trace: {stored_traces}` when the engine passes it).
 */
export function createTraceStore(sqlite: BetterSqlite3.Database, options: TraceStoreOptions = {}): TraceStore {
  const keep = Math.max(1, Math.floor(options.keep ?? 20));
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
  const save = sqlite.transaction((trace: AutomationTrace, kept: number) => {
    upsert.run({
      automation_id: trace.automation_id,
      run_id: trace.run_id,
      start: trace.start,
      outcome: trace.outcome,
      summary: JSON.stringify(traceSummary(trace)),
      trace: JSON.stringify(trace),
    });
    trim.run({ automation_id: trace.automation_id, keep: kept });
  });

  return {
    save(trace, keepThis) {
      save(trace, keepThis !== undefined && keepThis >= 1 ? Math.floor(keepThis) : keep);
    },
    list(automationId, limit = keep) {
      const rows = list.all(automationId, Math.max(0, Math.floor(limit))) as { summary: string }[];
      return rows.map((r) => JSON.parse(r.summary) as TraceSummary);
    },
    get(automationId, runId) {
      const row = one.get(automationId, runId) as { trace: string } | undefined;
      return row ? (JSON.parse(row.trace) as AutomationTrace) : undefined;
    },
  };
}
