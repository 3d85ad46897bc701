// The embedded broker's durable state in a SQLite file of its own (<data_dir>/broker.db), next to
// switchyard.db: one engine and one backup folder for everything, without sharing a write lock with the
// history writer, whose batches would otherwise hold up the broker's acknowledgements.
import BetterSqlite3 from 'better-sqlite3';
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import type { BrokerStateChange, BrokerStateRow, BrokerStateStore } from '../../core/ports.js';

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
  const put = sqlite.prepare<[string, string, string, Uint8Array]>('INSERT OR REPLACE INTO broker_state (space, owner, key, value) VALUES (?, ?, ?, ?)');
  const del = sqlite.prepare<[string, string, string]>('DELETE FROM broker_state WHERE space = ? AND owner = ? AND key = ?');
  const clear = sqlite.prepare<[string, string]>('DELETE FROM broker_state WHERE space = ? AND owner = ?');
  const all = sqlite.prepare<[], BrokerStateRow>('SELECT space, owner, key, value FROM broker_state ORDER BY space, owner, key');
  const applyAll = sqlite.transaction((changes: readonly BrokerStateChange[]) => {
    for (const c of changes) {
      if (c.op === 'put') put.run(c.space, c.owner, c.key, c.value);
      else if (c.op === 'delete') del.run(c.space, c.owner, c.key);
      else clear.run(c.space, c.owner);
    }
  });
  return {
    load: () => all.all(),
    apply(changes) {
      if (changes.length > 0) applyAll(changes);
    },
    close() {
      if (sqlite.open) sqlite.close();
    },
  };
}
