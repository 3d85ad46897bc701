import BetterSqlite3 from 'better-sqlite3';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { MigrationError, openDatabase } from '../../../src/adapters/storage/database.js';
import { migrations } from '../../../src/adapters/storage/migrations/index.js';
import { tempDir } from '../../helpers/net.js';

const cleanup: (() => unknown)[] = [];
afterEach(async () => {
  for (const fn of cleanup.splice(0).reverse()) await fn();
});

describe('database', () => {
  it('creates the file in WAL mode with every table, and reopens without re-running migrations', async () => {
    const dir = tempDir();
    cleanup.push(dir.remove);
    const path = join(dir.path, 'nested', 'switchyard.db');
    const first = await openDatabase(path);
    expect(first.ping()).toBe(true);
    expect(first.sqlite.pragma('journal_mode', { simple: true })).toBe('wal');
    expect(first.sqlite.pragma('cache_size', { simple: true })).toBe(-4000); // 4 MB, not better-sqlite3's 16
    const tables = (
      first.sqlite.prepare("SELECT name FROM sqlite_master WHERE type='table' ORDER BY name").all() as {
        name: string;
      }[]
    ).map((r) => r.name);
    expect(tables).toEqual(
      expect.arrayContaining(['devices', 'entities', 'states', 'state_history', 'kysely_migration']),
    );
    await first.db
      .insertInto('state_history')
      .values({ entity_id: 'sensor.t', state: '21.5', state_num: 21.5, attributes: null, ts: 1 })
      .execute();
    await first.close();
    expect(first.ping()).toBe(false);

    const second = await openDatabase(path);
    cleanup.push(() => second.close());
    const rows = await second.db.selectFrom('state_history').selectAll().execute();
    expect(rows).toHaveLength(1);
    expect(rows[0]?.state_num).toBe(21.5);
    const applied = second.sqlite.prepare('SELECT name FROM kysely_migration').all();
    expect(applied).toEqual(Object.keys(migrations).map((name) => ({ name })));
    const check = new BetterSqlite3(path, { readonly: true });
    expect(check.pragma('integrity_check', { simple: true })).toBe('ok');
    check.close();
  });

  it('stops with a message naming the migration that failed', async () => {
    const broken = {
      ...migrations,
      '0002-broken': {
        async up() {
          throw new Error('column "x" exploded');
        },
      },
    };
    const err = await openDatabase(':memory:', broken).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(MigrationError);
    expect((err as Error).message).toBe(`database migration '0002-broken' failed: column "x" exploded`);
  });

  it('uses the (entity_id, ts) index for history queries', async () => {
    const db = await openDatabase(':memory:');
    cleanup.push(() => db.close());
    const plan = db.sqlite
      .prepare('EXPLAIN QUERY PLAN SELECT state FROM state_history WHERE entity_id = ? AND ts >= ?')
      .all('a', 0) as { detail: string }[];
    expect(plan.map((p) => p.detail).join(' ')).toMatch(/state_history_entity_ts/);
  });
});
