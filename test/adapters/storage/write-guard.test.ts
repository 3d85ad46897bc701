// The storage service while its database cannot be written (issue 21), on a real SQLite file: registry rows,
// alerts and history wait in memory, one storage_unwritable alert is raised (held in memory too, with the id it
// keeps), the status says why; once the database takes writes again everything held is written in order, the
// alert is resolved and an info alert says what happened.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { openDatabase, type Database } from '../../../src/adapters/storage/database.js';
import { createPersistence, type Persistence } from '../../../src/adapters/storage/persistence.js';
import { UNWRITABLE_ALERT, WRITABLE_ALERT } from '../../../src/adapters/storage/write-guard.js';
import { createEventBus } from '../../../src/core/event-bus.js';
import type { CoreEvents } from '../../../src/core/events.js';
import { silentLogger } from '../../../src/core/logger.js';
import type { Entity } from '../../../src/core/model.js';
import { createRegistry } from '../../../src/core/registry.js';
import { createStateStore } from '../../../src/core/state-store.js';
import { until } from '../../helpers/markers.js';

const cleanup: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const fn of cleanup.splice(0).reverse()) await fn();
});

async function setup() {
  const dir = mkdtempSync(join(tmpdir(), 'switchyard-guard-'));
  cleanup.push(() => rmSync(dir, { recursive: true, force: true }));
  const database = await openDatabase(join(dir, 'switchyard.db'));
  cleanup.push(() => database.close());
  return { dir, database, ...(await service(database)) };
}

/** the storage service on `database`, started */
async function service(database: Database) {
  const clock = { now: () => new Date() };
  const bus = createEventBus<CoreEvents>(silentLogger);
  const registry = createRegistry(bus);
  const states = createStateStore(bus, clock);
  const persistence = createPersistence({
    database,
    bus,
    registry,
    states,
    clock,
    log: silentLogger,
    retentionDays: 7,
    flushIntervalMs: 20,
  });
  await persistence.start();
  cleanup.push(() => persistence.stop());
  return { registry, states, persistence };
}

const entity = (entity_id: string, config: Record<string, unknown> = { a: 1 }): Entity => ({
  entity_id,
  unique_id: null,
  domain: 'sensor',
  name: 'X',
  device_id: null,
  area: null,
  source: 'test',
  discovery_topic: null,
  config,
});

/** runs a pragma on both connections: the service's and the history writer's */
const pragma = (database: Database, persistence: Persistence, text: string) => {
  database.sqlite.pragma(text);
  persistence.recorder.pragma(text);
};
const count = (database: Database, sql: string) => (database.sqlite.prepare(sql).get() as { n: number }).n;

describe('write guard', () => {
  it('holds registry rows, alerts and history while the database is read-only, then writes them all', async () => {
    const { dir, database, registry, states, persistence } = await setup();
    pragma(database, persistence, 'query_only = ON');

    registry.upsertEntity(entity('sensor.new'));
    for (let i = 0; i < 50; i++) states.set('sensor.new', String(i));
    await until(() => !persistence.guard.writable, 'the guard did not notice', 5_000);
    const offline = persistence.alerts.raise({
      severity: 'warning',
      type: 'device_offline',
      message: 'x',
      device_id: 'd1',
      entity_id: null,
    });
    persistence.alerts.acknowledge(offline.id);

    // one storage alert, held in memory with its id, listed with the others
    const active = await until(() => {
      const list = persistence.alerts.list({ active: true });
      return list.length > 0 ? list : undefined;
    }, 'no storage alert');
    expect(active.map((a) => a.type)).toEqual([UNWRITABLE_ALERT]);
    const alert = active[0];
    expect(alert?.message).toContain(dir);
    expect(alert?.message).toContain('SQLITE_READONLY');
    expect(persistence.alerts.list().map((a) => a.type)).toEqual(['device_offline', UNWRITABLE_ALERT]);

    const status = persistence.guard.status();
    expect(status.writable).toBe(false);
    expect(status.reason).toMatch(/cannot be written .*SQLITE_READONLY/);
    expect(status.waiting['registry rows']).toBe(1);
    expect(status.waiting['alerts']).toBe(2);
    expect(registry.entity('sensor.new')?.config).toEqual({ a: 1 }); // still in memory: its row is not written
    expect(count(database, 'SELECT count(*) AS n FROM entities')).toBe(0);

    pragma(database, persistence, 'query_only = OFF');
    await until(() => persistence.guard.writable, 'the guard did not recover', 10_000);
    persistence.recorder.flush();
    expect(count(database, "SELECT count(*) AS n FROM entities WHERE entity_id = 'sensor.new'")).toBe(1);
    expect(registry.entity('sensor.new')?.config).toEqual({ a: 1 });
    expect(count(database, "SELECT count(*) AS n FROM state_history WHERE entity_id = 'sensor.new'")).toBe(50);
    const stored = database.sqlite.prepare('SELECT id, type, acknowledged_at FROM alerts ORDER BY id').all() as {
      id: number;
      type: string;
      acknowledged_at: string | null;
    }[];
    expect(stored.map((a) => a.type)).toEqual([UNWRITABLE_ALERT, 'device_offline', WRITABLE_ALERT]);
    expect(stored[0]?.id).toBe(alert?.id);
    expect(stored[0]?.acknowledged_at).not.toBeNull();
    expect(stored[1]?.id).toBe(offline.id);
    expect(stored[1]?.acknowledged_at).not.toBeNull();
    expect(persistence.guard.status()).toMatchObject({ writable: true });
  });

  it('a registry transaction the full disk rolls back leaves every record with its config', async () => {
    const { database, registry, persistence } = await setup();
    pragma(database, persistence, `max_page_count = ${database.sqlite.pragma('page_count', { simple: true })}`);
    registry.upsertEntity(entity('sensor.small'));
    registry.upsertEntity(entity('sensor.big', { blob: 'x'.repeat(200_000) }));
    await until(() => !persistence.guard.writable, 'the disk did not fill', 5_000);
    expect(registry.entity('sensor.small')?.config).toEqual({ a: 1 });
    expect(count(database, 'SELECT count(*) AS n FROM entities')).toBe(0);

    pragma(database, persistence, 'max_page_count = 1073741823');
    await until(() => persistence.guard.writable, 'the guard did not recover', 10_000);
    expect(count(database, 'SELECT count(*) AS n FROM entities')).toBe(2);
    expect(registry.entity('sensor.small')?.config).toEqual({ a: 1 });
    expect(registry.entity('sensor.big')?.config['blob']).toHaveLength(200_000);
  });

  it('resolves a storage alert an earlier run left active', async () => {
    const { database, persistence } = await setup();
    persistence.alerts.raise({
      severity: 'error',
      type: UNWRITABLE_ALERT,
      message: 'left over',
      device_id: null,
      entity_id: null,
    });
    await persistence.stop();
    const next = await service(database);
    expect(next.persistence.alerts.list({ active: true })).toEqual([]);
  });
});
