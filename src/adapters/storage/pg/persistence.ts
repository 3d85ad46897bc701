// Storage in PostgreSQL (`database_url`), the same service persistence.ts is for SQLite: at start it restores the
// registry and the latest states and loads what the synchronous ports answer from (alerts, traces, helper states,
// ESP32 devices); then it keeps the database in step with the core through the bus, every write behind the event
// loop (a PostgreSQL write is a round trip), and drops history days past the retention once a day. While the
// database cannot be reached or written, the writers hold their writes and the write guard raises one alert,
// makes health degraded and retries.
import { createPgLeaseStore } from './lease-store.js';
import { createPgRunJournal } from './run-journal.js';
import type { Unsubscribe } from '../../../core/event-bus.js';
import type { PersistenceDeps } from '../persistence.js';
import type { StorageService } from '../storage-service.js';
import { createWriteGuard } from '../write-guard.js';
import { createPgAlertStore } from './alert-store.js';
import { createPgBridgeDeviceStore } from './bridge-device-store.js';
import type { PgDatabase } from './database.js';
import { createPgHelperStateStore } from './helper-state-store.js';
import { DAY_MS } from './history-partitions.js';
import { createPgHistoryReader, purgePgHistory } from './history-reader.js';
import { pgOutageOf } from './outage.js';
import { createPgRegistryStore } from './registry-store.js';
import { createPgStateRecorder, type PgStateRecorder } from './state-recorder.js';
import { createPgTraceStore } from './trace-store.js';
import { createPgWriteQueue } from './write-queue.js';

/** how often health's answer to "does the database answer" is refreshed */
const PROBE_MS = 5_000;

/** as SQLite's service takes them, with a PostgreSQL database */
export type PgPersistenceDeps = Omit<PersistenceDeps, 'database'> & { database: PgDatabase };

export interface PgPersistence extends StorageService {
  readonly engine: 'postgres';
  readonly recorder: PgStateRecorder;
  /** resolves once every write made so far is committed (tests, and reads that must see them) */
  settle(): Promise<void>;
  purge(): Promise<number>;
}

type Loaded = {
  alerts: Awaited<ReturnType<typeof createPgAlertStore>>;
  traces: Awaited<ReturnType<typeof createPgTraceStore>>;
  helperStates: Awaited<ReturnType<typeof createPgHelperStateStore>>;
  bridgeDevices: Awaited<ReturnType<typeof createPgBridgeDeviceStore>>;
};

export function createPgPersistence(deps: PgPersistenceDeps): PgPersistence {
  const { database, log } = deps;
  const guard = createWriteGuard({
    dataDir: database.where,
    place: `at ${database.where}`,
    remedy: 'Check that PostgreSQL is running, reachable from Switchyard, has free disk space and takes writes.',
    outageOf: pgOutageOf,
    log,
  });
  // held in the order they are retried: the registry, then the others as they register with the guard
  const queue = createPgWriteQueue({ db: database.db, name: 'registry rows', log, guard });
  const store = createPgRegistryStore(database, queue);
  const recorder = createPgStateRecorder(database, {
    log,
    guard,
    ...(deps.flushIntervalMs !== undefined ? { flushIntervalMs: deps.flushIntervalMs } : {}),
    ...(deps.maxBacklog !== undefined ? { maxBacklog: deps.maxBacklog } : {}),
  });
  const history = createPgHistoryReader(database, () => recorder.flush());
  const disposers: Unsubscribe[] = [];
  let loaded: Loaded | undefined;
  let purgeTimer: NodeJS.Timeout | undefined;
  let probeTimer: NodeJS.Timeout | undefined;
  const need = (): Loaded => {
    if (!loaded) throw new Error('PostgreSQL storage is available after start()');
    return loaded;
  };

  const purge = async (): Promise<number> => {
    try {
      const removed = await purgePgHistory(
        database,
        new Date(deps.clock.now().getTime() - deps.retentionDays * DAY_MS),
      );
      if (removed > 0) log.info('history purged', { rows: removed, retention_days: deps.retentionDays });
      return removed;
    } catch (err) {
      // the next day's purge will do
      if (!guard.absorb(err)) log.error('history purge failed', { err: String(err) });
      return 0;
    }
  };

  return {
    name: 'storage',
    engine: 'postgres',
    where: database.where,
    recorder,
    history,
    guard,
    get alerts() {
      return need().alerts;
    },
    get traces() {
      return need().traces;
    },
    get helperStates() {
      return need().helperStates;
    },
    get bridgeDevices() {
      return need().bridgeDevices;
    },
    ping: () => database.ping(),
    purge,
    cluster: (holder) => ({
      leases: createPgLeaseStore(database),
      runs: createPgRunJournal(database, holder, { log, guard }),
    }),
    async settle() {
      await Promise.all([
        queue.flush(),
        recorder.flush(),
        loaded?.alerts.flush(),
        loaded?.traces.settle(),
        loaded?.helperStates.flush(),
        loaded?.bridgeDevices.flush(),
      ]);
    },
    async start() {
      const [devices, entities, states] = await Promise.all([
        store.loadDevices(),
        store.loadEntities(),
        store.loadStates(),
      ]);
      deps.registry.restore(devices, entities);
      const known = new Set(entities.map((e) => e.entity_id));
      let restored = 0;
      for (const s of states) {
        if (!known.has(s.entity_id)) continue;
        deps.states.set(s.entity_id, s.state, s.attributes, { context: s.context, restore: s });
        restored++;
      }
      const [alerts, traces, helperStates, bridgeDevices] = await Promise.all([
        createPgAlertStore(database, { clock: deps.clock, bus: deps.bus, log, guard }),
        createPgTraceStore(database, {
          log,
          guard,
          onError: (err, dropped) =>
            log.warn('could not store automation traces', {
              dropped,
              err: err instanceof Error ? err.message : String(err),
            }),
        }),
        createPgHelperStateStore(database, deps.clock, { log, guard }),
        createPgBridgeDeviceStore(database, { log, guard }),
      ]);
      loaded = { alerts, traces, helperStates, bridgeDevices };
      log.info('registry restored', { devices: devices.length, entities: entities.length, states: restored });
      guard.useAlerts(alerts);

      disposers.push(
        deps.bus.on('device_registered', (e) => store.saveDevice(e.device)),
        deps.bus.on('device_removed', (e) => store.deleteDevice(e.device.id)),
        deps.bus.on('entity_registered', (e) => {
          const previousId = e.previous?.entity_id;
          if (previousId !== undefined && previousId !== e.entity.entity_id) store.deleteEntity(previousId);
          store.saveEntity(e.entity);
        }),
        deps.bus.on('entity_removed', (e) => store.deleteEntity(e.entity.entity_id)),
        deps.bus.on('state_changed', (e) => {
          if (e.new_state && (deps.records ? deps.records(e) : e.replica !== true)) recorder.record(e.new_state);
        }),
      );
      void purge();
      purgeTimer = setInterval(() => void purge(), DAY_MS);
      purgeTimer.unref();
      probeTimer = setInterval(() => void database.probe(), PROBE_MS);
      probeTimer.unref();
    },
    async stop() {
      if (purgeTimer) clearInterval(purgeTimer);
      if (probeTimer) clearInterval(probeTimer);
      for (const off of disposers.splice(0).reverse()) off();
      const lost = recorder.lost;
      await recorder.close();
      if (recorder.lost > lost) log.error('state history not written at the stop', { rows: recorder.lost - lost });
      await queue.close();
      if (loaded) {
        await Promise.all([
          loaded.alerts.close(),
          loaded.traces.close(),
          loaded.helperStates.close(),
          loaded.bridgeDevices.close(),
        ]);
      }
      guard.stop();
    },
  };
}
