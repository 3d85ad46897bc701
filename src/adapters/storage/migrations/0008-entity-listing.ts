import type { MigrationFor } from './dialect.js';
import type { Kysely, Migration } from 'kysely';

/**
 * A covering index for the registry's read at start (registry-store.ts `loadEntities`: every column but `config`).
 * The rows hold each entity's discovery config (about 1 KB each), so scanning the table reads every page of it:
 * 10,000 entities took 140 ms from a cold page cache, the index 80 ms (issue 22, start-up). A column added to that
 * read must be added here too (test/adapters/storage/registry-listing.test.ts checks the plan). PostgreSQL reads
 * its registry differently (pg/registry-store.ts), so there the migration does nothing.
 */
const COLUMNS = [
  'entity_id',
  'unique_id',
  'domain',
  'name',
  'device_id',
  'area',
  'source',
  'discovery_topic',
  'updated_at',
];

export const entityListingFor: MigrationFor = (dialect) => ({
  async up(db: Kysely<unknown>) {
    if (dialect !== 'sqlite') return;
    await db.schema.createIndex('entities_listing').ifNotExists().on('entities').columns(COLUMNS).execute();
  },
  async down(db: Kysely<unknown>) {
    if (dialect !== 'sqlite') return;
    await db.schema.dropIndex('entities_listing').ifExists().execute();
  },
});

export const entityListing: Migration = entityListingFor('sqlite');
