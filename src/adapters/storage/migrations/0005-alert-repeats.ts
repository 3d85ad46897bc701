import type { MigrationFor } from './dialect.js';
import { sql, type Kysely, type Migration } from 'kysely';

/**
 * Alerts are deduplicated (issue 21): one raised again while the same one (type, device, entity) is still active is
 * counted on it (`repeats`, `last_time`, the latest message) instead of written anew.
 */
export const alertRepeatsFor: MigrationFor = () => ({
  async up(db: Kysely<unknown>) {
    await db.schema
      .alterTable('alerts')
      .addColumn('repeats', 'integer', (c) => c.notNull().defaultTo(0))
      .execute();
    await db.schema.alterTable('alerts').addColumn('last_time', 'text').execute();
    await sql`create index if not exists alerts_active_key on alerts (type, device_id, entity_id) where acknowledged_at is null`.execute(
      db,
    );
  },
  async down(db: Kysely<unknown>) {
    await sql`drop index if exists alerts_active_key`.execute(db);
    await db.schema.alterTable('alerts').dropColumn('last_time').execute();
    await db.schema.alterTable('alerts').dropColumn('repeats').execute();
  },
});

/** as SQLite runs it */
export const alertRepeats: Migration = alertRepeatsFor('sqlite');
