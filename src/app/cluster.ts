// Several instances on one shared broker and one PostgreSQL (part of the composition root; docs/scale-out.md). With
// `cluster_instance` set, this instance: takes its share of the state topics (shared subscriptions, made by the MQTT
// connection's share group), publishes the state changes it made and applies the others' (state-exchange.ts),
// claims the `automations` and `announcer` leases (leadership.ts), runs a fired trigger only while it holds
// `automations` (firing-gate.ts) and journals its runs in progress, and runs the announcer and the ESP32 bridge
// only while it holds `announcer`. Taking `automations` over, it records the runs the instance before it left
// unfinished as aborted, then runs what fired while no instance led.
import { randomBytes } from 'node:crypto';
import { createFiringGate, type FiringGateCounts } from '../adapters/cluster/firing-gate.js';
import { createLeadership, type Leadership } from '../adapters/cluster/leadership.js';
import { CLUSTER_PREFIX, createStateExchange, type StateExchangeCounts } from '../adapters/cluster/state-exchange.js';
import { BRIDGE_STATUS_TOPIC } from '../adapters/esp32/ha-configs.js';
import type { DiscoveryConsumer } from '../adapters/discovery/discovery-consumer.js';
import { DISCOVERY_SOURCE } from '../adapters/discovery/entity-builder.js';
import { ESP32_SOURCE } from '../adapters/esp32/device-session.js';
import type { ClusterStorage, StorageService } from '../adapters/storage/storage-service.js';
import type { AutomationCluster } from '../automations/cluster-ports.js';
import type { AutomationEngine } from '../automations/engine-types.js';
import type { Settings } from '../config/settings.js';
import type { Clock } from '../core/clock.js';
import { DISCOVERY_ORIGIN } from '../core/context.js';
import type { EventBus } from '../core/event-bus.js';
import type { CoreEvents } from '../core/events.js';
import type { Logger } from '../core/logger.js';
import type { MessageBus, Service } from '../core/ports.js';
import type { Registry } from '../core/registry.js';
import type { StateStore } from '../core/state-store.js';

/** the MQTT share group of every instance (`$share/switchyard/<topic>`) */
export const SHARE_GROUP = 'switchyard';
export const ROLES = ['automations', 'announcer'] as const;
export type Role = (typeof ROLES)[number];

export interface ClusterStatus {
  instance: string;
  holder: string;
  roles: Record<Role, boolean>;
  exchange: StateExchangeCounts;
  triggers: FiringGateCounts & { pending: number };
}

export interface ClusterTiming {
  renewMs?: number | undefined;
  ttlMs?: number | undefined;
}

export interface ClusterWiring {
  bus: EventBus<CoreEvents>;
  registry: Registry;
  states: StateStore;
  clock: Clock;
  log: Logger;
  timing?: ClusterTiming | undefined;
}

export interface Cluster {
  readonly instance: string;
  /**
   * the MQTT connection's share group, client id, and its own birth and will: `switchyard/status`, which Home
   * Assistant reads for our devices' availability, is said online by the instance holding `announcer` (one instance's
   * end must not make every device unavailable)
   */
  readonly connection: { shareGroup: string; clientId: string; statusTopic: string };
  /** which state changes this instance stores: its own of the entities it ingests; the others' only as the leader */
  records(change: CoreEvents['state_changed']): boolean;
  /** starts the exchange, the gate and the leases; `automations` is the engine, made next (see app.ts) */
  start(
    parts: { messages: MessageBus; storage: StorageService; automations: () => AutomationEngine | undefined },
    startService: (service: Service) => Promise<void>,
  ): Promise<AutomationCluster>;
  /** `service` runs while this instance holds `role` (registered once; stopped with the app) */
  whileHolding(role: Role, service: Service): Service;
  /** `wiring` whose startService runs each service while this instance holds `role` */
  holding<T extends { startService(service: Service): Promise<void> }>(role: Role, wiring: T): T;
  leads(role: Role): boolean;
  status(): ClusterStatus | undefined;
  /** the discovered entities take the states other instances wrote for them (DiscoveredEntity.adopt) */
  follow(discovery: Pick<DiscoveryConsumer, 'live'>): void;
}

/** The cluster part of this instance when `cluster_instance` names it, else nothing (one instance alone). */
export function clusterOf(settings: Pick<Settings, 'cluster_instance'>, w: ClusterWiring): Cluster | undefined {
  return settings.cluster_instance ? createCluster(settings.cluster_instance, w) : undefined;
}

function createCluster(instance: string, w: ClusterWiring): Cluster {
  const log = w.log.child({ part: 'cluster' });
  // one process: a restart (or two processes given the same name by mistake) is another holder
  const holder = `${instance}:${randomBytes(4).toString('hex')}`;
  let leadership: Leadership | undefined;
  let status: (() => ClusterStatus) | undefined;
  const leads = (role: Role) => leadership?.holds(role) ?? false;
  const ingested = (entityId: string) => {
    const source = w.registry.entity(entityId)?.source;
    return source === DISCOVERY_SOURCE || source === ESP32_SOURCE;
  };
  const held = new Map<Role, Service[]>();

  /** runs what fired while nobody led, then records the runs the instance before left unfinished as aborted */
  const takeOver = async (
    cluster: ClusterStorage,
    storage: StorageService,
    gate: ReturnType<typeof createFiringGate>,
    previous: { holder: string; expiredAgoMs: number } | null,
    timing: Required<ClusterTiming>,
  ) => {
    const now = w.clock.now().getTime();
    const ended = now - (previous?.expiredAgoMs ?? 0);
    // what fired with nobody leading, first (its triggers are the oldest): the instance before acted until at most
    // its last renewal, `ttl` before its lease ended; from a renewal earlier still, its marks settle the rest
    gate.takeOver(ended - timing.ttlMs - timing.renewMs);
    const orphans = await cluster.runs.takeOrphans();
    for (const trace of orphans) {
      const finish = Math.max(Date.parse(trace.start), ended);
      const closed = {
        ...trace,
        finish: new Date(finish).toISOString(),
        duration_ms: finish - Date.parse(trace.start),
      };
      storage.traces.save({ automation_id: trace.automation_id, run_id: trace.run_id, build: () => closed });
    }
    if (orphans.length > 0)
      log.warn('runs interrupted by the instance before recorded as aborted', { runs: orphans.length });
    log.info('took the automations over', { previous: previous?.holder ?? null, interrupted: orphans.length });
  };

  const cluster: Cluster = {
    instance: instance,
    connection: {
      shareGroup: SHARE_GROUP,
      clientId: `switchyard_${instance}`,
      statusTopic: `${CLUSTER_PREFIX}/${instance}/status`,
    },
    holding: (role, wiring) => ({
      ...wiring,
      startService: (service: Service) => wiring.startService(cluster.whileHolding(role, service)),
    }),
    // an entity's first state from discovery is written by every instance; the leader stores it
    records: (change) =>
      change.replica !== true &&
      (leads('automations') || (change.context.origin !== DISCOVERY_ORIGIN && ingested(change.entity_id))),
    leads,
    status: () => status?.(),
    follow(discovery) {
      // the bus keeps the listener for the app's life, as the discovery consumer it feeds
      w.bus.on('state_changed', (e) => {
        if (e.replica && e.new_state) discovery.live(e.entity_id)?.adopt(e.new_state);
      });
    },
    whileHolding(role, service) {
      const list = held.get(role) ?? [];
      list.push(service);
      held.set(role, list);
      if (leads(role)) void start(service, role);
      return { name: `${service.name} (while holding ${role})`, start: async () => {}, stop: () => service.stop() };
    },
    async start(parts, startService) {
      const timing = { renewMs: w.timing?.renewMs ?? 2_000, ttlMs: w.timing?.ttlMs ?? 6_000 };
      const stores = parts.storage.cluster?.(holder);
      if (!stores) throw new Error('several instances (cluster_instance) need PostgreSQL storage (database_url)');
      const exchange = createStateExchange({
        messages: parts.messages,
        bus: w.bus,
        states: w.states,
        instance: instance,
        log,
      });
      const gate = createFiringGate({
        messages: parts.messages,
        instance: instance,
        clock: w.clock,
        log,
        leads: () => leads('automations'),
      });
      await startService(exchange);
      await startService(gate);
      const lead = createLeadership({ leases: stores.leases, instance: holder, roles: ROLES, ...timing, log });
      leadership = lead;
      lead.on('automations', (gained, previous) => {
        if (gained) {
          void takeOver(stores, parts.storage, gate, previous, timing).catch((err: unknown) =>
            log.error('taking the automations over failed', { err: String(err) }),
          );
        } else {
          // another instance may take them within a renewal: what runs here is cut short, and said so
          void parts.automations()?.cancelRuns('this instance no longer runs the automations (its lease was lost)');
        }
      });
      for (const role of ROLES) {
        lead.on(role, (gained) => {
          for (const service of held.get(role) ?? []) void (gained ? start(service, role) : stop(service));
        });
      }
      status = () => ({
        instance: instance,
        holder,
        roles: { automations: leads('automations'), announcer: leads('announcer') },
        exchange: exchange.counts(),
        triggers: { ...gate.counts(), pending: gate.pending },
      });
      cluster.whileHolding('announcer', {
        name: 'bridge status',
        start: () => parts.messages.publish(BRIDGE_STATUS_TOPIC, 'online', { qos: 1, retain: true }),
        stop: async () => {},
      });
      await startService(lead);
      // stopped before the leases are released: the runs this instance ended are out of the journal by then
      await startService({ name: 'runs in progress', start: async () => {}, stop: () => stores.runs.close() });
      log.info('cluster instance started', { instance: instance, holder, roles: status().roles });
      return { gate, journal: stores.runs };
    },
  };

  const start = async (service: Service, role: Role) => {
    try {
      await service.start();
    } catch (err) {
      log.error('a service of a role failed to start', { role, service: service.name, err: String(err) });
    }
  };
  const stop = async (service: Service) => {
    try {
      await service.stop();
    } catch (err) {
      log.error('a service failed to stop', { service: service.name, err: String(err) });
    }
  };
  return cluster;
}
