// The data folder and the database (part of the composition root): one instance per data folder (its lock, taken
// before anything in it is opened), then the database opened and migrated and the storage service started:
// SQLite in the data folder by default, PostgreSQL when `database_url` is set (its modules, and `pg`, load only
// then).
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { lockDataFolder } from '../adapters/storage/data-folder-lock.js';
import { openDatabase, type Database } from '../adapters/storage/database.js';
import { createPersistence } from '../adapters/storage/persistence.js';
import type { StorageService } from '../adapters/storage/storage-service.js';
import type { Settings } from '../config/settings.js';
import type { Clock } from '../core/clock.js';
import type { EventBus } from '../core/event-bus.js';
import type { CoreEvents } from '../core/events.js';
import type { Logger } from '../core/logger.js';
import type { Service } from '../core/ports.js';
import type { Registry } from '../core/registry.js';
import type { StateStore } from '../core/state-store.js';

/** Takes the data folder for this instance, or throws naming the folder and the instance holding it. */
export function lockData(settings: Settings, log: Logger): Service {
  mkdirSync(settings.data_dir, { recursive: true });
  const release = lockDataFolder(settings.data_dir, { httpPort: settings.http_port }, (stale) =>
    log.warn('took over the data folder from an instance that is gone', { data_dir: settings.data_dir, stale }),
  );
  return { name: 'data folder lock', start: async () => {}, stop: async () => release() };
}

type StorageWiring = {
  settings: Settings;
  databasePath?: string | undefined;
  historyFlushMs?: number | undefined;
  bus: EventBus<CoreEvents>;
  registry: Registry;
  states: StateStore;
  clock: Clock;
  log: Logger;
  startService(service: Service): Promise<void>;
  /** which state changes this instance stores (several instances: app/cluster.ts) */
  records?: ((change: CoreEvents['state_changed']) => boolean) | undefined;
};

/** what either engine's storage service is made of, besides its database */
const serviceDeps = (w: StorageWiring) => ({
  bus: w.bus,
  registry: w.registry,
  states: w.states,
  clock: w.clock,
  log: w.log.child({ part: 'storage' }),
  retentionDays: w.settings.history_retention_days,
  records: w.records,
  ...(w.historyFlushMs !== undefined ? { flushIntervalMs: w.historyFlushMs } : {}),
});

export async function startStorage(
  w: StorageWiring,
): Promise<{ database: Database | undefined; persistence: StorageService }> {
  if (w.settings.database_url) return { database: undefined, persistence: await startPostgres(w) };
  const dbPath = w.databasePath ?? join(w.settings.data_dir, 'switchyard.db');
  const database = await openDatabase(dbPath);
  await w.startService({ name: 'database', start: async () => {}, stop: () => database.close() });
  w.log.info('database ready', { path: dbPath });
  const persistence = createPersistence({ database, ...serviceDeps(w) });
  await w.startService(persistence);
  return { database, persistence };
}

async function startPostgres(w: StorageWiring): Promise<StorageService> {
  const [{ openPostgres }, { createPgPersistence }] = await Promise.all([
    import('../adapters/storage/pg/database.js'),
    import('../adapters/storage/pg/persistence.js'),
  ]);
  const database = await openPostgres(w.settings.database_url);
  await w.startService({ name: 'database', start: async () => {}, stop: () => database.close() });
  w.log.info('database ready', { engine: 'postgres', url: database.where });
  const persistence = createPgPersistence({ database, ...serviceDeps(w) });
  await w.startService(persistence);
  return persistence;
}
