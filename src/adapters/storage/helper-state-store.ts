// The helpers' last states (table `helper_states`, migration 0004): written on every change of a helper's
// state (a few small rows), read once at start. While the database cannot be written (write-guard.ts) each
// helper's latest state waits in memory (one per helper: nothing is dropped) for the guard's rounds.
import type BetterSqlite3 from 'better-sqlite3';
import type { HelperStateStore, LastState } from '../../automations/helpers/types.js';
import type { Clock } from '../../core/clock.js';
import { queryBuilder, type HelperStatesTable } from './db-schema.js';
import { prepareQuery, standIns } from './prepared.js';
import { keyedWrites } from './keyed-writes.js';
import type { WriteGuardPort } from './write-guard.js';

export function createHelperStateStore(
  sqlite: BetterSqlite3.Database,
  clock: Clock,
  guard?: WriteGuardPort,
): HelperStateStore {
  const db = queryBuilder();
  const upsert = prepareQuery(sqlite, (p: HelperStatesTable) =>
    db
      .insertInto('helper_states')
      .values(standIns(p, ['entity_id', 'state', 'attributes', 'updated_at']))
      .onConflict((oc) =>
        oc.column('entity_id').doUpdateSet((eb) => ({
          state: eb.ref('excluded.state'),
          attributes: eb.ref('excluded.attributes'),
          updated_at: eb.ref('excluded.updated_at'),
        })),
      ),
  );
  const del = prepareQuery(sqlite, (p: { entity_id: string }) =>
    db.deleteFrom('helper_states').where('entity_id', '=', p.entity_id),
  );
  const all = prepareQuery(sqlite, () => db.selectFrom('helper_states').select(['entity_id', 'state', 'attributes']));
  const write = (entityId: string, row: HelperStatesTable | null) => {
    if (row) upsert.run(row);
    else del.run({ entity_id: entityId });
  };
  const save = keyedWrites<HelperStatesTable>(sqlite, 'helper states', write, guard);
  return {
    load() {
      const out = new Map<string, LastState>();
      for (const row of all.all({})) {
        try {
          out.set(row.entity_id, {
            state: row.state,
            attributes: JSON.parse(row.attributes) as Record<string, unknown>,
          });
        } catch {
          // a row that cannot be read is a helper without a last state
        }
      }
      return out;
    },
    save(entityId, last) {
      save(entityId, {
        entity_id: entityId,
        state: last.state,
        attributes: JSON.stringify(last.attributes),
        updated_at: clock.now().toISOString(),
      });
    },
    remove(entityId) {
      save(entityId, null);
    },
  };
}
