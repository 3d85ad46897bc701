import type { MigrationFor } from './dialect.js';
import type { Kysely, Migration } from 'kysely';

/**
 * The runs in progress of several instances sharing one PostgreSQL (issue 23, docs/scale-out.md): the instance
 * running the automations writes a row when a run starts and deletes it when the run ends, so the instance taking
 * over after it is gone finds the runs it interrupted and records them as such. SQLite serves one instance alone:
 * there the migration does nothing (it stays in both lists so they keep the same names in the same order).
 */
export const clusterRunsFor: MigrationFor = (dialect) => ({
  async up(db: Kysely<unknown>) {
    if (dialect !== 'postgres') return;
    await db.schema
      .createTable('cluster_runs')
      .ifNotExists()
      .addColumn('run_id', 'text', (c) => c.primaryKey())
      .addColumn('holder', 'text', (c) => c.notNull())
      .addColumn('automation_id', 'text', (c) => c.notNull())
      .addColumn('trace', 'text', (c) => c.notNull())
      .execute();
  },
  async down(db: Kysely<unknown>) {
    if (dialect !== 'postgres') return;
    await db.schema.dropTable('cluster_runs').ifExists().execute();
  },
});

/** as SQLite runs it: nothing */
export const clusterRuns: Migration = clusterRunsFor('sqlite');
