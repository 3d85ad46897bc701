import { afterEach, describe, expect, it } from 'vitest';
import { openDatabase, type Database } from '../../../src/adapters/storage/database.js';
import { createPersistence } from '../../../src/adapters/storage/persistence.js';
import { createEventBus } from '../../../src/core/event-bus.js';
import type { CoreEvents } from '../../../src/core/events.js';
import { silentLogger } from '../../../src/core/logger.js';
import { createRegistry } from '../../../src/core/registry.js';
import { createStateStore } from '../../../src/core/state-store.js';

const open: Database[] = [];
afterEach(async () => {
  for (const db of open.splice(0)) await db.close();
});

async function setup(nowMs = Date.parse('2026-06-01T12:00:00Z')) {
  const database = await openDatabase(':memory:');
  open.push(database);
  let now = nowMs;
  const clock = { now: () => new Date(now) };
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
    flushIntervalMs: 60_000,
  });
  await persistence.start();
  return { database, registry, states, persistence, tick: (ms: number) => (now += ms) };
}

const entity = (entity_id: string) => ({
  entity_id,
  unique_id: null,
  domain: 'sensor',
  name: 'X',
  device_id: null,
  area: null,
  source: 'test',
  discovery_topic: null,
  config: { a: 1 },
});

// What both engines do is checked on both in persistence-engines.test.ts; this is SQLite's own way of keeping
// entity configs out of memory.
describe('persistence on SQLite', () => {
  it('keeps a written entity config in its row, read back when used; a replaced record keeps the config it had', async () => {
    const { registry, database } = await setup();
    const first = registry.upsertEntity(entity('sensor.probe'));
    // once its row is written the record reads its config from there
    await expect.poll(() => Object.hasOwn(first, 'config'), { timeout: 5_000 }).toBe(false);
    expect(first.config).toEqual({ a: 1 });
    // its JSON text is the row's, without parsing it: what JSON.stringify of the config gives
    expect(first.configJson?.()).toBe(JSON.stringify(first.config));
    database.sqlite.prepare("UPDATE entities SET config = '{\"a\":2}' WHERE entity_id = 'sensor.probe'").run();
    expect(first.config).toEqual({ a: 2 });
    expect(first.configJson?.()).toBe('{"a":2}');
    // a spread of the record carries neither (none is made)
    expect(Object.keys({ ...first })).not.toContain('configJson');
    expect(JSON.parse(JSON.stringify(first))).toMatchObject({ entity_id: 'sensor.probe', config: { a: 2 } });

    // a new record for the same entity: the one it replaces keeps what it had, the new one is read from the row
    const second = registry.upsertEntity({ ...entity('sensor.probe'), config: { a: 3 } });
    expect(first.config).toEqual({ a: 2 });
    await expect.poll(() => Object.hasOwn(second, 'config'), { timeout: 5_000 }).toBe(false);
    expect(second.config).toEqual({ a: 3 });
    expect(first.config).toEqual({ a: 2 });
    // removed: the record still has its config (and its text, from it)
    registry.removeEntity('sensor.probe');
    await expect
      .poll(
        () => database.sqlite.prepare("SELECT count(*) AS n FROM entities WHERE entity_id = 'sensor.probe'").get(),
        { timeout: 5_000 },
      )
      .toEqual({ n: 0 });
    expect(second.config).toEqual({ a: 3 });
    expect(second.configJson?.()).toBe('{"a":3}');
  });
});
