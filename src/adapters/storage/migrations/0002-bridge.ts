import { int64, serialKey, type MigrationFor } from './dialect.js';
import type { Kysely, Migration } from 'kysely';

/** Alerts, and what Switchyard remembers of its own ESP32 devices (capabilities and metrics). */
export const bridgeFor: MigrationFor = (d) => ({
  async up(db: Kysely<unknown>) {
    await db.schema
      .createTable('alerts')
      .addColumn('id', int64(d), serialKey(d))
      .addColumn('time', 'text', (c) => c.notNull())
      .addColumn('severity', 'text', (c) => c.notNull())
      .addColumn('type', 'text', (c) => c.notNull())
      .addColumn('message', 'text', (c) => c.notNull())
      .addColumn('device_id', 'text')
      .addColumn('entity_id', 'text')
      .addColumn('acknowledged_at', 'text')
      .execute();
    await db.schema.createIndex('alerts_device').on('alerts').columns(['device_id', 'id']).execute();

    await db.schema
      .createTable('bridge_devices')
      .addColumn('device_id', 'text', (c) => c.primaryKey())
      .addColumn('capabilities', 'text', (c) => c.notNull())
      .addColumn('metrics', 'text', (c) => c.notNull().defaultTo('{}'))
      .addColumn('last_seen', 'text')
      .execute();
  },
  async down(db: Kysely<unknown>) {
    await db.schema.dropTable('bridge_devices').execute();
    await db.schema.dropTable('alerts').execute();
  },
});

/** as SQLite runs it */
export const bridge: Migration = bridgeFor('sqlite');
