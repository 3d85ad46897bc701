// The embedded broker's durable state in a SQLite file of its own (<data_dir>/broker.db), next to
// switchyard.db: one engine and one backup folder for everything, without sharing a write lock with the
// history writer, whose batches would otherwise hold up the broker's acknowledgements.
import BetterSqlite3 from 'better-sqlite3';
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import type { BrokerStateChange, BrokerStateRow, BrokerStateStore } from '../../core/ports.js';
import { queryBuilder, type BrokerStateSchema, type BrokerStateTable } from './db-schema.js';
import { prepareQuery, standIns } from './prepared.js';

const SCHEMA = `
CREATE TABLE IF NOT EXISTS broker_state (
  space TEXT NOT NULL,
  owner TEXT NOT NULL,
  key TEXT NOT NULL,
  value BLOB NOT NULL,
  PRIMARY KEY (space, owner, key)
) WITHOUT ROWID`;

/**
 * Opens (creating if needed) the broker state file. WAL with synchronous NORMAL: a committed
 * transaction survives the process being killed; a power cut may lose the last ones, never the file.
 */
export function openBrokerStateStore(path: string): BrokerStateStore {
  if (path !== ':memory:') mkdirSync(dirname(path), { recursive: true });
  const sqlite = new BetterSqlite3(path);
  sqlite.pragma('journal_mode = WAL');
  sqlite.pragma('synchronous = NORMAL');
  sqlite.exec(SCHEMA);
  const db = queryBuilder<BrokerStateSchema>();
  type Key = Pick<BrokerStateTable, 'space' | 'owner' | 'key'>;
  // the changes are bound as they come (by name: their `op` is not a parameter and is left alone)
  const put = prepareQuery(sqlite, (p: BrokerStateTable) =>
    db
      .insertInto('broker_state')
      .orReplace()
      .values(standIns(p, ['space', 'owner', 'key', 'value'])),
  );
  const del = prepareQuery(sqlite, (p: Key) =>
    db.deleteFrom('broker_state').where('space', '=', p.space).where('owner', '=', p.owner).where('key', '=', p.key),
  );
  const clear = prepareQuery(sqlite, (p: Omit<Key, 'key'>) =>
    db.deleteFrom('broker_state').where('space', '=', p.space).where('owner', '=', p.owner),
  );
  const all = prepareQuery(sqlite, () =>
    db
      .selectFrom('broker_state')
      .select(['space', 'owner', 'key', 'value'])
      .orderBy('space')
      .orderBy('owner')
      .orderBy('key'),
  );
  const applyAll = sqlite.transaction((changes: readonly BrokerStateChange[]) => {
    for (const c of changes) {
      if (c.op === 'put') put.run(c);
      else if (c.op === 'delete') del.run(c);
      else clear.run(c);
    }
  });
  return {
    load: (): BrokerStateRow[] => all.all({}),
    apply(changes) {
      if (changes.length > 0) applyAll(changes);
    },
    close() {
      if (sqlite.open) sqlite.close();
    },
  };
}
