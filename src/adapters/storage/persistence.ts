// The storage service: restores the registry and last states at start, then keeps SQLite in step with
// the core by listening to the bus (registry changes written at once, state changes in batches), and
// purges history past the retention once a day.
import type { Unsubscribe, EventBus } from '../../core/event-bus.js';
import type { CoreEvents } from '../../core/events.js';
import type { Logger } from '../../core/logger.js';
import type { AlertStore } from '../../core/alerts.js';
import type { BridgeDeviceStore, HistoryReader, Service } from '../../core/ports.js';
import type { Registry } from '../../core/registry.js';
import type { StateStore } from '../../core/state-store.js';
import type { Clock } from '../../core/clock.js';
import type { Database } from './database.js';
import { createAlertStore } from './alert-store.js';
import { createBridgeDeviceStore } from './bridge-device-store.js';
import { createHistoryReader, purgeHistory } from './history-reader.js';
import { createRegistryStore } from './registry-store.js';
import { createStateRecorder, type StateRecorder } from './state-recorder.js';

const DAY_MS = 24 * 60 * 60 * 1000;
const REGISTRY_FLUSH_MS = 50;

export interface PersistenceDeps {
  database: Database;
  bus: EventBus<CoreEvents>;
  registry: Registry;
  states: StateStore;
  clock: Clock;
  log: Logger;
  retentionDays: number;
  flushIntervalMs?: number;
}

export interface Persistence extends Service {
  readonly history: HistoryReader;
  readonly recorder: StateRecorder;
  readonly alerts: AlertStore;
  readonly bridgeDevices: BridgeDeviceStore;
  /** run the retention purge now; returns the rows removed */
  purge(): number;
}

export function createPersistence(deps: PersistenceDeps): Persistence {
  const { sqlite } = deps.database;
  const store = createRegistryStore(deps.database);
  const recorder = createStateRecorder(
    sqlite,
    deps.flushIntervalMs !== undefined ? { flushIntervalMs: deps.flushIntervalMs } : {},
  );
  const disposers: Unsubscribe[] = [];
  let purgeTimer: NodeJS.Timeout | undefined;

  // Registry changes come in bursts (a discovery storm registers thousands of entities): each is queued
  // under its row and the queue written in one transaction at most REGISTRY_FLUSH_MS later (and on
  // stop), instead of one autocommit per change. A later change to the same row replaces the earlier
  // one; rows of different keys are independent, so the order between them does not matter.
  const pendingRows = new Map<string, () => void>();
  let flushScheduled: NodeJS.Timeout | undefined;
  const writeRows = sqlite.transaction((writes: (() => void)[]) => {
    for (const write of writes) write();
  });
  const flushRegistry = () => {
    if (flushScheduled) clearTimeout(flushScheduled);
    flushScheduled = undefined;
    if (pendingRows.size === 0 || !sqlite.open) return;
    const writes = [...pendingRows.values()];
    pendingRows.clear();
    writeRows(writes);
  };
  const queueRow = (key: string, write: () => void) => {
    pendingRows.delete(key); // re-inserted at the end: the newest change is written last
    pendingRows.set(key, write);
    if (!flushScheduled) {
      flushScheduled = setTimeout(flushRegistry, REGISTRY_FLUSH_MS);
      flushScheduled.unref();
    }
  };

  const purge = () => {
    const removed = purgeHistory(sqlite, new Date(deps.clock.now().getTime() - deps.retentionDays * DAY_MS));
    if (removed > 0) deps.log.info('history purged', { rows: removed, retention_days: deps.retentionDays });
    return removed;
  };

  return {
    name: 'storage',
    recorder,
    alerts: createAlertStore(sqlite, deps.clock, deps.bus),
    bridgeDevices: createBridgeDeviceStore(deps.database),
    history: createHistoryReader(sqlite, () => recorder.flush()),
    purge,
    async start() {
      const devices = store.loadDevices();
      const entities = store.loadEntities();
      deps.registry.restore(devices, entities);
      const known = new Set(entities.map((e) => e.entity_id));
      let restored = 0;
      for (const s of store.loadStates()) {
        if (!known.has(s.entity_id)) continue;
        deps.states.set(s.entity_id, s.state, s.attributes, { context: s.context, restore: s });
        restored++;
      }
      deps.log.info('registry restored', { devices: devices.length, entities: entities.length, states: restored });

      disposers.push(
        deps.bus.on('device_registered', (e) => queueRow(`d:${e.device.id}`, () => store.saveDevice(e.device))),
        deps.bus.on('device_removed', (e) => queueRow(`d:${e.device.id}`, () => store.deleteDevice(e.device.id))),
        deps.bus.on('entity_registered', (e) => {
          // a record loaded at start may not have read its config yet: read it before its row changes
          store.settleEntity(e.previous);
          const previousId = e.previous?.entity_id;
          if (previousId !== undefined && previousId !== e.entity.entity_id)
            queueRow(`e:${previousId}`, () => store.deleteEntity(previousId));
          queueRow(`e:${e.entity.entity_id}`, () => store.saveEntity(e.entity));
        }),
        deps.bus.on('entity_removed', (e) => {
          store.settleEntity(e.entity);
          queueRow(`e:${e.entity.entity_id}`, () => store.deleteEntity(e.entity.entity_id));
        }),
        deps.bus.on('state_changed', (e) => {
          if (e.new_state) recorder.record(e.new_state);
        }),
      );
      purge();
      purgeTimer = setInterval(purge, DAY_MS);
      purgeTimer.unref();
    },
    async stop() {
      if (purgeTimer) clearInterval(purgeTimer);
      for (const off of disposers.splice(0).reverse()) off();
      flushRegistry();
      recorder.close();
    },
  };
}
