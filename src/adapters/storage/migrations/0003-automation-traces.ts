import { int64, serialKey, type MigrationFor } from './dialect.js';
import type { Kysely, Migration } from 'kysely';

/** Automation run traces: one row per run, the trace itself as JSON. */
export const automationTracesFor: MigrationFor = (d) => ({
  async up(db: Kysely<unknown>) {
    await db.schema
      .createTable('automation_traces')
      .ifNotExists()
      .addColumn('seq', int64(d), serialKey(d))
      .addColumn('automation_id', 'text', (c) => c.notNull())
      .addColumn('run_id', 'text', (c) => c.notNull())
      .addColumn('start', 'text', (c) => c.notNull())
      .addColumn('outcome', 'text', (c) => c.notNull())
      .addColumn('summary', 'text', (c) => c.notNull())
      .addColumn('trace', 'text', (c) => c.notNull())
      .execute();
    await db.schema
      .createIndex('automation_traces_run')
      .ifNotExists()
      .unique()
      .on('automation_traces')
      .columns(['automation_id', 'run_id'])
      .execute();
    await db.schema
      .createIndex('automation_traces_seq')
      .ifNotExists()
      .on('automation_traces')
      .columns(['automation_id', 'seq'])
      .execute();
  },
  async down(db: Kysely<unknown>) {
    await db.schema.dropTable('automation_traces').ifExists().execute();
  },
});

/** as SQLite runs it */
export const automationTraces: Migration = automationTracesFor('sqlite');
