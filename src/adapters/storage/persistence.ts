// The storage service: restores the registry and last states at start, then keeps SQLite in step with
// the core by listening to the bus (registry changes written at once, state changes in batches), and
// purges history past the retention once a day. While the database cannot be written (disk full, read-only)
// every writer holds its writes and the write guard (write-guard.ts) tries them again until it can.
import { dirname } from 'node:path';
import type { Unsubscribe, EventBus } from '../../core/event-bus.js';
import type { CoreEvents } from '../../core/events.js';
import type { Logger } from '../../core/logger.js';
import type { Registry } from '../../core/registry.js';
import type { StateStore } from '../../core/state-store.js';
import type { Clock } from '../../core/clock.js';
import type { Database } from './database.js';
import { createAlertStore } from './alert-store.js';
import { createBridgeDeviceStore } from './bridge-device-store.js';
import { createHistoryReader, purgeHistory } from './history-reader.js';
import { createRegistryStore } from './registry-store.js';
import { createStateRecorder, type StateRecorder } from './state-recorder.js';
import type { StorageService } from './storage-service.js';
import { createHelperStateStore } from './helper-state-store.js';
import { createTraceStore, type BufferedTraceStore } from './trace-store.js';
import { outageOf } from './unwritable.js';
import { createWriteGuard } from './write-guard.js';

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
  /** history rows held at most while the database cannot be written (history-backlog.ts) */
  maxBacklog?: number;
  /**
   * which state changes this instance stores (default: its own, not another instance's replica); several instances
   * store each change once (app/cluster.ts)
   */
  records?: ((change: CoreEvents['state_changed']) => boolean) | undefined;
}

export interface Persistence extends StorageService {
  readonly engine: 'sqlite';
  readonly recorder: StateRecorder;
  readonly traces: BufferedTraceStore;
  /** run the retention purge now; returns the rows removed */
  purge(): number;
}

export function createPersistence(deps: PersistenceDeps): Persistence {
  const { sqlite } = deps.database;
  const store = createRegistryStore(deps.database);
  const guard = createWriteGuard({
    dataDir: deps.database.path === ':memory:' ? ':memory:' : dirname(deps.database.path),
    log: deps.log,
  });
  const disposers: Unsubscribe[] = [];
  let purgeTimer: NodeJS.Timeout | undefined;

  // Registry changes come in bursts (a discovery storm registers thousands of entities): each is queued
  // under its row and the queue written in one transaction at most REGISTRY_FLUSH_MS later (and on
  // stop), instead of one autocommit per change. A later change to the same row replaces the earlier
  // one; rows of different keys are independent, so the order between them does not matter. While the
  // database cannot be written the queue waits for the guard's rounds (one row per key: nothing is dropped).
  // each write may return what to do once it is committed (saveEntity: its record then reads its config from the row)
  const pendingRows = new Map<string, () => unknown>();
  let flushScheduled: NodeJS.Timeout | undefined;
  let registryLost = 0;
  const writeRows = sqlite.transaction((writes: (() => unknown)[]) => writes.map((write) => write()));
  /** writes the queue in one transaction; throws what the database says, the queue kept */
  const writeRegistry = () => {
    if (pendingRows.size === 0 || !sqlite.open) return;
    const committed = writeRows([...pendingRows.values()]);
    pendingRows.clear();
    for (const done of committed) if (typeof done === 'function') done();
  };
  /** rows the database refuses for a reason that will not pass (not an outage) are logged and counted */
  const dropRegistry = (err: unknown) => {
    registryLost += pendingRows.size;
    deps.log.error('registry rows not written', { rows: pendingRows.size, lost_total: registryLost, err: String(err) });
    pendingRows.clear();
  };
  const flushRegistry = () => {
    if (flushScheduled) clearTimeout(flushScheduled);
    flushScheduled = undefined;
    try {
      writeRegistry();
    } catch (err) {
      if (!guard.absorb(err)) dropRegistry(err);
    }
  };
  const queueRow = (key: string, write: () => unknown) => {
    pendingRows.delete(key); // re-inserted at the end: the newest change is written last
    pendingRows.set(key, write);
    if (!flushScheduled && guard.writable) {
      flushScheduled = setTimeout(flushRegistry, REGISTRY_FLUSH_MS);
      flushScheduled.unref();
    }
  };

  // held in the order they are retried: the registry, the alerts, the history (its writer registers it), the purge
  guard.add({
    name: 'registry rows',
    waiting: () => pendingRows.size,
    dropped: () => registryLost,
    retry() {
      try {
        writeRegistry();
      } catch (err) {
        if (outageOf(err)) throw err;
        dropRegistry(err);
      }
    },
  });
  const alerts = createAlertStore(sqlite, deps.clock, deps.bus, guard);
  const recorder = createStateRecorder(sqlite, {
    guard,
    ...(deps.flushIntervalMs !== undefined ? { flushIntervalMs: deps.flushIntervalMs } : {}),
    ...(deps.maxBacklog !== undefined ? { maxBacklog: deps.maxBacklog } : {}),
  });
  let purgeDue = false;
  const runPurge = () => {
    const removed = purgeHistory(sqlite, new Date(deps.clock.now().getTime() - deps.retentionDays * DAY_MS));
    purgeDue = false;
    if (removed > 0) deps.log.info('history purged', { rows: removed, retention_days: deps.retentionDays });
    return removed;
  };
  const purge = () => {
    try {
      return runPurge();
    } catch (err) {
      if (!guard.absorb(err)) throw err;
      purgeDue = true;
      return 0;
    }
  };
  guard.add({
    name: 'history purge',
    waiting: () => (purgeDue ? 1 : 0),
    dropped: () => 0,
    retry() {
      if (!purgeDue) return;
      try {
        runPurge();
      } catch (err) {
        // the next day's purge will do
        if (!outageOf(err)) purgeDue = false;
        throw err;
      }
    },
  });

  return {
    name: 'storage',
    engine: 'sqlite',
    where: deps.database.path,
    recorder,
    alerts,
    guard,
    traces: createTraceStore(sqlite, {
      guard,
      onError: (err, dropped) =>
        deps.log.warn('could not store automation traces', {
          dropped,
          err: err instanceof Error ? err.message : String(err),
        }),
    }),
    helperStates: createHelperStateStore(sqlite, deps.clock, guard),
    ping: () => deps.database.ping(),
    bridgeDevices: createBridgeDeviceStore(deps.database, guard),
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
      guard.useAlerts(alerts);

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
          if (e.new_state && (deps.records ? deps.records(e) : e.replica !== true)) recorder.record(e.new_state);
        }),
      );
      purge();
      purgeTimer = setInterval(purge, DAY_MS);
      purgeTimer.unref();
    },
    async stop() {
      if (purgeTimer) clearInterval(purgeTimer);
      for (const off of disposers.splice(0).reverse()) off();
      const outage = recorder.outage;
      const lost = recorder.lost;
      recorder.close();
      if (recorder.lost > lost)
        deps.log.error('state history not written at the stop', {
          rows: recorder.lost - lost,
          err: outage ? `${outage.code}: ${outage.message}` : undefined,
        });
      // writes the registry rows still queued (and anything else held)
      if (flushScheduled) clearTimeout(flushScheduled);
      flushScheduled = undefined;
      purgeDue = false;
      guard.stop();
    },
  };
}
