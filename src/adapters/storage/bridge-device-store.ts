import type { BridgeDeviceRecord, BridgeDeviceStore } from '../../core/ports.js';
import type { Database } from './database.js';
import type { BridgeDevicesTable } from './db-schema.js';
import { prepareQuery, standIns } from './prepared.js';

export function createBridgeDeviceStore({ db, sqlite }: Pick<Database, 'db' | 'sqlite'>): BridgeDeviceStore {
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
  return {
    load: () =>
      all.all({}).map((r) => ({
        device_id: r.device_id,
        capabilities: JSON.parse(r.capabilities) as Record<string, unknown>,
        metrics: JSON.parse(r.metrics) as Record<string, unknown>,
        last_seen: r.last_seen,
      })),
    save: (r: BridgeDeviceRecord) => {
      const { device_id, last_seen } = r;
      upsert.run({
        device_id,
        capabilities: JSON.stringify(r.capabilities),
        metrics: JSON.stringify(r.metrics),
        last_seen,
      });
    },
    remove: (deviceId) => {
      del.run({ device_id: deviceId });
    },
  };
}
