// The config texts the registry scan holds for start-up (loaded-configs.ts): the records loaded at start give
// what their rows hold without reading them again, and the texts go once start-up is through with them.
import { afterEach, describe, expect, it, vi } from 'vitest';
import { openDatabase, type Database } from '../../../src/adapters/storage/database.js';
import { LoadedConfigs, READ_AHEAD, RELEASE_MS, UNUSED_MS } from '../../../src/adapters/storage/loaded-configs.js';
import { createRegistryStore } from '../../../src/adapters/storage/registry-store.js';
import type { Entity } from '../../../src/core/model.js';

const open: Database[] = [];
afterEach(async () => {
  vi.useRealTimers();
  for (const db of open.splice(0)) await db.close();
});

const entity = (entity_id: string, config: Record<string, unknown>): Entity => ({
  entity_id,
  unique_id: null,
  domain: 'sensor',
  name: 'X',
  device_id: null,
  area: null,
  source: 'mqtt_discovery',
  discovery_topic: `homeassistant/sensor/${entity_id}/config`,
  config,
});

/** a database with rows for `configs` (entity id → config), and a store of its own over it, as after a restart */
async function restarted(configs: Record<string, Record<string, unknown>>) {
  const database = await openDatabase(':memory:');
  open.push(database);
  const writer = createRegistryStore(database);
  for (const [id, config] of Object.entries(configs)) writer.saveEntity(entity(id, config));
  const store = createRegistryStore(database);
  // what changes a row behind the store's back: only to tell a held text from a read one
  const setRow = (id: string, text: string) =>
    database.sqlite.prepare('UPDATE entities SET config = ? WHERE entity_id = ?').run(text, id);
  return { database, store, setRow };
}

describe('the config texts held at start', () => {
  it('serves the records loaded at start from texts read ahead, until the comparison takes each', async () => {
    const { store, setRow } = await restarted({ 'sensor.a': { a: 1 }, 'sensor.b': { b: 1 } });
    const [a, b] = store.loadEntities() as [Entity, Entity];
    // the same records as before: fast properties in the same order, no config of their own
    expect(Object.keys(a)).toEqual([
      'entity_id',
      'unique_id',
      'domain',
      'name',
      'device_id',
      'area',
      'source',
      'discovery_topic',
      'updated_at',
    ]);
    expect(Object.hasOwn(a, 'config')).toBe(false);
    // the first asked for reads ahead: the restore's read, then the comparison's, which is the text's last use
    expect(a.config).toEqual({ a: 1 });
    setRow('sensor.a', '{"a":2}');
    setRow('sensor.b', '{"b":2}');
    expect(a.configJson?.()).toBe('{"a":1}');
    // from then on the row is read, as for any record
    expect(a.config).toEqual({ a: 2 });
    expect(a.configJson?.()).toBe('{"a":2}');
    // read with a's
    expect(b.configJson?.()).toBe('{"b":1}');
    expect(b.configJson?.()).toBe('{"b":2}');
  });

  it('gives every record the text of its row, read in batches, whatever order they are asked in', async () => {
    const configs = Object.fromEntries(
      Array.from({ length: READ_AHEAD * 2 + 10 }, (_, i) => [`sensor.s${i}`, { n: i }]),
    );
    const { store } = await restarted(configs);
    const records = store.loadEntities();
    for (const r of [...records.slice(300), ...records.slice(0, 300)]) expect(r.config).toEqual(configs[r.entity_id]);
    for (const r of records) expect(r.configJson?.()).toBe(JSON.stringify(configs[r.entity_id]));
  });

  it('drops the text of a row the store writes, deletes or settles a record for', async () => {
    const { store, setRow } = await restarted({ 'sensor.a': { a: 1 }, 'sensor.b': { b: 1 }, 'sensor.c': { c: 1 } });
    const [a, b, c] = store.loadEntities() as [Entity, Entity, Entity];
    store.saveEntity(entity('sensor.a', { a: 5 }))();
    expect(a.config).toEqual({ a: 5 });
    store.settleEntity(b);
    setRow('sensor.b', '{"b":9}');
    expect(b.config).toEqual({ b: 1 }); // its own now
    store.deleteEntity('sensor.c');
    expect(c.config).toEqual({}); // no row: the empty config a missing row always gave
  });

  it('lets go of every text once start-up has stopped asking for them', async () => {
    vi.useFakeTimers();
    const { store, setRow } = await restarted({ 'sensor.a': { a: 1 }, 'sensor.b': { b: 1 } });
    const [a, b] = store.loadEntities() as [Entity, Entity];
    vi.advanceTimersByTime(RELEASE_MS * 3); // nothing asked yet: kept (the restore may start late)
    expect(a.config).toEqual({ a: 1 });
    vi.advanceTimersByTime(RELEASE_MS);
    setRow('sensor.b', '{"b":2}');
    expect(b.config).toEqual({ b: 1 }); // still in use
    vi.advanceTimersByTime(RELEASE_MS * 2);
    expect(b.config).toEqual({ b: 2 }); // released: read from its row
  });
});

describe('LoadedConfigs', () => {
  // rowid order: x, y, z
  const table = [
    { entity_id: 'x', config: '{"x":1}', row: 1 },
    { entity_id: 'y', config: '{"y":1}', row: 2 },
    { entity_id: 'z', config: '{"z":1}', row: 3 },
  ];
  const reads: number[] = [];
  const held = () =>
    new LoadedConfigs((from) => {
      reads.push(from);
      return table.filter((r) => r.row >= from).slice(0, 2);
    });

  it('reads the texts ahead from the first one asked for, each row once', () => {
    reads.length = 0;
    const texts = held();
    texts.expect(table);
    expect(reads).toEqual([]);
    expect(texts.peek('y')).toBe('{"y":1}');
    expect(texts.peek('z')).toBe('{"z":1}');
    expect(texts.peek('x')).toBe('{"x":1}');
    expect(texts.peek('unknown')).toBeUndefined();
    expect(reads).toEqual([2, 1]);
    texts.release();
  });

  it('keeps texts nobody asked for at most UNUSED_MS', () => {
    vi.useFakeTimers();
    const texts = held();
    texts.expect(table);
    vi.advanceTimersByTime(UNUSED_MS - RELEASE_MS);
    expect(texts.size).toBe(3);
    vi.advanceTimersByTime(RELEASE_MS);
    expect(texts.size).toBe(0);
  });

  it('gives a text until it is taken or forgotten, and goes once all are taken', () => {
    vi.useFakeTimers();
    const texts = held();
    texts.expect(table.slice(0, 2));
    expect(texts.peek('x')).toBe('{"x":1}');
    expect(texts.take('x')).toBe('{"x":1}');
    expect(texts.peek('x')).toBeUndefined();
    texts.forget('y');
    expect(texts.take('y')).toBeUndefined();
    expect(texts.size).toBe(0);
    vi.advanceTimersByTime(RELEASE_MS);
    expect(vi.getTimerCount()).toBe(0); // nothing left to hold: no timer either
  });
});
