// Turns one stored discovery config into a live entity, listed once the broker has acknowledged its subscriptions.
import type { LatestImages } from '../../core/images.js';
import type { Logger } from '../../core/logger.js';
import type { Entity } from '../../core/model.js';
import type { MessageBus } from '../../core/ports.js';
import type { Registry } from '../../core/registry.js';
import type { StateStore } from '../../core/state-store.js';
import {
  availabilitySources,
  parseEntityConfig,
  type BaseConfig,
  type PlatformModule,
  type TemplateCache,
} from '../../protocol/ha-discovery/components/index.js';
import { SharedAvailability } from './availability.js';
import type { DeviceRateLimiter, RateGroup } from './device-rate.js';
import type { DiagnosticsLog } from './diagnostics.js';
import { unsafePatternProblem } from './regex-safety.js';
import { DiscoveredEntity } from './discovered-entity.js';
import { buildEntity, sameEntity, upsertDiscoveredDevice, type StoredDiscovery } from './entity-builder.js';
import type { AnnouncerWatch } from './alert-watch.js';

export interface EntityLoaderDeps {
  readonly messages: MessageBus;
  readonly registry: Registry;
  readonly states: StateStore;
  readonly rooms: readonly string[];
  readonly log: Logger;
  readonly images: LatestImages;
  readonly diagnostics: DiagnosticsLog;
  readonly templates: TemplateCache;
  /** the consumer's discovery key → entity id */
  readonly byKey: Map<string, string>;
  /** the consumer's live entities by entity id */
  readonly live: Map<string, DiscoveredEntity>;
  /** detaches and forgets the live entity of an entity id */
  readonly unload: (entityId: string) => void;
  /** told which availability topics each device's entities listen to (announcers going offline are alerts) */
  readonly announcers?: AnnouncerWatch | undefined;
  /** the per-device rate limit of the entities' messages */
  readonly rate: DeviceRateLimiter;
}

export interface EntityLoader {
  /**
   * Builds (or rebuilds in place) the live entity for one component; returns false when it was rejected.
   * The entity is listed once its subscriptions are acknowledged, which may be after this returns (see `pending`).
   */
  readonly load: (
    topic: string,
    stored: StoredDiscovery,
    previous: Entity | undefined,
    fromRecord?: boolean,
  ) => Promise<boolean>;
  /** entity id → its registration, still on its way */
  readonly pending: ReadonlyMap<string, Promise<void>>;
  /** resolves once no registration is on its way */
  readonly settle: () => Promise<void>;
}

export function createEntityLoader(deps: EntityLoaderDeps): EntityLoader {
  const { templates, diagnostics, images, byKey, live, unload } = deps;
  // An entity is listed in the registry only once the broker has acknowledged its subscriptions. That
  // wait is one broker round trip per new topic; rather than stall the queue on it (thousands of round
  // trips in a discovery storm or a restart), the next messages are handled meanwhile and the entity is
  // listed when its acknowledgement comes. Anything that depends on a registration still on its way (the
  // same entity id, unique id or discovery key, or any removal) first waits for all of them: `settle()`.
  const pending = new Map<string, Promise<void>>(); // entity id → its registration
  const pendingUnique = new Set<string>(); // `${domain} ${unique_id}` of those registrations
  const settle = async () => {
    while (pending.size > 0) await Promise.all([...pending.values()]);
  };

  // what every live entity needs, one object for all of them
  const entityDeps = {
    messages: deps.messages,
    states: deps.states,
    diagnostics,
    log: deps.log,
    images,
    availability: new SharedAvailability(),
    rate: deps.rate,
  };

  const load = async (
    topic: string,
    stored: StoredDiscovery,
    previous: Entity | undefined,
    fromRecord = false,
  ): Promise<boolean> => {
    const parsed = parseEntityConfig(stored.platform, stored.payload, templates);
    if (!parsed.ok) {
      diagnostics.add('discovery', topic, parsed.reason, undefined, stored.discovery_key, parsed.code);
      return false;
    }
    const platform = parsed.platform as PlatformModule<BaseConfig>;
    const config = parsed.config as BaseConfig;
    const unsafe = unsafePatternProblem(platform.domain, config as unknown as Record<string, unknown>);
    if (unsafe) {
      diagnostics.add('discovery', topic, unsafe, undefined, stored.discovery_key, 'config');
      return false;
    }
    const uniqueKey = config.unique_id ? `${platform.domain} ${config.unique_id}` : undefined;
    if (uniqueKey !== undefined && pendingUnique.has(uniqueKey)) await settle();
    let device = null;
    if (config.device) device = upsertDiscoveredDevice(deps.registry, config.device, deps.rooms);
    if (config.availability_topic !== undefined || config.availability !== undefined)
      deps.announcers?.note(availabilitySources(config), device?.id ?? null, config.origin?.name);
    const input = {
      domain: platform.domain,
      config,
      device,
      discoveryTopic: topic,
      stored,
      previous,
      rooms: deps.rooms,
    };
    let built = buildEntity(deps.registry, input);
    if (pending.has(built.entity.entity_id)) {
      // its id is about to be taken (or is this entity's own, still on its way): decide with the registry complete
      await settle();
      built = buildEntity(deps.registry, input);
    }
    const { entity, friendly } = built;
    const prior = live.get(entity.entity_id);
    const current = prior?.state ?? deps.states.get(entity.entity_id);
    if (previous && previous.entity_id !== entity.entity_id) {
      images.delete(previous.entity_id);
      unload(previous.entity_id);
      deps.registry.removeEntity(previous.entity_id);
    }
    // the messages of an entity count for its device; one without a device is a device of its own
    const rateGroup: RateGroup = device
      ? { key: device.id, label: device.name || device.id, deviceId: device.id, entityId: entity.entity_id }
      : { key: entity.entity_id, label: entity.entity_id, deviceId: null, entityId: entity.entity_id };
    // built before the one it replaces leaves, so the device's rate limit (and a flood it is in) carries over
    const runtime = new DiscoveredEntity(
      entityDeps,
      entity.entity_id,
      topic,
      platform,
      config,
      friendly,
      current,
      rateGroup,
    );
    prior?.detach();
    byKey.set(stored.discovery_key, entity.entity_id);
    live.set(entity.entity_id, runtime);
    diagnostics.clear('discovery', topic, stored.discovery_key);
    diagnostics.clear('discovery', topic);
    // subscribed before it is listed, so whoever sees the entity can rely on it hearing its topics
    const registration = runtime
      .attach()
      .then(
        () => {
          // a restored entity rebuilt from its own record is already listed as it is: nothing to announce or store
          if (
            live.get(entity.entity_id) === runtime &&
            !sameEntity(deps.registry.entity(entity.entity_id), entity, fromRecord)
          )
            deps.registry.upsertEntity(entity);
        },
        (err: unknown) =>
          diagnostics.add(
            'discovery',
            topic,
            `internal error: ${err instanceof Error ? err.message : String(err)}`,
            undefined,
            '',
            'internal',
          ),
      )
      .finally(() => {
        if (pending.get(entity.entity_id) === registration) pending.delete(entity.entity_id);
        if (uniqueKey !== undefined) pendingUnique.delete(uniqueKey);
      });
    pending.set(entity.entity_id, registration);
    if (uniqueKey !== undefined) pendingUnique.add(uniqueKey);
    return true;
  };

  return { load, pending, settle };
}
