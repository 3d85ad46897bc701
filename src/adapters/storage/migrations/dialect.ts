// What the one set of migrations writes differently for SQLite and PostgreSQL. Kysely's schema builder writes
// the rest for both; these are the column types whose names or sizes differ (SQLite's INTEGER is 64-bit and
// REAL is a double; PostgreSQL's are 32-bit and single precision) and the auto-numbered keys.
import type { ColumnDefinitionBuilder, Migration } from 'kysely';

export type Dialect = 'sqlite' | 'postgres';

/** a migration written once for both engines */
export type MigrationFor = (dialect: Dialect) => Migration;

/** a 64-bit integer column (epoch milliseconds, counters) */
export const int64 = (d: Dialect) => (d === 'postgres' ? 'bigint' : 'integer');
/** a double-precision number */
export const float64 = (d: Dialect) => (d === 'postgres' ? 'double precision' : 'real');

/** an auto-numbered primary key: SQLite's AUTOINCREMENT (never reused), PostgreSQL's identity column */
export const serialKey =
  (d: Dialect) =>
  (c: ColumnDefinitionBuilder): ColumnDefinitionBuilder =>
    d === 'postgres' ? c.primaryKey().generatedByDefaultAsIdentity() : c.primaryKey().autoIncrement();
