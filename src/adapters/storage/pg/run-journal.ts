// The runs in progress of the instance running the automations (table `cluster_runs`, migration 0007), for the
// instance that takes over when it is gone (docs/scale-out.md): a row per admitted run, deleted when the run ends.
// Written behind through a write queue under the run's id, so a run that ends before its row is written costs one
// delete and no insert (the later write replaces the waiting one), and the snapshot of its trace is never built.
import type { AutomationTrace } from '../../../core/automation-ports.js';
import type { Logger } from '../../../core/logger.js';
import type { RunJournal } from '../../../automations/cluster-ports.js';
import type { ClusterRunsSchema } from '../db-schema.js';
import type { WriteGuardPort } from '../write-guard.js';
import type { PgDatabase } from './database.js';
import { createPgWriteQueue } from './write-queue.js';

export interface PgRunJournal extends RunJournal {
  /**
   * The runs another holder left in the journal (an instance gone, or this one before a restart: `holder` names one
   * process), each as the trace its instance made when the run started; taken out of the journal.
   */
  takeOrphans(): Promise<AutomationTrace[]>;
  /** resolves once every change made before the call is written */
  flush(): Promise<void>;
  close(): Promise<void>;
}

export function createPgRunJournal(
  database: Pick<PgDatabase, 'db'>,
  holder: string,
  deps: { log: Logger; guard?: WriteGuardPort | undefined; intervalMs?: number },
): PgRunJournal {
  const db = database.db.withTables<ClusterRunsSchema>();
  // runs last seconds to hours; one that is cut short within its first interval is not in the journal
  const queue = createPgWriteQueue({
    db: database.db,
    name: 'runs in progress',
    log: deps.log,
    guard: deps.guard,
    intervalMs: deps.intervalMs ?? 50,
  });
  return {
    started(automationId, runId, snapshot) {
      queue.add(async (tx) => {
        let trace: string;
        try {
          trace = JSON.stringify(snapshot());
        } catch (err) {
          deps.log.warn('a run in progress could not be journaled', { run_id: runId, err: String(err) });
          return;
        }
        await tx
          .withTables<ClusterRunsSchema>()
          .insertInto('cluster_runs')
          .values({ run_id: runId, holder, automation_id: automationId, trace })
          .onConflict((oc) => oc.column('run_id').doNothing())
          .execute();
      }, runId);
    },
    ended(runId) {
      queue.add(async (tx) => {
        await tx.withTables<ClusterRunsSchema>().deleteFrom('cluster_runs').where('run_id', '=', runId).execute();
      }, runId);
    },
    async takeOrphans() {
      const rows = await db
        .deleteFrom('cluster_runs')
        .where('holder', '<>', holder)
        .returning(['run_id', 'automation_id', 'trace'])
        .execute();
      const traces: AutomationTrace[] = [];
      for (const row of rows) {
        try {
          traces.push(JSON.parse(row.trace) as AutomationTrace);
        } catch (err) {
          deps.log.warn('an interrupted run could not be read back', { run_id: row.run_id, err: String(err) });
        }
      }
      return traces;
    },
    flush: () => queue.flush(),
    close: () => queue.close(),
  };
}
