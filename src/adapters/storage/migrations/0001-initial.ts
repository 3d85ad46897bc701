import { int64, float64, serialKey, type MigrationFor } from './dialect.js';
import { sql, type Kysely, type Migration } from 'kysely';

export const initialFor: MigrationFor = (d) => ({
  async up(db: Kysely<unknown>) {
    await db.schema
      .createTable('devices')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('name', 'text')
      .addColumn('identifiers', 'text', (c) => c.notNull().defaultTo('[]'))
      .addColumn('connections', 'text', (c) => c.notNull().defaultTo('[]'))
      .addColumn('manufacturer', 'text')
      .addColumn('model', 'text')
      .addColumn('model_id', 'text')
      .addColumn('sw_version', 'text')
      .addColumn('hw_version', 'text')
      .addColumn('serial_number', 'text')
      .addColumn('configuration_url', 'text')
      .addColumn('via_device_id', 'text')
      .addColumn('area', 'text')
      .addColumn('source', 'text', (c) => c.notNull())
      .addColumn('updated_at', 'text', (c) => c.notNull())
      .execute();

    await db.schema
      .createTable('entities')
      .addColumn('entity_id', 'text', (c) => c.primaryKey())
      .addColumn('unique_id', 'text')
      .addColumn('domain', 'text', (c) => c.notNull())
      .addColumn('name', 'text')
      .addColumn('device_id', 'text')
      .addColumn('area', 'text')
      .addColumn('source', 'text', (c) => c.notNull())
      .addColumn('discovery_topic', 'text')
      .addColumn('config', 'text', (c) => c.notNull().defaultTo('{}'))
      .addColumn('updated_at', 'text', (c) => c.notNull())
      .execute();
    await sql`CREATE UNIQUE INDEX entities_unique_id ON entities (domain, unique_id) WHERE unique_id IS NOT NULL`.execute(
      db,
    );
    await db.schema.createIndex('entities_device').on('entities').column('device_id').execute();

    await db.schema
      .createTable('states')
      .addColumn('entity_id', 'text', (c) => c.primaryKey())
      .addColumn('state', 'text', (c) => c.notNull())
      .addColumn('attributes', 'text', (c) => c.notNull().defaultTo('{}'))
      .addColumn('last_changed', 'text', (c) => c.notNull())
      .addColumn('last_updated', 'text', (c) => c.notNull())
      .addColumn('last_reported', 'text', (c) => c.notNull())
      .execute();

    // PostgreSQL partitions history by day of `ts` (epoch ms): the writer creates each day's partition before its
    // first row (pg/history-partitions.ts) and retention drops whole days. A partitioned table's primary key must
    // hold the partition key, so there `id` is numbered but not a key of its own.
    const history = db.schema
      .createTable('state_history')
      .addColumn('id', int64(d), d === 'postgres' ? (c) => c.notNull().generatedByDefaultAsIdentity() : serialKey(d))
      .addColumn('entity_id', 'text', (c) => c.notNull())
      .addColumn('state', 'text', (c) => c.notNull())
      .addColumn('state_num', float64(d))
      .addColumn('attributes', 'text')
      .addColumn('ts', int64(d), (c) => c.notNull());
    await (d === 'postgres' ? history.modifyEnd(sql`partition by range (ts)`) : history).execute();
    await db.schema.createIndex('state_history_entity_ts').on('state_history').columns(['entity_id', 'ts']).execute();
    await db.schema.createIndex('state_history_ts').on('state_history').column('ts').execute();
  },
  async down(db: Kysely<unknown>) {
    for (const table of ['state_history', 'states', 'entities', 'devices']) await db.schema.dropTable(table).execute();
  },
});

/** as SQLite runs it */
export const initial: Migration = initialFor('sqlite');
