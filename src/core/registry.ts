import { createDeviceTriggers, type DeviceTriggers } from './device-triggers.js';
import { newId } from './ids.js';
import type { EventBus } from './event-bus.js';
import type { CoreEvents } from './events.js';
import type { Device, Entity } from './model.js';
import { isValidEntityId } from './entity-id.js';
import { ValidationError } from './errors.js';

export type DeviceInput = Omit<Device, 'id'> & { id?: string };

/**
 * Devices and entities known to Switchyard. Devices merge when they share an identifier or a
 * connection; entity ids are unique, with `_2`, `_3`, … appended on collision.
 */
export interface Registry {
  devices(): Device[];
  device(id: string): Device | undefined;
  findDevice(identifiers: readonly string[], connections: readonly (readonly [string, string])[]): Device | undefined;
  upsertDevice(input: DeviceInput): Device;
  removeDevice(id: string): boolean;
  entities(): Entity[];
  /** how many entities each domain has (kept as entities come and go: no walk over all of them) */
  domainCounts(): ReadonlyMap<string, number>;
  /** the entities of one device (from an index: no walk over every entity) */
  deviceEntities(deviceId: string): Entity[];
  /** the entity ids of one device, without making a list (for a question about a few of them) */
  deviceEntityIds(deviceId: string): Iterable<string>;
  entity(entityId: string): Entity | undefined;
  entityByUniqueId(domain: string, uniqueId: string): Entity | undefined;
  /** a free entity id for `<domain>.<objectId>`, appending `_2`, `_3`, … when taken by another entity */
  freeEntityId(domain: string, objectId: string, ownUniqueId?: string | null): string;
  upsertEntity(entity: Entity): Entity;
  removeEntity(entityId: string): Entity | undefined;
  /** load persisted records without firing events */
  restore(devices: readonly Device[], entities: readonly Entity[]): void;
  /** the device triggers discovered for the devices (button presses, remote actions) */
  readonly deviceTriggers: DeviceTriggers;
}

const connKey = (c: readonly [string, string]) => `${c[0].toLowerCase()}:${c[1].toLowerCase()}`;

export function createRegistry(bus: EventBus<CoreEvents>): Registry {
  const devices = new Map<string, Device>();
  const entities = new Map<string, Entity>();
  // domain → unique id → entity id (nested rather than one `domain + unique id` key string per entity)
  const byUnique = new Map<string, Map<string, string>>();
  const byDevice = new Map<string, Set<string>>(); // device id → its entity ids
  const perDomain = new Map<string, number>();
  const count = (domain: string, delta: 1 | -1) => {
    const n = (perDomain.get(domain) ?? 0) + delta;
    if (n > 0) perDomain.set(domain, n);
    else perDomain.delete(domain);
  };
  const setUnique = (domain: string, uniqueId: string, entityId: string) => {
    const ids = byUnique.get(domain);
    if (ids) ids.set(uniqueId, entityId);
    else byUnique.set(domain, new Map([[uniqueId, entityId]]));
  };
  const dropUnique = (domain: string, uniqueId: string) => {
    const ids = byUnique.get(domain);
    if (!ids) return;
    ids.delete(uniqueId);
    if (ids.size === 0) byUnique.delete(domain);
  };
  // findDevice without scanning every device: identifier / connection → the devices that have it, and
  // each device's insertion rank so the first match in `devices` order still wins when several match
  const byIdentifier = new Map<string, Set<string>>();
  const byConnection = new Map<string, Set<string>>();
  const rank = new Map<string, number>();
  let nextRank = 0;

  const addTo = (map: Map<string, Set<string>>, key: string, id: string) => {
    const set = map.get(key);
    if (set) set.add(id);
    else map.set(key, new Set([id]));
  };
  const removeFrom = (map: Map<string, Set<string>>, key: string, id: string) => {
    const set = map.get(key);
    if (!set) return;
    set.delete(id);
    if (set.size === 0) map.delete(key);
  };
  /** stores a device and keeps the lookup indexes in step with it */
  const putDevice = (d: Device) => {
    const old = devices.get(d.id);
    if (old) {
      for (const i of old.identifiers) removeFrom(byIdentifier, i, old.id);
      for (const c of old.connections) removeFrom(byConnection, connKey(c), old.id);
    } else rank.set(d.id, nextRank++);
    devices.set(d.id, d);
    for (const i of d.identifiers) addTo(byIdentifier, i, d.id);
    for (const c of d.connections) addTo(byConnection, connKey(c), d.id);
  };
  const dropDevice = (d: Device) => {
    devices.delete(d.id);
    rank.delete(d.id);
    for (const i of d.identifiers) removeFrom(byIdentifier, i, d.id);
    for (const c of d.connections) removeFrom(byConnection, connKey(c), d.id);
  };

  const index = (e: Entity) => {
    const previous = entities.get(e.entity_id);
    if (previous?.device_id && previous.device_id !== e.device_id)
      removeFrom(byDevice, previous.device_id, e.entity_id);
    if (previous) count(previous.domain, -1);
    count(e.domain, 1);
    entities.set(e.entity_id, e);
    if (e.unique_id) setUnique(e.domain, e.unique_id, e.entity_id);
    if (e.device_id) addTo(byDevice, e.device_id, e.entity_id);
  };

  const registry: Registry = {
    deviceTriggers: createDeviceTriggers(),
    devices: () => [...devices.values()],
    device: (id) => devices.get(id),
    findDevice(identifiers, connections) {
      let best: string | undefined;
      const consider = (set: Set<string> | undefined) => {
        if (set)
          for (const id of set)
            if (best === undefined || (rank.get(id) as number) < (rank.get(best) as number)) best = id;
      };
      for (const i of identifiers) consider(byIdentifier.get(i));
      for (const c of connections) consider(byConnection.get(connKey(c)));
      return best === undefined ? undefined : devices.get(best);
    },
    upsertDevice(input) {
      const previous =
        (input.id ? devices.get(input.id) : undefined) ?? registry.findDevice(input.identifiers, input.connections);
      const merged: Device = previous
        ? {
            ...input,
            id: previous.id,
            identifiers: [...new Set([...previous.identifiers, ...input.identifiers])],
            connections: dedupeConnections([...previous.connections, ...input.connections]),
          }
        : { ...input, id: input.id ?? newId() };
      putDevice(merged);
      bus.emit('device_registered', { device: merged, previous: previous ?? null });
      return merged;
    },
    removeDevice(id) {
      const device = devices.get(id);
      if (!device) return false;
      dropDevice(device);
      bus.emit('device_removed', { device });
      return true;
    },
    entities: () => [...entities.values()],
    domainCounts: () => perDomain,
    deviceEntities(deviceId) {
      const ids = byDevice.get(deviceId);
      return ids ? [...ids].map((id) => entities.get(id) as Entity) : [];
    },
    deviceEntityIds: (deviceId) => byDevice.get(deviceId)?.values() ?? [],
    entity: (id) => entities.get(id),
    entityByUniqueId(domain, uniqueId) {
      const id = byUnique.get(domain)?.get(uniqueId);
      return id === undefined ? undefined : entities.get(id);
    },
    freeEntityId(domain, objectId, ownUniqueId = null) {
      const base = `${domain}.${objectId}`;
      const taken = (id: string) => {
        const e = entities.get(id);
        return e !== undefined && (ownUniqueId === null || e.unique_id !== ownUniqueId);
      };
      if (!taken(base)) return base;
      for (let n = 2; ; n++) if (!taken(`${base}_${n}`)) return `${base}_${n}`;
    },
    upsertEntity(entity) {
      if (!isValidEntityId(entity.entity_id)) throw new ValidationError(`invalid entity id '${entity.entity_id}'`);
      const previous = entities.get(entity.entity_id) ?? null;
      if (previous?.unique_id && previous.unique_id !== entity.unique_id)
        dropUnique(previous.domain, previous.unique_id);
      index(entity);
      bus.emit('entity_registered', { entity, previous });
      return entity;
    },
    removeEntity(entityId) {
      const entity = entities.get(entityId);
      if (!entity) return undefined;
      entities.delete(entityId);
      count(entity.domain, -1);
      if (entity.device_id) removeFrom(byDevice, entity.device_id, entityId);
      if (entity.unique_id) dropUnique(entity.domain, entity.unique_id);
      bus.emit('entity_removed', { entity });
      return entity;
    },
    restore(devs, ents) {
      for (const d of devs) putDevice(d);
      for (const e of ents) index(e);
    },
  };
  return registry;
}

function dedupeConnections(list: readonly (readonly [string, string])[]): (readonly [string, string])[] {
  const seen = new Map<string, readonly [string, string]>();
  for (const c of list) seen.set(connKey(c), c);
  return [...seen.values()];
}
