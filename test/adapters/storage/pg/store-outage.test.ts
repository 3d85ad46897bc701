// The PostgreSQL stores while PostgreSQL cannot be written: alerts are raised, counted and acknowledged, traces
// saved and read, helper states and bridge devices saved and loaded, all from memory; the queues hold the writes
// and the write guard says the database is not writable (with its alert in the alert store itself). Two outages,
// both real, each on a private cluster: its server stopped and started again, and made read-only and then
// writable again. After each, everything held is written and stores opened again see it.
import { afterEach, describe, expect, it } from 'vitest';
import pg from 'pg';
import { openPostgres, type PgDatabase } from '../../../../src/adapters/storage/pg/database.js';
import { createPgAlertStore } from '../../../../src/adapters/storage/pg/alert-store.js';
import { createPgBridgeDeviceStore } from '../../../../src/adapters/storage/pg/bridge-device-store.js';
import { createPgHelperStateStore } from '../../../../src/adapters/storage/pg/helper-state-store.js';
import { pgOutageOf } from '../../../../src/adapters/storage/pg/outage.js';
import { createPgTraceStore } from '../../../../src/adapters/storage/pg/trace-store.js';
import { createWriteGuard, UNWRITABLE_ALERT, WRITABLE_ALERT } from '../../../../src/adapters/storage/write-guard.js';
import { createEventBus } from '../../../../src/core/event-bus.js';
import type { CoreEvents } from '../../../../src/core/events.js';
import type { Alert } from '../../../../src/core/alerts.js';
import { silentLogger } from '../../../../src/core/logger.js';
import { startPostgresCluster } from '../../../../scripts/postgres-cluster.js';
import { eventually } from '../../../helpers/net.js';
import { postgresAvailable, postgresRequired } from '../../../helpers/postgres.js';
import { trace } from './store-fixtures.js';

const cleanup: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const fn of cleanup.splice(0).reverse()) await fn();
});

const clock = { now: () => new Date('2026-12-06T10:00:00Z') };
const timeout = (device_id: string) => ({
  severity: 'warning' as const,
  type: 'device_timeout',
  message: `${device_id} is silent`,
  device_id,
  entity_id: null,
});

/** the four stores and a guard for PostgreSQL, on `database` */
async function storesOn(database: PgDatabase) {
  const guard = createWriteGuard({ dataDir: '', log: silentLogger, outageOf: pgOutageOf, place: database.where });
  const bus = createEventBus<CoreEvents>(silentLogger);
  const alerts = await createPgAlertStore(database, { clock, bus, log: silentLogger, guard });
  guard.useAlerts(alerts);
  const traces = await createPgTraceStore(database, { log: silentLogger, guard, keep: 3, flushIntervalMs: 5 });
  const helpers = await createPgHelperStateStore(database, clock, { log: silentLogger, guard });
  const bridge = await createPgBridgeDeviceStore(database, { log: silentLogger, guard });
  const close = async () => {
    guard.stop();
    await Promise.all([alerts.close(), traces.close(), helpers.close(), bridge.close()]);
  };
  return { guard, alerts, traces, helpers, bridge, close };
}

type Stores = Awaited<ReturnType<typeof storesOn>>;

/** changes made while the database refuses writes: each answered from memory at once */
function changeDuringOutage(s: Stores, counted: number) {
  expect(s.alerts.raise(timeout('d1'))).toMatchObject({ id: counted, repeats: 1 });
  const fresh = s.alerts.raise(timeout('d2'));
  expect(s.alerts.acknowledge(counted)?.acknowledged_at).not.toBeNull();
  expect(s.alerts.list({ active: true }).map((a) => a.id)).toContain(fresh.id);
  for (let n = 2; n <= 200; n++)
    s.traces.save({ automation_id: 'a', run_id: `a-run-${n}`, build: () => trace('a', n) });
  expect(s.traces.list('a').map((t) => t.run_id)).toEqual(['a-run-200', 'a-run-199', 'a-run-198']);
  expect(s.traces.get('a', 'a-run-199')).toEqual(trace('a', 199));
  s.helpers.save('input_boolean.x', { state: 'off', attributes: {} });
  s.helpers.remove('timer.y');
  s.bridge.save({ device_id: 'esp-1', capabilities: { relays: 2 }, metrics: {}, last_seen: null });
  expect([...s.helpers.load()]).toEqual([['input_boolean.x', { state: 'off', attributes: {} }]]);
  expect(s.bridge.load()).toEqual([{ device_id: 'esp-1', capabilities: { relays: 2 }, metrics: {}, last_seen: null }]);
  return fresh;
}

/** what every store holds before the outage, written */
async function before(s: Stores) {
  const first = s.alerts.raise(timeout('d1'));
  s.traces.save(trace('a', 1));
  s.helpers.save('timer.y', { state: 'idle', attributes: { duration: '0:01:00' } });
  await Promise.all([s.alerts.flush(), s.traces.settle(), s.helpers.flush(), s.bridge.flush()]);
  return first;
}

/** after the outage: everything held is written, the guard's alerts say so, and stores opened again see it */
async function recovered(s: Stores, database: PgDatabase, fresh: Alert) {
  await eventually(() => s.guard.writable, 15_000);
  const alerts = s.alerts.list({ limit: 1_000 });
  expect(alerts.find((a) => a.type === WRITABLE_ALERT)).toBeDefined();
  expect(alerts.filter((a) => a.type === UNWRITABLE_ALERT).every((a) => a.acknowledged_at !== null)).toBe(true);
  await Promise.all([s.alerts.flush(), s.traces.settle(), s.helpers.flush(), s.bridge.flush()]);
  const traces = s.traces.list('a');
  await s.close();

  // opened again: what was changed during the outage is in the tables
  const again = await storesOn(database);
  cleanup.push(() => again.close());
  expect(again.alerts.list({ limit: 1_000 })).toEqual(alerts);
  expect(again.alerts.list({ active: true }).map((a) => a.id)).toContain(fresh.id);
  expect(again.traces.list('a')).toEqual(traces);
  expect(again.traces.get('a', 'a-run-200')).toEqual(trace('a', 200));
  expect([...again.helpers.load()]).toEqual([['input_boolean.x', { state: 'off', attributes: {} }]]);
  expect(again.bridge.load()).toEqual([
    { device_id: 'esp-1', capabilities: { relays: 2 }, metrics: {}, last_seen: null },
  ]);
}

describe.skipIf(!postgresAvailable && !postgresRequired)('PostgreSQL stores during an outage', () => {
  it('a stopped server: everything goes on from memory, the writes wait, and are written once it is back', async () => {
    const cluster = await startPostgresCluster();
    cleanup.push(() => cluster.stop());
    const database = await openPostgres(await cluster.createDatabase('outage'));
    cleanup.push(() => database.close());
    const s = await storesOn(database);
    cleanup.push(() => s.close());
    const first = await before(s);

    await cluster.pause();
    const fresh = changeDuringOutage(s, first.id);
    await eventually(() => !s.guard.writable, 15_000);
    expect(await database.probe()).toBe(false);
    const status = s.guard.status();
    for (const backlog of ['alerts', 'automation traces', 'helper states', 'bridge devices'])
      expect(status.waiting[backlog]).toBeGreaterThan(0);
    // a run's write per kept run (and those waiting), not one per run saved during the outage
    expect(status.waiting['automation traces']).toBeLessThanOrEqual(3 * 3 + 1);
    // the guard's own alert went to the store, which answers from memory
    await eventually(() => s.alerts.list({ active: true }).some((a) => a.type === UNWRITABLE_ALERT));
    await cluster.resume();
    await recovered(s, database, fresh);
  });

  it('a read-only server: the writes wait, and once it is writable they are written and seen after a restart', async () => {
    // a private cluster: the setting is the whole server's, and a reload applies it to the sessions already open
    // (ending them instead could catch a client between two statements: see the report on pg/database.ts)
    const cluster = await startPostgresCluster();
    cleanup.push(() => cluster.stop());
    const url = await cluster.createDatabase('readonly');
    const admin = new pg.Client({ connectionString: cluster.url });
    await admin.connect();
    cleanup.push(() => admin.end());
    await admin.query('set default_transaction_read_only = off');
    const readOnly = async (on: boolean) => {
      await admin.query(`alter system set default_transaction_read_only = ${on ? 'on' : 'off'}`);
      await admin.query('select pg_reload_conf()');
    };
    const database = await openPostgres(url);
    cleanup.push(() => database.close());
    const s = await storesOn(database);
    cleanup.push(() => s.close());
    const first = await before(s);

    await readOnly(true);
    const fresh = changeDuringOutage(s, first.id);
    await eventually(() => !s.guard.writable, 15_000);
    expect(s.guard.status().outage?.code).toBe('25006'); // read_only_sql_transaction
    await readOnly(false);
    await recovered(s, database, fresh);
  });
});
