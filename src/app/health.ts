// The health report (part of the composition root): ok when MQTT is connected and the database answers and
// takes writes, else degraded. The broker is named without the user and password a URL may carry (issue 21:
// before the connection was up, the raw mqtt_url setting was shown, credentials and all). While the database
// cannot be written (disk full, read-only) the storage's write guard says why, and what waits in memory.
import type { HealthReport } from '../adapters/http/routes/health.js';
import type { MqttConnection } from '../adapters/mqtt/mqtt-connection.js';
import type { StorageStatus } from '../adapters/storage/write-guard.js';

export interface HealthWiring {
  readonly version: string;
  readonly mqttUrl: string;
  readonly mqtt: () => MqttConnection | undefined;
  /** the storage, once started: whether its database answers */
  readonly database: () => { ping(): boolean } | undefined;
  /** whether the database takes writes (the storage's write guard), once storage has started */
  readonly storage?: () => StorageStatus | undefined;
  /** true when the embedded broker was chosen */
  readonly embedded: () => boolean;
  /** one of several instances: its roles and what it exchanged */
  readonly cluster?: () => HealthReport['cluster'];
}

/** `mqtt://user:secret@host:1883` → `mqtt://host:1883`; text that is not a URL is kept up to an `@`. */
export function withoutCredentials(url: string): string {
  const tail = (): string => (url.includes('@') ? url.slice(url.lastIndexOf('@') + 1) : url);
  if (!url.includes('://')) return tail();
  try {
    const u = new URL(url);
    if (!u.username && !u.password) return url;
    u.username = '';
    u.password = '';
    return u.toString().replace(/\/$/, url.endsWith('/') ? '/' : '');
  } catch {
    return tail();
  }
}

export function createHealth(w: HealthWiring): () => HealthReport {
  const startedAt = Date.now();
  return () => {
    const mqtt = w.mqtt();
    const mqttUp = mqtt?.connected ?? false;
    const dbOk = w.database()?.ping() ?? false;
    const storage = w.storage?.();
    const cluster = w.cluster?.();
    const writable = storage?.writable ?? true;
    const sum = (r: Record<string, number> | undefined) => Object.values(r ?? {}).reduce((a, b) => a + b, 0);
    const broker = w.embedded() ? 'embedded' : withoutCredentials(mqtt?.brokerUrl ?? (w.mqttUrl || 'embedded'));
    const reasons = [
      ...(mqttUp
        ? []
        : [`the MQTT broker (${broker}) is not connected: commands are refused until it is back; reconnecting`]),
      ...(dbOk ? [] : ['the database does not answer: states are not stored']),
      ...(writable || storage?.reason === undefined ? [] : [storage.reason]),
    ];
    return {
      status: mqttUp && dbOk && writable ? 'ok' : 'degraded',
      version: w.version,
      uptime_s: Math.round((Date.now() - startedAt) / 1000),
      mqtt: { connected: mqttUp, broker },
      database: {
        ok: dbOk,
        // what waits is told while the database refuses writes (at other times it is the usual write-behind)
        ...(storage
          ? { writable, dropped: sum(storage.dropped), ...(writable ? {} : { waiting: sum(storage.waiting) }) }
          : {}),
      },
      ...(reasons.length > 0 ? { reasons } : {}),
      ...(cluster ? { cluster } : {}),
    };
  };
}
