// Owns `pg` and Kysely's PostgreSQL dialect: connects to `database_url`, runs the same migrations SQLite runs (as
// PostgreSQL writes them: migrations/dialect.ts), and makes 64-bit integers numbers (epoch milliseconds and row
// ids stay far below 2^53; pg would give them as strings).
import pg from 'pg';
import { Kysely, Migrator, PostgresDialect, type Migration, type MigrationProvider } from 'kysely';
import type { DatabaseSchema } from '../db-schema.js';
import { MigrationError } from '../database.js';
import { postgresMigrations } from '../migrations/index.js';

const INT8 = 20;
const NUMERIC = 1700;

export interface PgDatabase {
  readonly db: Kysely<DatabaseSchema>;
  readonly pool: pg.Pool;
  /** the URL without its password, for the log and messages */
  readonly where: string;
  /** whether the server answered the last probe (health asks synchronously; probe() refreshes it) */
  ping(): boolean;
  probe(): Promise<boolean>;
  close(): Promise<void>;
}

/** `url` with its password replaced by `***` */
export function redactDatabaseUrl(url: string): string {
  try {
    const u = new URL(url);
    if (u.password) u.password = '***';
    return u.toString();
  } catch {
    return 'postgres://(a URL that does not parse)';
  }
}

const types = {
  getTypeParser(oid: number, format?: 'text' | 'binary') {
    if (oid === INT8) return (v: string) => Number(v);
    if (oid === NUMERIC) return (v: string) => Number(v);
    return pg.types.getTypeParser(oid, format);
  },
} as pg.CustomTypesConfig;

export async function openPostgres(
  url: string,
  options: { migrations?: Readonly<Record<string, Migration>>; max?: number } = {},
): Promise<PgDatabase> {
  const pool = new pg.Pool({ connectionString: url, max: options.max ?? 4, types, connectionTimeoutMillis: 5_000 });
  // an idle client whose server went away emits here; the next query reconnects (without a listener it would throw)
  pool.on('error', () => {});
  // ... and a client checked out when its server ends the connection (a restart, a fail-over) emits on itself,
  // where pg-pool has removed its listener and Kysely adds none: without this the process would crash. The query
  // in flight still fails, and pg/outage.ts takes that failure for an outage.
  pool.on('connect', (client) => client.on('error', () => {}));
  const db = new Kysely<DatabaseSchema>({ dialect: new PostgresDialect({ pool }) });
  const provider: MigrationProvider = {
    getMigrations: async () => ({ ...(options.migrations ?? postgresMigrations) }),
  };
  const { error, results } = await new Migrator({ db, provider }).migrateToLatest();
  if (error) {
    const failed = results?.find((r) => r.status === 'Error')?.migrationName ?? '(unknown)';
    await db.destroy();
    throw new MigrationError(failed, error);
  }
  let alive = true;
  let closed = false;
  const probe = async () => {
    if (closed) return false;
    try {
      await pool.query('select 1');
      alive = true;
    } catch {
      alive = false;
    }
    return alive;
  };
  return {
    db,
    pool,
    where: redactDatabaseUrl(url),
    ping: () => !closed && alive,
    probe,
    async close() {
      if (closed) return;
      closed = true;
      await db.destroy();
    },
  };
}
