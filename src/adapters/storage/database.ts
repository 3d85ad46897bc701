// Owns better-sqlite3 and Kysely: opens <data_dir>/switchyard.db in WAL mode and runs the migrations.
import BetterSqlite3 from 'better-sqlite3';
import { Kysely, Migrator, SqliteDialect, type Migration, type MigrationProvider } from 'kysely';
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import type { DatabaseSchema } from './db-schema.js';
import { migrations as allMigrations } from './migrations/index.js';
import { prepareQuery } from './prepared.js';

export interface Database {
  readonly db: Kysely<DatabaseSchema>;
  /** the raw handle: queries built with `db` run prepared on it (prepared.ts) */
  readonly sqlite: BetterSqlite3.Database;
  readonly path: string;
  /** a cheap liveness probe for health */
  ping(): boolean;
  close(): Promise<void>;
}

export class MigrationError extends Error {
  constructor(
    readonly migration: string,
    cause: unknown,
  ) {
    super(`database migration '${migration}' failed: ${cause instanceof Error ? cause.message : String(cause)}`, {
      cause,
    });
    this.name = 'MigrationError';
  }
}

/** Opens (creating if needed) the database at `path` (or ':memory:') and migrates it to the latest schema. */
export async function openDatabase(
  path: string,
  migrations: Readonly<Record<string, Migration>> = allMigrations,
): Promise<Database> {
  if (path !== ':memory:') mkdirSync(dirname(path), { recursive: true });
  const sqlite = new BetterSqlite3(path);
  sqlite.pragma('journal_mode = WAL');
  sqlite.pragma('synchronous = NORMAL');
  sqlite.pragma('foreign_keys = ON');
  sqlite.pragma('busy_timeout = 5000');
  // SQLite's page cache, per connection: better-sqlite3's default is 16 MB, which the registry's configs and a day's
  // history fill. 4 MB here and 2 MB in the history thread (history-thread.ts): RSS with 1,000 devices after a
  // minute of traffic 171 → 153 MB, ingest unchanged within the bench's noise (issue 22, `npm run bench -- memory
  // ingest`); what the cache no longer holds comes from the operating system's.
  sqlite.pragma('cache_size = -4000');
  const db = new Kysely<DatabaseSchema>({ dialect: new SqliteDialect({ database: sqlite }) });

  const provider: MigrationProvider = { getMigrations: async () => ({ ...migrations }) };
  // Kysely's default order for migrations that ran in the same millisecond is String#localeCompare, whose
  // first call loads ICU's collation data: 10–70 ms on the way to healthy, measured. The names start with
  // distinct zero-padded numbers, so plain code-unit order is the same order.
  const nameComparator = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);
  const { error, results } = await new Migrator({ db, provider, nameComparator }).migrateToLatest();
  if (error) {
    const failed = results?.find((r) => r.status === 'Error')?.migrationName ?? '(unknown)';
    await db.destroy();
    throw new MigrationError(failed, error);
  }

  const ping = prepareQuery(sqlite, () => db.selectNoFrom((eb) => eb.lit(1).as('ok')));
  let closed = false;
  return {
    db,
    sqlite,
    path,
    ping() {
      if (closed) return false;
      try {
        return ping.get({})?.ok === 1;
      } catch {
        return false;
      }
    },
    async close() {
      if (closed) return;
      closed = true;
      try {
        if (path !== ':memory:') sqlite.pragma('wal_checkpoint(TRUNCATE)');
      } finally {
        // closed even when the checkpoint cannot be written (a full disk): the WAL is checkpointed at the next open
        await db.destroy();
      }
    },
  };
}
