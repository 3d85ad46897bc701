// Turns one validated discovery config into the registry records Home Assistant would create: the
// device (merged by identifiers/connections, via_device, area) and the entity (name and entity id by
// Home Assistant's rules, area from suggested_area or the room list).
import { areaFromName as areaFromNameUncached } from '../../core/areas.js';
import type { Device, Entity } from '../../core/model.js';
import type { Registry } from '../../core/registry.js';
import type { DeviceInfo } from '../../protocol/ha-discovery/common-schema.js';
import type { BaseConfig } from '../../protocol/ha-discovery/components/index.js';
import { entityName, friendlyName, suggestedObjectId } from '../../protocol/ha-discovery/entity-naming.js';

export const DISCOVERY_SOURCE = 'mqtt_discovery';

/** What an entity record keeps so it can be rebuilt after a restart without the retained config. */
export interface StoredDiscovery {
  platform: string;
  discovery_key: string;
  payload: Record<string, unknown>;
}

export function storedDiscovery(entity: Entity): StoredDiscovery | undefined {
  const c = entity.config as Partial<StoredDiscovery>;
  return typeof c.platform === 'string' &&
    typeof c.discovery_key === 'string' &&
    c.payload &&
    typeof c.payload === 'object'
    ? (c as StoredDiscovery)
    : undefined;
}

// areaFromName normalizes and sorts the room list on every call, and every entity of a device asks it
// about the same few names: remember the answers per room list (at most AREA_CACHE_MAX names)
const areaCache = new WeakMap<readonly string[], Map<string, string | null>>();
const AREA_CACHE_MAX = 10_000;
function areaFromName(name: string | null | undefined, rooms: readonly string[]): string | null {
  if (!name) return null;
  let cache = areaCache.get(rooms);
  if (!cache) {
    cache = new Map();
    areaCache.set(rooms, cache);
  }
  let area = cache.get(name);
  if (area === undefined) {
    area = areaFromNameUncached(name, rooms);
    if (cache.size >= AREA_CACHE_MAX) cache.clear();
    cache.set(name, area);
  }
  return area;
}

export function upsertDiscoveredDevice(registry: Registry, info: DeviceInfo, rooms: readonly string[]): Device {
  const connections = info.connections.map(([type, value]) => [type, value] as const);
  const via = info.via_device ? registry.findDevice([info.via_device], []) : undefined;
  const existing = registry.findDevice(info.identifiers, connections);
  const input = {
    name: info.name ?? existing?.name ?? null,
    identifiers: info.identifiers,
    connections,
    manufacturer: info.manufacturer ?? null,
    model: info.model ?? null,
    model_id: info.model_id ?? null,
    sw_version: info.sw_version ?? null,
    hw_version: info.hw_version ?? null,
    serial_number: info.serial_number ?? null,
    configuration_url: info.configuration_url ?? null,
    via_device_id: via?.id ?? null,
    area: info.suggested_area ?? areaFromName(info.name, rooms) ?? existing?.area ?? null,
    source: DISCOVERY_SOURCE,
  };
  // every entity of a device carries the same device block: when merging it would change nothing,
  // leave the registry (and the database row behind it) alone
  if (existing && mergeChangesNothing(existing, input)) return existing;
  return registry.upsertDevice({ ...(existing ? { id: existing.id } : {}), ...input });
}

const SCALARS = [
  'name',
  'manufacturer',
  'model',
  'model_id',
  'sw_version',
  'hw_version',
  'serial_number',
  'configuration_url',
  'via_device_id',
  'area',
  'source',
] as const;

/** true when upserting `input` into `existing` would give back exactly `existing` */
function mergeChangesNothing(existing: Device, input: Omit<Device, 'id'>): boolean {
  if (SCALARS.some((k) => existing[k] !== input[k])) return false;
  if (input.identifiers.some((i) => !existing.identifiers.includes(i))) return false;
  // connections merge by lower-cased key, the later spelling winning: unchanged only when each is already there as is
  return input.connections.every(
    ([t, v]) =>
      existing.connections.some(([et, ev]) => et === t && ev === v) &&
      existing.connections.filter(
        ([et, ev]) => et.toLowerCase() === t.toLowerCase() && ev.toLowerCase() === v.toLowerCase(),
      ).length === 1,
  );
}

export interface EntityInput {
  domain: string;
  config: BaseConfig;
  device: Device | null;
  discoveryTopic: string;
  stored: StoredDiscovery;
  /** the entity this discovery key produced before, if any (keeps its id on update) */
  previous: Entity | undefined;
  rooms: readonly string[];
}

export function buildEntity(registry: Registry, input: EntityInput): { entity: Entity; friendly: string | null } {
  const { config, device, domain } = input;
  const raw = config as unknown as Record<string, unknown>;
  const name = entityName({
    domain,
    name: config.name,
    deviceClass: typeof raw.device_class === 'string' ? raw.device_class : null,
    hasDevice: device !== null,
    lightSchema: typeof raw.schema === 'string' ? raw.schema : undefined,
  });
  const friendly = friendlyName(device?.name, name);
  const uniqueId = config.unique_id ?? null;
  const known = (uniqueId ? registry.entityByUniqueId(domain, uniqueId) : undefined) ?? input.previous;
  const entityId =
    known?.domain === domain
      ? known.entity_id
      : registry.freeEntityId(
          domain,
          suggestedObjectId({
            defaultEntityId: config.default_entity_id,
            objectId: config.object_id,
            friendlyName: friendly,
            uniqueId: config.unique_id,
          }),
          uniqueId,
        );
  const entity: Entity = {
    entity_id: entityId,
    unique_id: uniqueId,
    domain,
    name: friendly,
    device_id: device?.id ?? null,
    area: device?.area ?? areaFromName(friendly, input.rooms),
    source: DISCOVERY_SOURCE,
    discovery_topic: input.discoveryTopic,
    config: input.stored as unknown as Record<string, unknown>,
  };
  return { entity, friendly };
}

/**
 * the same record: every field equal, and the config the same object or, for a restored entity rebuilt
 * from itself (`fromRecord`), the one read from that record
 */
export function sameEntity(a: Entity | undefined, b: Entity, fromRecord = false): boolean {
  return (
    a !== undefined &&
    a.entity_id === b.entity_id &&
    a.unique_id === b.unique_id &&
    a.domain === b.domain &&
    a.name === b.name &&
    a.device_id === b.device_id &&
    a.area === b.area &&
    a.source === b.source &&
    a.discovery_topic === b.discovery_topic &&
    (fromRecord || a.config === b.config)
  );
}
