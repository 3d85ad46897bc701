// The PostgreSQL alert store against the SQLite one, both real: the same calls give the same answers (raise with
// deduplication, list with every option, acknowledge, the bus's announcements, the newest 10,000 kept), the table
// ends up holding what SQLite's holds, and a store opened again on the same database sees it all.
import { afterEach, describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import { createAlertStore } from '../../../../src/adapters/storage/alert-store.js';
import { openDatabase, type Database } from '../../../../src/adapters/storage/database.js';
import { createPgAlertStore, type PgAlertStore } from '../../../../src/adapters/storage/pg/alert-store.js';
import { openPostgres, type PgDatabase } from '../../../../src/adapters/storage/pg/database.js';
import type { Alert, AlertQuery, AlertStore } from '../../../../src/core/alerts.js';
import { createEventBus } from '../../../../src/core/event-bus.js';
import type { CoreEvents } from '../../../../src/core/events.js';
import { silentLogger, type Logger } from '../../../../src/core/logger.js';
import { random } from './store-fixtures.js';
import { freshPostgresDatabase, postgresAvailable, postgresRequired } from '../../../helpers/postgres.js';

const cleanup: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const fn of cleanup.splice(0).reverse()) await fn();
});

/** a logger that keeps the warnings */
function warnings(): { log: Logger; seen: string[] } {
  const seen: string[] = [];
  const log: Logger = { ...silentLogger, warn: (msg) => void seen.push(msg), child: () => log };
  return { log, seen };
}

interface Pair {
  sqlite: AlertStore;
  pg: PgAlertStore;
  /** what each bus announced */
  announced: { sqlite: Alert[]; pg: Alert[] };
  clock: { now: () => Date; advance(ms: number): void };
  database: { sqlite: Database; pg: PgDatabase; url: string };
}

async function pair(log: Logger = silentLogger): Promise<Pair> {
  let now = Date.parse('2026-12-06T10:00:00Z');
  const clock = {
    now: () => new Date(now),
    advance(ms: number) {
      now += ms;
    },
  };
  const sqliteDb = await openDatabase(':memory:');
  cleanup.push(() => sqliteDb.close());
  const url = await freshPostgresDatabase('alerts');
  const pgDb = await openPostgres(url);
  cleanup.push(() => pgDb.close());
  const announced = { sqlite: [] as Alert[], pg: [] as Alert[] };
  const busA = createEventBus<CoreEvents>(silentLogger);
  busA.on('alert_raised', ({ alert }) => void announced.sqlite.push(alert));
  const busB = createEventBus<CoreEvents>(silentLogger);
  busB.on('alert_raised', ({ alert }) => void announced.pg.push(alert));
  const pg = await createPgAlertStore(pgDb, { clock, bus: busB, log });
  cleanup.push(() => pg.close());
  return {
    sqlite: createAlertStore(sqliteDb.sqlite, clock, busA),
    pg,
    announced,
    clock,
    database: { sqlite: sqliteDb, pg: pgDb, url },
  };
}

/** PostgreSQL's ids as SQLite's, learned from the alerts both raise (they differ once a store is opened again) */
function idMap() {
  const toSqlite = new Map<number, number>();
  const toPg = new Map<number, number>();
  return {
    learn(pg: Alert, sqlite: Alert) {
      if (!toSqlite.has(pg.id)) {
        toSqlite.set(pg.id, sqlite.id);
        toPg.set(sqlite.id, pg.id);
      }
    },
    same: <T extends Alert | undefined>(a: T): T => (a === undefined ? a : { ...a, id: toSqlite.get(a.id) ?? -a.id }),
    pgId: (sqliteId: number) => toPg.get(sqliteId) ?? 1_000_000_000 + sqliteId,
  };
}

/** the rows each table holds, PostgreSQL's ids mapped */
async function tables(p: Pair, ids: ReturnType<typeof idMap>) {
  await p.pg.flush();
  const stored = (p.database.sqlite.sqlite.prepare('select * from alerts order by id').all() as Alert[]).map((a) => ({
    ...a,
  }));
  const pgRows = (await p.database.pg.db.selectFrom('alerts').selectAll().orderBy('id').execute()).map(ids.same);
  return { stored, pgRows };
}

const DEVICES = ['d1', 'd2', null] as const;
const ENTITIES = ['switch.kettle', 'switch.fan', null] as const;
const TYPES = ['device_timeout', 'command_timeout', 'device_error'] as const;
const SEVERITIES = ['info', 'warning', 'error', 'critical'] as const;
const QUERIES: (AlertQuery | undefined)[] = [
  undefined,
  {},
  { active: true },
  { active: false },
  { device_id: 'd1' },
  { device_id: 'd2', active: true },
  { device_id: 'nobody' },
  { limit: 0 },
  { limit: 1 },
  { limit: 3, active: true },
  { limit: 7, device_id: 'd1' },
  { limit: 1_000 },
  { limit: -1 },
  { limit: -2, active: true },
];

/** runs `steps` random calls on both stores and expects the same answer from each */
async function drive(p: Pair, ids: ReturnType<typeof idMap>, seed: number, steps: number) {
  const r = random(seed);
  const raisedIds: number[] = [];
  for (let i = 0; i < steps; i++) {
    p.clock.advance(Math.floor(r.next() * 5_000));
    // now and then the queue writes between two calls, or everything waiting is written
    const pause = r.next();
    if (pause < 0.05) await p.pg.flush();
    else if (pause < 0.15) await new Promise((resolve) => setImmediate(resolve));
    const what = r.next();
    if (what < 0.55) {
      const input = {
        severity: r.pick(SEVERITIES),
        type: r.pick(TYPES),
        message: `message ${i}`,
        device_id: r.pick(DEVICES),
        entity_id: r.pick(ENTITIES),
      };
      const a = p.sqlite.raise(input);
      const b = p.pg.raise(input);
      ids.learn(b, a);
      expect(ids.same(b)).toEqual(a);
      raisedIds.push(a.id);
    } else if (what < 0.75) {
      // a known alert, or one that does not exist
      const id = r.next() < 0.9 && raisedIds.length > 0 ? r.pick(raisedIds) : 99_999;
      expect(ids.same(p.pg.acknowledge(ids.pgId(id)))).toEqual(p.sqlite.acknowledge(id));
    } else {
      const q = r.pick(QUERIES);
      expect(p.pg.list(q).map(ids.same)).toEqual(p.sqlite.list(q));
    }
  }
}

describe.skipIf(!postgresAvailable && !postgresRequired)('PostgreSQL alert store', () => {
  it.each([7, 42, 2026])(
    'answers every call as the SQLite store does, writes the same rows, and a store opened again agrees (seed %i)',
    async (seed) => {
      const p = await pair();
      const ids = idMap();
      await drive(p, ids, seed, 600);
      // from an empty table both number from 1: the reserved block keeps PostgreSQL's ids the same
      expect(p.announced.pg).toEqual(p.announced.sqlite);
      const { stored, pgRows } = await tables(p, ids);
      expect(pgRows).toEqual(stored);
      expect(pgRows.map((a) => a.id)).toEqual(stored.map((a) => a.id));

      // a restart: a new store on each database, and the same calls again
      await p.pg.close();
      const bus = createEventBus<CoreEvents>(silentLogger);
      const again: Pair = {
        ...p,
        sqlite: createAlertStore(p.database.sqlite.sqlite, p.clock, createEventBus<CoreEvents>(silentLogger)),
        pg: await createPgAlertStore(p.database.pg, { clock: p.clock, bus, log: silentLogger }),
      };
      cleanup.push(() => again.pg.close());
      for (const q of QUERIES) expect(again.pg.list(q).map(ids.same)).toEqual(again.sqlite.list(q));
      await drive(again, ids, seed + 1, 400);
      const after = await tables(again, ids);
      expect(after.pgRows).toEqual(after.stored);
    },
  );

  it('keeps the newest 10,000 as SQLite does, and a burst past the reserve goes on after the highest id', async () => {
    const { log, seen } = warnings();
    const p = await pair(log);
    const ids = idMap();
    // one synchronous burst: the reserve's refill cannot come back before it ends
    for (let n = 0; n < 10_600; n++) {
      const input = {
        severity: 'warning' as const,
        type: 'device_timeout',
        message: `silent ${n}`,
        device_id: `d${n}`,
        entity_id: null,
      };
      const a = p.sqlite.raise(input);
      const b = p.pg.raise(input);
      ids.learn(b, a);
      expect(ids.same(b)).toEqual(a);
      expect(b.id).toBe(a.id);
      if (n % 7 === 0) expect(ids.same(p.pg.acknowledge(b.id))).toEqual(p.sqlite.acknowledge(a.id));
    }
    expect(seen.filter((m) => m.startsWith('ids used faster than reserved'))).toHaveLength(1);
    const all = { limit: 20_000 };
    expect(p.pg.list(all).map(ids.same)).toEqual(p.sqlite.list(all));
    expect(p.pg.list({ ...all, active: true }).map(ids.same)).toEqual(p.sqlite.list({ ...all, active: true }));
    const { stored, pgRows } = await tables(p, ids);
    expect(stored).toHaveLength(10_100); // trimmed to 10,000 at the 10,500th, then 100 more
    expect(pgRows).toEqual(stored);

    // opened again: the newest 10,000, and the older ones still active (deduplication counts on them)
    await p.pg.close();
    const bus = createEventBus<CoreEvents>(silentLogger);
    const pg = await createPgAlertStore(p.database.pg, { clock: p.clock, bus, log: silentLogger });
    cleanup.push(() => pg.close());
    const listed = pg.list(all);
    const newest = stored.slice(-10_000);
    const olderActive = stored.slice(0, 100).filter((a) => a.acknowledged_at === null);
    expect(olderActive.length).toBeGreaterThan(0);
    expect(listed.map((a) => a.id)).toEqual([...olderActive, ...newest].map((a) => a.id).reverse());
    const old = olderActive[0] as Alert;
    const counted = pg.raise({ ...old, message: 'again' });
    expect(counted).toMatchObject({ id: old.id, repeats: 1, message: 'again' });
    // the sequence caught up with the ids the burst handed out past it: new ids are above them all
    const fresh = pg.raise({ severity: 'info', type: 'other', message: 'x', device_id: null, entity_id: null });
    expect(fresh.id).toBeGreaterThan(10_600);
    await pg.flush();
    const seq = await sql<{ n: number }>`select last_value as n from alerts_id_seq`.execute(p.database.pg.db);
    expect(Number(seq.rows[0]?.n)).toBeGreaterThanOrEqual(fresh.id);
  });

  it('two active alerts of one kind (from before deduplication): the newer is counted on, then the older', async () => {
    const p = await pair();
    const row = { time: '2026-01-01T00:00:00.000Z', severity: 'warning', type: 'device_timeout', message: 'old' };
    const kind = { device_id: 'd1', entity_id: null };
    const insert = p.database.sqlite.sqlite.prepare(
      'insert into alerts (time, severity, type, message, device_id, entity_id) values (?, ?, ?, ?, ?, ?)',
    );
    for (let n = 0; n < 2; n++) insert.run(row.time, row.severity, row.type, row.message, kind.device_id, null);
    await p.pg.close();
    await p.database.pg.db
      .insertInto('alerts')
      .values([1, 2].map((id) => ({ id, ...row, severity: 'warning' as const, ...kind })))
      .execute();
    const bus = createEventBus<CoreEvents>(silentLogger);
    const pg = await createPgAlertStore(p.database.pg, { clock: p.clock, bus, log: silentLogger });
    cleanup.push(() => pg.close());
    const sqlite = createAlertStore(p.database.sqlite.sqlite, p.clock, createEventBus<CoreEvents>(silentLogger));
    const input = { severity: 'error' as const, type: 'device_timeout', message: 'again', ...kind };
    expect(pg.raise(input)).toEqual(sqlite.raise(input));
    expect(pg.acknowledge(2)).toEqual(sqlite.acknowledge(2));
    const older = pg.raise(input);
    expect(older).toEqual(sqlite.raise(input));
    expect(older).toMatchObject({ id: 1, repeats: 1 });
    expect(pg.list()).toEqual(sqlite.list());
  });
});
