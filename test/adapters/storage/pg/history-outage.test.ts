// The PostgreSQL state recorder while the server is away: a private cluster (scripts/postgres-cluster.ts) paused
// and resumed on the same port and data. The recorder holds the rows (bounded: past the bound the oldest go,
// never an entity's latest), tells the write guard, and writes what it held once the server is back; at a stop
// during the outage what waits is counted as lost. Progress is polled (eventually), never timed.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startPostgresCluster, type PostgresCluster } from '../../../../scripts/postgres-cluster.js';
import { openPostgres, type PgDatabase } from '../../../../src/adapters/storage/pg/database.js';
import { pgOutageOf } from '../../../../src/adapters/storage/pg/outage.js';
import { createPgStateRecorder } from '../../../../src/adapters/storage/pg/state-recorder.js';
import { createWriteGuard } from '../../../../src/adapters/storage/write-guard.js';
import { silentLogger } from '../../../../src/core/logger.js';
import type { State } from '../../../../src/core/state.js';
import { eventually } from '../../../helpers/net.js';
import { postgresAvailable, postgresRequired } from '../../../helpers/postgres.js';
import { keptLog, T0 } from './history-seed.js';

const change = (entity_id: string, value: string, ms: number): State => {
  const t = new Date(T0 + ms).toISOString();
  return {
    entity_id,
    state: value,
    attributes: { unit_of_measurement: 'W' },
    last_changed: t,
    last_updated: t,
    last_reported: t,
    context: { id: 'c', parentId: null, origin: 'test' },
  };
};

const count = async (d: PgDatabase) =>
  Number(
    (
      await d.db
        .selectFrom('state_history')
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .executeTakeFirst()
    )?.n,
  );

describe.skipIf(!postgresAvailable && !postgresRequired)('PostgreSQL state recorder during an outage', () => {
  let cluster: PostgresCluster;
  const open: PgDatabase[] = [];
  beforeAll(async () => {
    cluster = await startPostgresCluster();
  });
  afterAll(async () => {
    await cluster?.resume();
    for (const d of open) await d.close();
    await cluster?.stop();
  });

  it('holds rows while the server is gone, drops the oldest past the bound, and writes the rest once back', async () => {
    const d = await openPostgres(await cluster.createDatabase('history_outage'));
    open.push(d);
    const guard = createWriteGuard({
      dataDir: d.where,
      place: `at ${d.where}`,
      outageOf: pgOutageOf,
      log: silentLogger,
    });
    const recorder = createPgStateRecorder(d, {
      log: silentLogger,
      guard,
      maxBatch: 10,
      maxBacklog: 50,
      flushIntervalMs: 5,
    });
    recorder.record(change('sensor.before', '0', 0));
    await recorder.flush();
    expect(recorder.written).toBe(1);

    await cluster.pause();
    // 200 changes of 5 entities, each entity's last one the value 'last'
    for (let i = 0; i < 200; i++) recorder.record(change(`sensor.p${i % 5}`, i >= 195 ? 'last' : String(i), 1_000 + i));
    await recorder.flush(); // resolves at once during an outage: nothing can be written
    await eventually(() => recorder.outage !== undefined, 15_000);
    expect(
      pgOutageOf(Object.assign(new Error(recorder.outage?.message), { code: recorder.outage?.code })),
    ).toBeDefined();
    expect(recorder.written).toBe(1);
    expect(recorder.dropped).toBeGreaterThan(0);
    expect(recorder.waiting).toBeLessThanOrEqual(50);
    expect(recorder.waiting + recorder.dropped).toBe(200);
    expect(recorder.pending).toBe(recorder.waiting);
    const status = guard.status();
    expect(status).toMatchObject({ writable: false, waiting: { 'history rows': recorder.waiting } });
    expect(status.dropped['history rows']).toBe(recorder.dropped);
    expect(status.reason).toContain('postgres://postgres@127.0.0.1');

    await cluster.resume();
    await eventually(() => guard.writable && recorder.waiting === 0, 20_000);
    expect(recorder.outage).toBeUndefined();
    expect(recorder).toMatchObject({ pending: 0, lost: 0 });
    expect(recorder.written + recorder.dropped).toBe(201);
    expect(await count(d)).toBe(recorder.written);
    // every entity's latest change made it, as its history row and its state
    const states = await d.db.selectFrom('states').select(['entity_id', 'state']).orderBy('entity_id').execute();
    expect(states).toEqual([
      { entity_id: 'sensor.before', state: '0' },
      ...[0, 1, 2, 3, 4].map((k) => ({ entity_id: `sensor.p${k}`, state: 'last' })),
    ]);
    const kept = await d.db.selectFrom('state_history').select('state').orderBy('ts').orderBy('id').execute();
    expect(kept.slice(-5).map((r) => r.state)).toEqual(['last', 'last', 'last', 'last', 'last']);
    // what was kept is the newest: the rows written are in order, the oldest of the outage gone
    const numbers = kept.map((r) => Number(r.state)).filter((n) => Number.isFinite(n) && n > 0);
    expect(numbers).toEqual([...numbers].sort((a, b) => a - b));
    expect(numbers[0]).toBeGreaterThan(100);

    // and it goes on writing as before
    recorder.record(change('sensor.after', '1', 5_000));
    await recorder.flush();
    expect(await count(d)).toBe(recorder.written);
    await recorder.close();
    guard.stop();
  });

  it('counts what still waits at the stop as lost, and says so', async () => {
    const d = await openPostgres(await cluster.createDatabase('history_stop'));
    open.push(d);
    const log = keptLog();
    const recorder = createPgStateRecorder(d, { log, maxBatch: 10, flushIntervalMs: 5 });
    await cluster.pause();
    for (let i = 0; i < 30; i++) recorder.record(change(`sensor.s${i % 3}`, String(i), i));
    await recorder.flush();
    await eventually(() => recorder.outage !== undefined, 15_000);
    expect(recorder.waiting).toBe(30);
    await recorder.close();
    expect(recorder).toMatchObject({ written: 0, lost: 30, waiting: 0, pending: 0, dropped: 0 });
    expect(log.errors.join('\n')).toMatch(/not written to PostgreSQL before the stop.*"count":30/);
    await cluster.resume();
    expect(await count(d)).toBe(0);
  });
});
