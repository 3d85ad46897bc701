/**
 * Which Switchyard device and entity a device automation means. Its `device_id` and `entity_id` are either
 * Switchyard's own (a registry device id, an entity id) or, for automations made in Home Assistant's editor,
 * Home Assistant's: a device registry id and an entity registry id (`cv.entity_id_or_uuid`). Those are looked up
 * in Home Assistant's registries (the `HaRegistries` port: the add-on reads them over Home Assistant's WebSocket
 * API, `adapters/supervisor/ha-registries.ts`) and matched to Switchyard's devices by their identifiers and
 * connections (both come from the same discovery configs: Home Assistant's MQTT integration stores a device's
 * `identifiers` as `("mqtt", id)` pairs and its connections as given, MACs through `format_mac`), and to
 * Switchyard's entities by platform and unique id (`entity_registry.async_get_entity_id(domain, platform,
 * unique_id)`), else by entity id.
 *
 * A resolution is worked out when asked (a run, a diagnostics request) or when something it depends on
 * changes (`onChange`): Home Assistant may start after the add-on, and discovery brings entities later.
 */
import type { Unsubscribe, EventBus } from '../../core/event-bus.js';
import type { CoreEvents } from '../../core/events.js';
import type { Device, Entity } from '../../core/model.js';
import type { Registry } from '../../core/registry.js';
import { REGISTRY_ID } from './schema.js';

/** A device of Home Assistant's device registry (`config/device_registry/list`), the fields used here. */
export interface HaDevice {
  readonly id: string;
  readonly name: string | null;
  readonly name_by_user?: string | null;
  readonly identifiers: readonly (readonly [string, string])[];
  readonly connections: readonly (readonly [string, string])[];
}

/** An entry of Home Assistant's entity registry (`config/entity_registry/list`), the fields used here. */
export interface HaEntity {
  /** the registry id (32 hex digits), what the editor writes as a device automation's `entity_id` */
  readonly id: string;
  readonly entity_id: string;
  readonly unique_id: string;
  readonly platform: string;
  readonly device_id: string | null;
  /** the name given in Home Assistant, when one was */
  readonly name?: string | null | undefined;
  /** the other names given in Home Assistant (its voice assistants answer to them) */
  readonly aliases?: readonly string[] | undefined;
}

/** Home Assistant's registries as the add-on last read them (the port). */
export interface HaRegistries {
  /** `ready` once both lists were read; otherwise why not (yet) */
  status(): { readonly ready: true } | { readonly ready: false; readonly reason: string };
  device(id: string): HaDevice | undefined;
  /** by registry id */
  entity(registryId: string): HaEntity | undefined;
  /** by entity id */
  entityById(entityId: string): HaEntity | undefined;
  /** every entry */
  entities(): Iterable<HaEntity>;
  /** called whenever the registries were read again */
  onChange(listener: () => void): Unsubscribe;
}

export type Resolution = { readonly ok: true; readonly id: string } | { readonly ok: false; readonly reason: string };

export interface DeviceResolver {
  /** the Switchyard device `deviceId` means */
  device(deviceId: string): Resolution;
  /** the entity id `ref` (an entity id or an entity registry id) means; `domain` is the automation's */
  entity(ref: string, domain: string): Resolution;
  /** called when a resolution may have changed (Home Assistant's registries, Switchyard's entities and devices) */
  onChange(listener: () => void): Unsubscribe;
}

const NOT_ADDON = "Switchyard looks Home Assistant's ids up in its registries only when running as an add-on";

/** `format_mac` (helpers/device_registry.py): the MAC forms a connection may have been written in. */
function connectionForms([type, value]: readonly [string, string]): (readonly [string, string])[] {
  if (type !== 'mac') return [[type, value]];
  const hex = value.replace(/[^0-9a-f]/gi, '').toLowerCase();
  if (hex.length !== 12) return [[type, value]];
  const pairs = hex.match(/../g) ?? [];
  return [[type, value], ...[':', '-', ''].map((sep) => [type, pairs.join(sep)] as const)];
}

/** The Switchyard device an entry of Home Assistant's device registry is, by identifiers and connections. */
export function matchDevice(registry: Pick<Registry, 'findDevice'>, ha: HaDevice): Device | undefined {
  const identifiers = ha.identifiers.filter(([domain]) => domain === 'mqtt').map(([, id]) => id);
  return registry.findDevice(identifiers, ha.connections.flatMap(connectionForms));
}

/** The Switchyard entity an entry of Home Assistant's entity registry is: an MQTT one by unique id, else by entity id. */
export function ownEntity(registry: Pick<Registry, 'entity' | 'entityByUniqueId'>, e: HaEntity): Entity | undefined {
  const own =
    e.platform === 'mqtt' ? registry.entityByUniqueId(e.entity_id.split('.')[0] ?? '', e.unique_id) : undefined;
  return own ?? registry.entity(e.entity_id);
}

const haName = (d: HaDevice): string => d.name_by_user ?? d.name ?? d.id;

export function createDeviceResolver(
  registry: Registry,
  bus: EventBus<CoreEvents>,
  ha: HaRegistries | undefined,
): DeviceResolver {
  /** why Home Assistant's registries cannot answer now, undefined when they can */
  const pending = (what: string): Resolution | undefined => {
    const status = ha?.status();
    if (!status || status.ready) return undefined;
    return { ok: false, reason: `${what} Home Assistant's registries are not read (yet): ${status.reason}` };
  };
  const fromHa = (e: HaEntity, domain: string, wanted: string): Resolution => {
    const found = ownEntity(registry, e);
    if (!found)
      return {
        ok: false,
        reason: `${wanted} is Home Assistant's ${e.entity_id} (${e.platform} unique id '${e.unique_id}'), which Switchyard has not discovered`,
      };
    if (found.domain !== domain)
      return { ok: false, reason: `${wanted} is ${found.entity_id}, not a ${domain} entity` };
    return { ok: true, id: found.entity_id };
  };
  return {
    device(deviceId) {
      if (registry.device(deviceId)) return { ok: true, id: deviceId };
      const what = `device '${deviceId}'`;
      if (!ha)
        return { ok: false, reason: `${what} is not a Switchyard device; if it is Home Assistant's, ${NOT_ADDON}` };
      const notYet = pending(`${what} is not a Switchyard device, and`);
      if (notYet) return notYet;
      const entry = ha.device(deviceId);
      if (!entry)
        return { ok: false, reason: `${what} is neither a Switchyard device nor in Home Assistant's device registry` };
      const match = matchDevice(registry, entry);
      if (!match)
        return {
          ok: false,
          reason: `${what} is Home Assistant's '${haName(entry)}', which matches no Switchyard device by identifiers or connections`,
        };
      return { ok: true, id: match.id };
    },
    entity(ref, domain) {
      const what = `entity '${ref}'`;
      if (!REGISTRY_ID.test(ref)) {
        if (registry.entity(ref)) return { ok: true, id: ref };
        // an entity id Switchyard lacks may be Home Assistant's name for one it has (renamed in Home Assistant)
        const entry = ha?.status().ready ? ha.entityById(ref) : undefined;
        const mapped = entry ? fromHa(entry, domain, what) : undefined;
        return mapped?.ok ? mapped : { ok: true, id: ref };
      }
      if (!ha) return { ok: false, reason: `${what} is an entity registry id of Home Assistant; ${NOT_ADDON}` };
      const notYet = pending(`${what} is an entity registry id, and`);
      if (notYet) return notYet;
      const entry = ha.entity(ref);
      if (!entry) return { ok: false, reason: `${what} is not in Home Assistant's entity registry` };
      return fromHa(entry, domain, what);
    },
    onChange(listener) {
      const offs = [
        ha?.onChange(listener),
        bus.on('entity_registered', listener),
        bus.on('entity_removed', listener),
        bus.on('device_registered', listener),
      ];
      return () => {
        for (const off of offs) off?.();
      };
    },
  };
}
