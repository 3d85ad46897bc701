// What the caller of createApp (main.ts, the tests, the bench) may set besides the settings: its own
// type, so the composition root's parts (src/app/*.ts) need not import app.ts for it.
import type { MqttEnv } from '../adapters/supervisor/resolve-mqtt.js';
import type { Clock } from '../core/clock.js';
import type { Logger } from '../core/logger.js';

export interface AppOptions {
  version: string;
  log?: Logger;
  clock?: Clock;
  /** ':memory:' for tests; defaults to <data_dir>/switchyard.db */
  databasePath?: string;
  /** SUPERVISOR_TOKEN / SUPERVISOR_URL: main.ts passes process.env; without them no Supervisor is asked */
  env?: MqttEnv & { SWITCHYARD_EXAMPLES_DIR?: string | undefined };
  /** how long MQTT start waits for the first connection */
  mqttStartWaitMs?: number;
  /** how long start waits for each MQTT profile broker (default 1.5 s; they connect side by side and keep retrying) */
  mqttProfileStartWaitMs?: number;
  /** how often buffered state history is written */
  historyFlushMs?: number;
  /** the announcer's start-up window for finding stale configs (default 5 s) */
  announceWindowMs?: number;
  /** random delay before re-announcing when Home Assistant comes online (default 1–5 s) */
  reannounceDelayMs?: readonly [number, number];
  /** how long an ESP32 command may wait for its confirmation (default 5 s) */
  commandTimeoutMs?: number;
  /** the largest camera frame or image kept (default 4 MiB, the broker's largest packet) */
  maxImageBytes?: number;
  /** all camera frames and images kept together (default 64 MiB) */
  maxImageTotalBytes?: number;
  /** told when a bulk load of discovered entities starts and ends (main.ts relaxes the GC meanwhile) */
  onBulkLoad?: (busy: boolean) => void;
}
