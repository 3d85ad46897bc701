import type BetterSqlite3 from 'better-sqlite3';
import type { BridgeDeviceRecord, BridgeDeviceStore } from '../../core/ports.js';

interface Row {
  device_id: string;
  capabilities: string;
  metrics: string;
  last_seen: string | null;
}

export function createBridgeDeviceStore(sqlite: BetterSqlite3.Database): BridgeDeviceStore {
  const upsert = sqlite.prepare(`INSERT INTO bridge_devices (device_id, capabilities, metrics, last_seen) VALUES (?, ?, ?, ?)
    ON CONFLICT (device_id) DO UPDATE SET capabilities = excluded.capabilities, metrics = excluded.metrics, last_seen = excluded.last_seen`);
  const del = sqlite.prepare('DELETE FROM bridge_devices WHERE device_id = ?');
  return {
    load: () =>
      (sqlite.prepare('SELECT * FROM bridge_devices').all() as Row[]).map((r) => ({
        device_id: r.device_id,
        capabilities: JSON.parse(r.capabilities) as Record<string, unknown>,
        metrics: JSON.parse(r.metrics) as Record<string, unknown>,
        last_seen: r.last_seen,
      })),
    save: (r: BridgeDeviceRecord) => upsert.run(r.device_id, JSON.stringify(r.capabilities), JSON.stringify(r.metrics), r.last_seen),
    remove: (deviceId) => del.run(deviceId),
  };
}
