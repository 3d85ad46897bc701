// The two storage engines as the tests open them, so one suite runs against both: SQLite (a real file-less
// database with the real migrations) and PostgreSQL (a fresh database in the run's throwaway cluster, postgres.ts).
// Each `open()` gives the engine's storage service on the deps the test passes, and a way to reopen on the same
// data (a restart) and to close everything.
import { openDatabase, type Database } from '../../src/adapters/storage/database.js';
import { createPersistence, type PersistenceDeps } from '../../src/adapters/storage/persistence.js';
import { openPostgres, type PgDatabase } from '../../src/adapters/storage/pg/database.js';
import { createPgPersistence } from '../../src/adapters/storage/pg/persistence.js';
import type { StorageService } from '../../src/adapters/storage/storage-service.js';
import { freshPostgresDatabase, postgresAvailable, postgresRequired } from './postgres.js';

export type EngineDeps = Omit<PersistenceDeps, 'database'>;

export interface OpenedEngine {
  /** the storage service on `deps`, over the same data every time */
  service(deps: EngineDeps): StorageService;
  /** waits until every write made so far is committed */
  settle(service: StorageService): Promise<void>;
  close(): Promise<void>;
}

export interface StorageEngine {
  readonly name: 'sqlite' | 'postgres';
  /** false when the engine is not installed here (and not required: CI installs it) */
  readonly available: boolean;
  open(): Promise<OpenedEngine>;
}

const sqlite: StorageEngine = {
  name: 'sqlite',
  available: true,
  async open() {
    const database: Database = await openDatabase(':memory:');
    return {
      service: (deps) => createPersistence({ ...deps, database }),
      settle: async (service) => {
        (service as ReturnType<typeof createPersistence>).recorder.flush();
        (service as ReturnType<typeof createPersistence>).traces.flush();
      },
      close: () => database.close(),
    };
  },
};

const postgres: StorageEngine = {
  name: 'postgres',
  available: postgresAvailable || postgresRequired,
  async open() {
    const database: PgDatabase = await openPostgres(await freshPostgresDatabase('engine'));
    return {
      service: (deps) => createPgPersistence({ ...deps, database }),
      settle: (service) => (service as ReturnType<typeof createPgPersistence>).settle(),
      close: () => database.close(),
    };
  },
};

/** both engines, for `describe.each(STORAGE_ENGINES)`; skip with `.skipIf(!engine.available)` inside */
export const STORAGE_ENGINES: readonly StorageEngine[] = [sqlite, postgres];
