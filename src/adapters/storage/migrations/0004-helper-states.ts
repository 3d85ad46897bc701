import type { MigrationFor } from './dialect.js';
import type { Kysely, Migration } from 'kysely';

/** The last state of each helper (input_boolean … timer), restored at start as Home Assistant's RestoreEntity. */
export const helperStatesFor: MigrationFor = () => ({
  async up(db: Kysely<unknown>) {
    await db.schema
      .createTable('helper_states')
      .ifNotExists()
      .addColumn('entity_id', 'text', (c) => c.primaryKey())
      .addColumn('state', 'text', (c) => c.notNull())
      .addColumn('attributes', 'text', (c) => c.notNull())
      .addColumn('updated_at', 'text', (c) => c.notNull())
      .execute();
  },
  async down(db: Kysely<unknown>) {
    await db.schema.dropTable('helper_states').ifExists().execute();
  },
});

/** as SQLite runs it */
export const helperStates: Migration = helperStatesFor('sqlite');
