// The helpers' last states in PostgreSQL (table `helper_states`), as helper-state-store.ts keeps them in SQLite.
// load() is synchronous and PostgreSQL a round trip away, so the rows are read when the store is made and kept in
// memory, changed by each save and remove (load() answers what SQLite would read back); each change is written
// behind under its helper (pg/write-queue.ts), so only a helper's latest state waits, also during an outage.
import type { HelperStateStore, LastState } from '../../../automations/helpers/types.js';
import type { Clock } from '../../../core/clock.js';
import type { Logger } from '../../../core/logger.js';
import type { HelperStatesTable } from '../db-schema.js';
import type { WriteGuardPort } from '../write-guard.js';
import type { PgDatabase } from './database.js';
import { createPgWriteQueue } from './write-queue.js';

export interface PgHelperStateStore extends HelperStateStore {
  /** resolves once every change made before the call is written (at once during an outage) */
  flush(): Promise<void>;
  /** writes what waits and stops writing */
  close(): Promise<void>;
}

export async function createPgHelperStateStore(
  database: Pick<PgDatabase, 'db'>,
  clock: Clock,
  deps: { log: Logger; guard?: WriteGuardPort },
): Promise<PgHelperStateStore> {
  const { db } = database;
  const rows = await db.selectFrom('helper_states').select(['entity_id', 'state', 'attributes']).execute();
  // attributes stay JSON text until load(): each load hands out objects of its own, and a row that cannot be
  // read is skipped there, as SQLite's store skips it
  const current = new Map(rows.map((r) => [r.entity_id, { state: r.state, attributes: r.attributes }]));
  const queue = createPgWriteQueue({ db, name: 'helper states', log: deps.log, guard: deps.guard });
  return {
    load() {
      const out = new Map<string, LastState>();
      for (const [entityId, row] of current) {
        try {
          out.set(entityId, { state: row.state, attributes: JSON.parse(row.attributes) as Record<string, unknown> });
        } catch {
          // a row that cannot be read is a helper without a last state
        }
      }
      return out;
    },
    save(entityId, last) {
      const row: HelperStatesTable = {
        entity_id: entityId,
        state: last.state,
        attributes: JSON.stringify(last.attributes),
        updated_at: clock.now().toISOString(),
      };
      current.set(entityId, row);
      queue.add(
        (tx) =>
          tx
            .insertInto('helper_states')
            .values(row)
            .onConflict((oc) =>
              oc.column('entity_id').doUpdateSet((eb) => ({
                state: eb.ref('excluded.state'),
                attributes: eb.ref('excluded.attributes'),
                updated_at: eb.ref('excluded.updated_at'),
              })),
            )
            .execute(),
        entityId,
      );
    },
    remove(entityId) {
      current.delete(entityId);
      queue.add((tx) => tx.deleteFrom('helper_states').where('entity_id', '=', entityId).execute(), entityId);
    },
    flush: () => queue.flush(),
    close: () => queue.close(),
  };
}
