// The ESP32 bridge's devices (table `bridge_devices`): capabilities, metrics and when each was last seen. While
// the database cannot be written (write-guard.ts) the latest change of each device waits in memory (one per
// device: nothing is dropped) and the guard's rounds write them.
import type { BridgeDeviceRecord, BridgeDeviceStore } from '../../core/ports.js';
import type { Database } from './database.js';
import type { BridgeDevicesTable } from './db-schema.js';
import { prepareQuery, standIns } from './prepared.js';
import { keyedWrites } from './keyed-writes.js';
import type { WriteGuardPort } from './write-guard.js';

export function createBridgeDeviceStore(
  { db, sqlite }: Pick<Database, 'db' | 'sqlite'>,
  guard?: WriteGuardPort,
): BridgeDeviceStore {
  const upsert = prepareQuery(sqlite, (p: BridgeDevicesTable) =>
    db
      .insertInto('bridge_devices')
      .values(standIns(p, ['device_id', 'capabilities', 'metrics', 'last_seen']))
      .onConflict((oc) =>
        oc.column('device_id').doUpdateSet((eb) => ({
          capabilities: eb.ref('excluded.capabilities'),
          metrics: eb.ref('excluded.metrics'),
          last_seen: eb.ref('excluded.last_seen'),
        })),
      ),
  );
  const del = prepareQuery(sqlite, (p: { device_id: string }) =>
    db.deleteFrom('bridge_devices').where('device_id', '=', p.device_id),
  );
  const all = prepareQuery(sqlite, () => db.selectFrom('bridge_devices').selectAll());
  const write = (device_id: string, row: BridgeDevicesTable | null) => {
    if (row) upsert.run(row);
    else del.run({ device_id });
  };
  const save = keyedWrites<BridgeDevicesTable>(sqlite, 'bridge devices', write, guard);
  return {
    // read at start, before anything is held
    load: () =>
      all.all({}).map((r) => ({
        device_id: r.device_id,
        capabilities: JSON.parse(r.capabilities) as Record<string, unknown>,
        metrics: JSON.parse(r.metrics) as Record<string, unknown>,
        last_seen: r.last_seen,
      })),
    save: (r: BridgeDeviceRecord) => {
      const { device_id, last_seen } = r;
      save(device_id, {
        device_id,
        capabilities: JSON.stringify(r.capabilities),
        metrics: JSON.stringify(r.metrics),
        last_seen,
      });
    },
    remove: (deviceId) => save(deviceId, null),
  };
}
