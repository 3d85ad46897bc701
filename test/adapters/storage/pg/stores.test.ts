// The PostgreSQL helper-state and bridge-device stores against the SQLite ones, both real: the same saves and
// removes give the same load(), the tables end up holding the same rows, and stores opened again on the same
// database load them all.
import { afterEach, describe, expect, it } from 'vitest';
import { createBridgeDeviceStore } from '../../../../src/adapters/storage/bridge-device-store.js';
import { openDatabase } from '../../../../src/adapters/storage/database.js';
import { createHelperStateStore } from '../../../../src/adapters/storage/helper-state-store.js';
import { createPgBridgeDeviceStore } from '../../../../src/adapters/storage/pg/bridge-device-store.js';
import { openPostgres } from '../../../../src/adapters/storage/pg/database.js';
import { createPgHelperStateStore } from '../../../../src/adapters/storage/pg/helper-state-store.js';
import type { BridgeDeviceRecord } from '../../../../src/core/ports.js';
import { silentLogger } from '../../../../src/core/logger.js';
import { random } from './store-fixtures.js';
import { freshPostgresDatabase, postgresAvailable, postgresRequired } from '../../../helpers/postgres.js';

const cleanup: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const fn of cleanup.splice(0).reverse()) await fn();
});

async function databases() {
  const sqlite = await openDatabase(':memory:');
  cleanup.push(() => sqlite.close());
  const pg = await openPostgres(await freshPostgresDatabase('stores'));
  cleanup.push(() => pg.close());
  return { sqlite, pg };
}

const byKey = <T>(xs: T[], key: (x: T) => string) => [...xs].sort((a, b) => key(a).localeCompare(key(b)));
const pause = async (r: ReturnType<typeof random>, flush: () => Promise<void>) => {
  const p = r.next();
  if (p < 0.05) await flush();
  else if (p < 0.15) await new Promise((resolve) => setImmediate(resolve));
};

describe.skipIf(!postgresAvailable && !postgresRequired)('PostgreSQL helper-state and bridge-device stores', () => {
  it('helper states: the same load() as SQLite after every change, the same rows, and after a restart', async () => {
    const d = await databases();
    let now = Date.parse('2026-12-06T10:00:00Z');
    const clock = { now: () => new Date(now) };
    const sqlite = createHelperStateStore(d.sqlite.sqlite, clock);
    const open = async () => {
      const store = await createPgHelperStateStore(d.pg, clock, { log: silentLogger });
      cleanup.push(() => store.close());
      return store;
    };
    const pg = await open();
    const r = random(5);
    const entities = ['input_boolean.a', 'input_number.b', 'timer.c', 'counter.d', 'input_text.e'];
    for (let i = 0; i < 400; i++) {
      now += 1_000;
      await pause(r, () => pg.flush());
      const entity = r.pick(entities);
      if (r.next() < 0.7) {
        const last = { state: `s${i}`, attributes: { n: i, nested: { on: r.next() < 0.5 }, list: [i, 'x'] } };
        sqlite.save(entity, last);
        pg.save(entity, last);
      } else {
        sqlite.remove(entity);
        pg.remove(entity);
      }
      // in the same order too: SQLite's rowid order, which memory keeps (a helper removed and saved again last)
      expect([...pg.load()]).toEqual([...sqlite.load()]);
    }
    await pg.flush();
    const rows = await d.pg.db.selectFrom('helper_states').selectAll().orderBy('entity_id').execute();
    expect(rows).toEqual(d.sqlite.sqlite.prepare('select * from helper_states order by entity_id').all());
    await pg.close();
    const again = await open();
    const loaded = (m: Map<string, unknown>) => byKey([...m], ([id]) => id);
    expect(loaded(again.load())).toEqual(loaded(sqlite.load()));
    expect(again.load().size).toBeGreaterThan(0);
  });

  it('bridge devices: the same load() as SQLite after every change, the same rows, and after a restart', async () => {
    const d = await databases();
    const sqlite = createBridgeDeviceStore(d.sqlite);
    const open = async () => {
      const store = await createPgBridgeDeviceStore(d.pg, { log: silentLogger });
      cleanup.push(() => store.close());
      return store;
    };
    const pg = await open();
    const r = random(9);
    const devices = ['esp-1', 'esp-2', 'esp-3', 'esp-4'];
    for (let i = 0; i < 400; i++) {
      await pause(r, () => pg.flush());
      const device_id = r.pick(devices);
      if (r.next() < 0.75) {
        const record: BridgeDeviceRecord = {
          device_id,
          capabilities: { relays: Math.floor(r.next() * 4), fw: `1.${i}` },
          metrics: r.next() < 0.5 ? {} : { rssi: -50 - i, uptime_s: i },
          last_seen: r.next() < 0.2 ? null : new Date(Date.UTC(2026, 11, 6, 0, 0, i)).toISOString(),
        };
        sqlite.save(record);
        pg.save(record);
      } else {
        sqlite.remove(device_id);
        pg.remove(device_id);
      }
      expect(pg.load()).toEqual(sqlite.load());
    }
    await pg.flush();
    const rows = await d.pg.db.selectFrom('bridge_devices').selectAll().orderBy('device_id').execute();
    expect(rows).toEqual(d.sqlite.sqlite.prepare('select * from bridge_devices order by device_id').all());
    await pg.close();
    const again = await open();
    const id = (x: BridgeDeviceRecord) => x.device_id;
    expect(byKey(again.load(), id)).toEqual(byKey(sqlite.load(), id));
    expect(again.load().length).toBeGreaterThan(0);
  });
});
