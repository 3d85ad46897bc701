import type { MigrationFor } from './dialect.js';
import { sql, type Kysely, type Migration } from 'kysely';

/**
 * The role leases of several instances sharing one PostgreSQL (issue 23, docs/scale-out.md): one row per role
 * (`automations`, `announcer`), its holder's instance id and when the lease ends on the database's clock
 * (timestamptz, compared only with the server's now()). SQLite serves one instance alone and never claims a role,
 * so there the migration does nothing: it stays in both lists so that they keep the same names in the same order.
 */
export const leasesFor: MigrationFor = (dialect) => ({
  async up(db: Kysely<unknown>) {
    if (dialect !== 'postgres') return;
    await db.schema
      .createTable('leases')
      .ifNotExists()
      .addColumn('role', 'text', (c) => c.primaryKey())
      .addColumn('holder', 'text', (c) => c.notNull())
      .addColumn('expires', sql`timestamptz`, (c) => c.notNull())
      .execute();
  },
  async down(db: Kysely<unknown>) {
    if (dialect !== 'postgres') return;
    await db.schema.dropTable('leases').ifExists().execute();
  },
});

/** as SQLite runs it: nothing */
export const leases: Migration = leasesFor('sqlite');
