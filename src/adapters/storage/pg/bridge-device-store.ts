// The ESP32 bridge's devices in PostgreSQL (table `bridge_devices`), as bridge-device-store.ts keeps them in
// SQLite. load() is synchronous and PostgreSQL a round trip away, so the rows are read when the store is made and
// kept in memory, changed by each save and remove (load() answers what SQLite would read back); each change is
// written behind under its device (pg/write-queue.ts), so only a device's latest change waits, also during an
// outage.
import type { BridgeDeviceRecord, BridgeDeviceStore } from '../../../core/ports.js';
import type { Logger } from '../../../core/logger.js';
import type { BridgeDevicesTable } from '../db-schema.js';
import type { WriteGuardPort } from '../write-guard.js';
import type { PgDatabase } from './database.js';
import { createPgWriteQueue } from './write-queue.js';

export interface PgBridgeDeviceStore extends BridgeDeviceStore {
  /** resolves once every change made before the call is written (at once during an outage) */
  flush(): Promise<void>;
  /** writes what waits and stops writing */
  close(): Promise<void>;
}

export async function createPgBridgeDeviceStore(
  database: Pick<PgDatabase, 'db'>,
  deps: { log: Logger; guard?: WriteGuardPort },
): Promise<PgBridgeDeviceStore> {
  const { db } = database;
  const rows = await db.selectFrom('bridge_devices').selectAll().execute();
  // rows as the table holds them (JSON text): each load() parses objects of its own, as SQLite's does
  const current = new Map<string, BridgeDevicesTable>(rows.map((r) => [r.device_id, r]));
  const queue = createPgWriteQueue({ db, name: 'bridge devices', log: deps.log, guard: deps.guard });
  return {
    load: () =>
      [...current.values()].map((r) => ({
        device_id: r.device_id,
        capabilities: JSON.parse(r.capabilities) as Record<string, unknown>,
        metrics: JSON.parse(r.metrics) as Record<string, unknown>,
        last_seen: r.last_seen,
      })),
    save(r: BridgeDeviceRecord) {
      const row: BridgeDevicesTable = {
        device_id: r.device_id,
        capabilities: JSON.stringify(r.capabilities),
        metrics: JSON.stringify(r.metrics),
        last_seen: r.last_seen,
      };
      current.set(r.device_id, row);
      queue.add(
        (tx) =>
          tx
            .insertInto('bridge_devices')
            .values(row)
            .onConflict((oc) =>
              oc.column('device_id').doUpdateSet((eb) => ({
                capabilities: eb.ref('excluded.capabilities'),
                metrics: eb.ref('excluded.metrics'),
                last_seen: eb.ref('excluded.last_seen'),
              })),
            )
            .execute(),
        r.device_id,
      );
    },
    remove(deviceId) {
      current.delete(deviceId);
      queue.add((tx) => tx.deleteFrom('bridge_devices').where('device_id', '=', deviceId).execute(), deviceId);
    },
    flush: () => queue.flush(),
    close: () => queue.close(),
  };
}
