// PostgreSQL behind the storage port: the same migrations as SQLite, written for PostgreSQL (migrations/dialect.ts),
// against a real server; history partitioned by day; 64-bit integers read as numbers.
import { afterEach, describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import { openPostgres, redactDatabaseUrl, type PgDatabase } from '../../../../src/adapters/storage/pg/database.js';
import { migrations, postgresMigrations } from '../../../../src/adapters/storage/migrations/index.js';
import { freshPostgresDatabase, postgresAvailable, postgresRequired } from '../../../helpers/postgres.js';

const open: PgDatabase[] = [];
afterEach(async () => {
  for (const d of open.splice(0)) await d.close();
});

describe.skipIf(!postgresAvailable && !postgresRequired)('PostgreSQL database', () => {
  it('runs every migration SQLite runs, by the same names, and again without change', async () => {
    expect(Object.keys(postgresMigrations)).toEqual(Object.keys(migrations));
    const url = await freshPostgresDatabase();
    const first = await openPostgres(url);
    open.push(first);
    const tables = await sql<{
      tablename: string;
    }>`select tablename from pg_tables where schemaname = 'public'`.execute(first.db);
    expect(tables.rows.map((r) => r.tablename).sort()).toEqual(
      expect.arrayContaining([
        'alerts',
        'automation_traces',
        'bridge_devices',
        'devices',
        'entities',
        'helper_states',
        'state_history',
        'states',
      ]),
    );
    const applied = await sql<{ name: string }>`select name from kysely_migration order by name`.execute(first.db);
    expect(applied.rows.map((r) => r.name)).toEqual(Object.keys(migrations));
    await first.close();
    const again = await openPostgres(url);
    open.push(again);
    expect(await again.probe()).toBe(true);
    expect(again.ping()).toBe(true);
  });

  it('partitions history by range of ts, with 64-bit times and ids read back as numbers', async () => {
    const d = await openPostgres(await freshPostgresDatabase());
    open.push(d);
    const kind = await sql<{ relkind: string }>`select relkind from pg_class where relname = 'state_history'`.execute(
      d.db,
    );
    expect(kind.rows[0]?.relkind).toBe('p');
    const ts = Date.parse('2026-06-01T12:00:00Z');
    await sql`create table state_history_test partition of state_history for values from (${sql.lit(ts - 1)}) to (${sql.lit(ts + 1)})`.execute(
      d.db,
    );
    await d.db
      .insertInto('state_history')
      .values({ entity_id: 'sensor.a', state: '21.5', state_num: 21.5, attributes: null, ts })
      .execute();
    const row = await d.db.selectFrom('state_history').selectAll().executeTakeFirstOrThrow();
    expect(row).toMatchObject({ entity_id: 'sensor.a', state_num: 21.5, ts });
    expect(typeof row.id).toBe('number');
    // a row outside every partition is refused (the writer makes each day's partition first)
    await expect(
      d.db
        .insertInto('state_history')
        .values({ entity_id: 'sensor.a', state: '1', state_num: 1, attributes: null, ts: ts + 10 })
        .execute(),
    ).rejects.toThrow(/no partition/);
  });

  it('says where it is without the password', () => {
    expect(redactDatabaseUrl('postgres://sy:secret@db.local:5432/switchyard')).toBe(
      'postgres://sy:***@db.local:5432/switchyard',
    );
    expect(redactDatabaseUrl('not a url')).not.toContain('not a url');
  });
});
