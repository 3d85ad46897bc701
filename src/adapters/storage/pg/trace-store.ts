// Automation traces in PostgreSQL, with the same answers as the SQLite store (trace-store.ts). The TraceStore port
// is synchronous, so the store reads every stored trace at start (the table holds only the newest few of each
// automation), answers list() and get() from memory and writes behind through a write queue (pg/write-queue.ts).
//
// Saves wait unbuilt (TraceInput) until a read or a write needs them. They are then replayed as SQLite applies
// them when it writes each save at once: an upsert (a run saved again keeps its place) and a trim to that save's
// `keep`. Only the saves that survive the replay are built; one that cannot be built is told and did not happen,
// as SQLite's failed write. Each run gets its `seq` (newest highest) from the table's identity sequence (reserveIds
// in pg/alert-store.ts) and carries it into the table, so the table's order is memory's whatever order the
// writes land in, and trimming an automation is "delete what is older than the oldest run memory keeps".
import type { Selectable } from 'kysely';
import {
  traceSummary,
  type AutomationTrace,
  type TraceInput,
  type TraceSummary,
} from '../../../core/automation-ports.js';
import type { Logger } from '../../../core/logger.js';
import type { AutomationTracesTable } from '../db-schema.js';
import type { BufferedTraceStore, TraceStoreOptions } from '../trace-store.js';
import { reserveIds } from './alert-store.js';
import type { PgDatabase } from './database.js';
import { createPgWriteQueue, type PgWrite } from './write-queue.js';

export interface PgTraceStore extends BufferedTraceStore {
  /** starts writing what waits (the engine calls it when it stops) */
  flush(): void;
  /** resolves once every trace saved before the call is written (at once during an outage) */
  settle(): Promise<void>;
  /** writes what waits and stops writing */
  close(): Promise<void>;
}

type Stored = Pick<Selectable<AutomationTracesTable>, 'start' | 'outcome' | 'summary' | 'trace'>;

/** a save of a run, not built yet */
interface Save {
  readonly run_id: string;
  readonly keep: number;
  /** dropped once built, so the run's data can go */
  input: TraceInput | undefined;
  built?: Stored;
  failed?: boolean;
}

/** a run as SQLite's table holds it once its saves are written: built, or its latest save still to build */
interface Run {
  readonly seq: number;
  stored: Stored | undefined;
  save: Save | undefined;
}

interface Automation {
  /** oldest first (by seq) */
  runs: Map<string, Run>;
  /** saves not replayed yet, oldest first */
  saves: Save[];
  /** the queue key each run's write waits under; keys of runs gone are given to new runs (see save()) */
  keys: Map<string, string>;
  free: string[];
  made: number;
}

export async function createPgTraceStore(
  database: Pick<PgDatabase, 'db'>,
  options: TraceStoreOptions & { log: Logger },
): Promise<PgTraceStore> {
  const { db } = database;
  const keep = Math.max(1, Math.floor(options.keep ?? 20));
  const rows = await db.selectFrom('automation_traces').selectAll().orderBy('seq').execute();
  const seqs = await reserveIds({
    db,
    table: 'automation_traces',
    column: 'seq',
    highest: rows.at(-1)?.seq ?? 0,
    log: options.log,
  });
  const queue = createPgWriteQueue({
    db,
    name: 'automation traces',
    log: options.log,
    guard: options.guard,
    intervalMs: options.flushIntervalMs ?? 500,
    maxBatch: Math.max(1, options.maxPending ?? 200),
  });

  const automations = new Map<string, Automation>();
  const automation = (id: string): Automation => {
    let a = automations.get(id);
    if (!a) {
      a = { runs: new Map(), saves: [], keys: new Map(), free: [], made: 0 };
      automations.set(id, a);
    }
    return a;
  };
  for (const { seq, automation_id, run_id, start, outcome, summary, trace } of rows)
    automation(automation_id).runs.set(run_id, { seq, stored: { start, outcome, summary, trace }, save: undefined });

  const build = (save: Save): boolean => {
    const input = save.input;
    if (input === undefined) return !save.failed;
    save.input = undefined;
    try {
      const t: AutomationTrace = 'build' in input ? input.build() : input;
      const summary = JSON.stringify(traceSummary(t));
      save.built = { start: t.start, outcome: t.outcome, summary, trace: JSON.stringify(t) };
      return true;
    } catch (err) {
      save.failed = true;
      if (options.onError) options.onError(err, 1);
      else options.log.warn('could not store an automation trace', { run_id: save.run_id, err: String(err) });
      return false;
    }
  };

  /**
   * SQLite's table after `saves`, each written at once: upserted (a run in the table keeps its place and seq)
   * and trimmed to that save's `keep`. Nothing is built here; a save that could not be built did not happen.
   */
  const replay = (runs: ReadonlyMap<string, Run>, saves: readonly Save[]): Map<string, Run> => {
    const table = new Map<string, Run>();
    for (const [id, run] of runs) {
      if (!run.save?.failed) table.set(id, run);
      else if (run.stored) table.set(id, { ...run, save: undefined });
    }
    for (const save of saves) {
      if (save.failed) continue;
      const before = table.get(save.run_id);
      table.set(save.run_id, { seq: before?.seq ?? seqs.next(), stored: before?.stored, save });
      for (const id of table.keys()) {
        if (table.size <= save.keep) break;
        table.delete(id);
      }
    }
    return table;
  };
  const releaseGone = (a: Automation) => {
    for (const [id, key] of a.keys) {
      if (a.runs.has(id) || a.saves.some((s) => s.run_id === id)) continue;
      a.keys.delete(id);
      a.free.push(key);
    }
  };
  /** replays the automation's saves and builds the runs that stay (only they); reads and writes call it first */
  const catchUp = (a: Automation) => {
    if (a.saves.length === 0 && ![...a.runs.values()].some((r) => r.save)) return;
    for (;;) {
      const table = replay(a.runs, a.saves);
      // a save that cannot be built: replayed again without it (it may have trimmed an older run)
      if (![...table.values()].every((r) => !r.save || build(r.save))) continue;
      for (const run of table.values()) {
        if (!run.save) continue;
        run.stored = run.save.built;
        run.save = undefined;
      }
      a.runs = table;
      a.saves = [];
      releaseGone(a);
      return;
    }
  };

  /** writes the run as memory has it when the write runs (nothing when it is gone by then) */
  const writeRun =
    (automationId: string, a: Automation, runId: string): PgWrite =>
    async (tx) => {
      catchUp(a);
      const run = a.runs.get(runId);
      if (!run?.stored) return;
      await tx
        .insertInto('automation_traces')
        .values({ seq: run.seq, automation_id: automationId, run_id: runId, ...run.stored })
        .onConflict((oc) =>
          oc.columns(['automation_id', 'run_id']).doUpdateSet((eb) => ({
            start: eb.ref('excluded.start'),
            outcome: eb.ref('excluded.outcome'),
            summary: eb.ref('excluded.summary'),
            trace: eb.ref('excluded.trace'),
            // the same, unless the run was trimmed and saved again before its trim was written: then the newest
            seq: eb.ref('excluded.seq'),
          })),
        )
        .execute();
    };
  /** deletes the automation's rows older than the oldest run memory keeps */
  const writeTrim =
    (automationId: string, a: Automation): PgWrite =>
    async (tx) => {
      catchUp(a);
      const oldest = a.runs.values().next().value;
      if (!oldest) return;
      await tx
        .deleteFrom('automation_traces')
        .where('automation_id', '=', automationId)
        .where('seq', '<', oldest.seq)
        .execute();
    };

  return {
    save(trace, keepThis) {
      const k = keepThis !== undefined && keepThis >= 1 ? Math.floor(keepThis) : keep;
      const id = trace.automation_id;
      const a = automation(id);
      a.saves.push({ run_id: trace.run_id, keep: k, input: trace });
      // At twice the kept number waiting, the oldest are replayed without being built: as in SQLite's buffer, a
      // busy automation holds a bounded number of traces between two writes, and those trimmed are never built.
      if (a.saves.length >= 2 * k) {
        a.runs = replay(a.runs, a.saves.splice(0, a.saves.length - k));
        releaseGone(a);
      }
      // A run takes the key of a run gone, replacing that run's write if it still waits (it would write nothing):
      // during an outage the queue holds a few writes per automation, not one per run.
      let key = a.keys.get(trace.run_id);
      if (key === undefined) {
        key = a.free.pop() ?? `${id}\u0000${a.made++}`;
        a.keys.set(trace.run_id, key);
      }
      queue.add(writeRun(id, a, trace.run_id), key);
      queue.add(writeTrim(id, a), `${id}\u0000trim`);
    },
    list(automationId, limit = keep) {
      const n = Math.max(0, Math.floor(limit));
      const a = automations.get(automationId);
      if (!a) return [];
      catchUp(a);
      const runs = [...a.runs.values()];
      return runs
        .slice(Math.max(0, runs.length - n))
        .reverse()
        .map((run) => JSON.parse((run.stored as Stored).summary) as TraceSummary);
    },
    get(automationId, runId) {
      const a = automations.get(automationId);
      if (!a) return undefined;
      catchUp(a);
      const stored = a.runs.get(runId)?.stored;
      return stored ? (JSON.parse(stored.trace) as AutomationTrace) : undefined;
    },
    flush() {
      void queue.flush();
    },
    settle: () => queue.flush(),
    get pending() {
      return queue.waiting;
    },
    async close() {
      seqs.stop();
      await queue.close();
    },
  };
}
