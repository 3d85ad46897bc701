// The PostgreSQL write-behind queue against a real server: batches in one transaction, a later write under a key
// replaces the waiting one, a faulty write is dropped alone, and while the server is gone everything waits, the
// guard says so, and nothing is lost once it is back.
import { afterEach, describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import { openPostgres, type PgDatabase } from '../../../../src/adapters/storage/pg/database.js';
import { pgOutageOf } from '../../../../src/adapters/storage/pg/outage.js';
import { createPgWriteQueue } from '../../../../src/adapters/storage/pg/write-queue.js';
import { createWriteGuard } from '../../../../src/adapters/storage/write-guard.js';
import { silentLogger } from '../../../../src/core/logger.js';
import { startPostgresCluster, type PostgresCluster } from '../../../../scripts/postgres-cluster.js';
import { eventually } from '../../../helpers/net.js';
import { freshPostgresDatabase, postgresAvailable, postgresRequired } from '../../../helpers/postgres.js';

const open: PgDatabase[] = [];
const clusters: PostgresCluster[] = [];
afterEach(async () => {
  for (const d of open.splice(0)) await d.close();
  for (const c of clusters.splice(0)) await c.stop();
});

const helper = (entity_id: string, state: string) => ({
  entity_id,
  state,
  attributes: '{}',
  updated_at: '2026-06-01T00:00:00.000Z',
});

describe.skipIf(!postgresAvailable && !postgresRequired)('PostgreSQL write queue', () => {
  it('writes in order, keeps only the latest write of a key, and drops a faulty write alone', async () => {
    const d = await openPostgres(await freshPostgresDatabase());
    open.push(d);
    const queue = createPgWriteQueue({ db: d.db, name: 'test rows', log: silentLogger, intervalMs: 10_000 });
    const upsert = (row: ReturnType<typeof helper>) => (tx: typeof d.db) =>
      tx
        .insertInto('helper_states')
        .values(row)
        .onConflict((oc) => oc.column('entity_id').doUpdateSet({ state: row.state }))
        .execute();
    queue.add(upsert(helper('input_boolean.a', 'on')), 'a');
    queue.add(upsert(helper('input_boolean.b', 'on')), 'b');
    queue.add(upsert(helper('input_boolean.a', 'off')), 'a');
    // a write PostgreSQL refuses for good: null where NOT NULL is required
    queue.add((tx) =>
      sql`insert into helper_states (entity_id, state, attributes, updated_at) values ('x', null, '{}', 'now')`.execute(
        tx,
      ),
    );
    queue.add(upsert(helper('input_boolean.c', 'on')));
    expect(queue.waiting).toBe(4);
    await queue.flush();
    expect(queue.waiting).toBe(0);
    expect(queue.dropped).toBe(1);
    const rows = await d.db.selectFrom('helper_states').select(['entity_id', 'state']).orderBy('entity_id').execute();
    expect(rows).toEqual([
      { entity_id: 'input_boolean.a', state: 'off' },
      { entity_id: 'input_boolean.b', state: 'on' },
      { entity_id: 'input_boolean.c', state: 'on' },
    ]);
    await queue.close();
  });

  it('holds every write while the server is gone and writes them once it is back', async () => {
    const cluster = await startPostgresCluster();
    clusters.push(cluster);
    const url = await cluster.createDatabase('queue_outage');
    const d = await openPostgres(url);
    open.push(d);
    const guard = createWriteGuard({
      dataDir: d.where,
      place: `at ${d.where}`,
      outageOf: pgOutageOf,
      log: silentLogger,
    });
    const queue = createPgWriteQueue({ db: d.db, name: 'helper states', log: silentLogger, guard, intervalMs: 5 });
    await cluster.pause();
    for (let i = 0; i < 20; i++)
      queue.add(
        (tx) =>
          tx
            .insertInto('helper_states')
            .values(helper(`counter.c${i}`, String(i)))
            .execute(),
        `c${i}`,
      );
    await eventually(() => queue.outage !== undefined, 10_000);
    expect(guard.writable).toBe(false);
    expect(guard.status()).toMatchObject({ writable: false, waiting: { 'helper states': 20 } });
    expect(guard.status().reason).toContain('postgres://postgres@127.0.0.1');
    await cluster.resume();
    await eventually(() => queue.waiting === 0 && guard.writable, 15_000);
    const n = await d.db
      .selectFrom('helper_states')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .executeTakeFirst();
    expect(Number(n?.n)).toBe(20);
    expect(queue.dropped).toBe(0);
    await queue.close();
    guard.stop();
  });
});
