// One ESP32 device as Switchyard knows it: capabilities, features, live values, online state, metrics
// and counters, and how its values become entity states.
import { areaFromName } from '../../core/areas.js';
import { createContext, type Context } from '../../core/context.js';
import type { Entity } from '../../core/model.js';
import type { Registry } from '../../core/registry.js';
import type { StateStore } from '../../core/state-store.js';
import { STATE_UNAVAILABLE, STATE_UNKNOWN } from '../../core/state.js';
import type { Capabilities } from '../../protocol/esp32/index.js';
import { deviceName, featuresOf, type Feature } from './features.js';
import { featureEntityId, NODE_PREFIX } from './ha-configs.js';

export const ESP32_SOURCE = 'esp32';

export interface FeatureValue {
  state: string;
  attributes: Record<string, unknown>;
}

export interface DeviceCounters {
  messages: number;
  bad_messages: number;
  errors: number;
  commands: number;
  command_timeouts: number;
}

/** The registry id of an ESP32 device (also its Home Assistant identifier). */
export const registryDeviceId = (deviceId: string) => `${NODE_PREFIX}${deviceId}`;

export class DeviceSession {
  caps: Capabilities | undefined;
  features = new Map<string, Feature>();
  entityIds = new Map<string, string>();
  values = new Map<string, FeatureValue>();
  online = false;
  /** set when the device went silent past the timeout (cleared by any message) */
  timedOut = false;
  /** the open alert raised when it went offline (Last Will or its own offline status), resolved when it is back */
  offlineAlert: number | undefined;
  lastSeen: number | null = null;
  metrics: Record<string, unknown> = {};
  readonly counters: DeviceCounters = { messages: 0, bad_messages: 0, errors: 0, commands: 0, command_timeouts: 0 };
  /** each feature's static attributes, made once per capabilities (write runs for every reading) */
  private readonly staticAttrs = new Map<string, Readonly<Record<string, unknown>>>();

  /** the origin of the contexts of this device's changes, built once (each state keeps its context) */
  readonly origin: string;

  constructor(readonly deviceId: string) {
    this.origin = `device:${deviceId}`;
  }

  get name(): string {
    return this.caps ? deviceName(this.caps) : this.deviceId;
  }

  /** Applies capabilities to the registry: the device and one entity per feature; returns removed entities. */
  applyCapabilities(caps: Capabilities, registry: Registry, rooms: readonly string[]): string[] {
    this.caps = caps;
    this.staticAttrs.clear();
    const name = deviceName(caps);
    const previous = registry.device(registryDeviceId(caps.device_id));
    const device = registry.upsertDevice({
      id: registryDeviceId(caps.device_id),
      name,
      identifiers: [registryDeviceId(caps.device_id)],
      connections: [],
      manufacturer: caps.manufacturer ?? 'Espressif',
      model: caps.model ?? 'ESP32',
      model_id: null,
      sw_version: caps.firmware_version,
      hw_version: caps.hw_version ?? null,
      serial_number: null,
      configuration_url: null,
      via_device_id: null,
      area: previous?.area ?? areaFromName(name, rooms),
      source: ESP32_SOURCE,
    });
    const features = featuresOf(caps);
    const keep = new Set(features.map((f) => f.key));
    const removed: string[] = [];
    for (const [key, entityId] of this.entityIds) {
      if (keep.has(key)) continue;
      registry.removeEntity(entityId);
      this.entityIds.delete(key);
      this.values.delete(key);
      removed.push(entityId);
    }
    this.features = new Map(features.map((f) => [f.key, f]));
    for (const f of features) {
      const uniqueId = `${NODE_PREFIX}${caps.device_id}_${f.key}`;
      const known = registry.entityByUniqueId(f.domain, uniqueId);
      const wanted = featureEntityId(caps, f);
      const [domain, objectId] = wanted.split('.') as [string, string];
      const entityId = known?.entity_id ?? registry.freeEntityId(domain, objectId, uniqueId);
      const entity: Entity = {
        entity_id: entityId,
        unique_id: uniqueId,
        domain: f.domain,
        name: `${name} ${f.name}`,
        device_id: device.id,
        area: device.area,
        source: ESP32_SOURCE,
        discovery_topic: null,
        config: { device_id: caps.device_id, feature: f.key },
      };
      registry.upsertEntity(entity);
      this.entityIds.set(f.key, entityId);
    }
    return removed;
  }

  /** Writes one feature's state (or every feature's) to the state store. */
  write(states: StateStore, key?: string, context: Context = createContext('device')): void {
    if (key !== undefined) {
      this.writeOne(states, key, context);
      return;
    }
    for (const k of this.features.keys()) this.writeOne(states, k, context);
  }

  private writeOne(states: StateStore, key: string, context: Context): void {
    const feature = this.features.get(key);
    const entityId = this.entityIds.get(key);
    if (!feature || !entityId) return;
    const value = this.values.get(key);
    const state = !this.online ? STATE_UNAVAILABLE : (value?.state ?? STATE_UNKNOWN);
    let fixed = this.staticAttrs.get(key);
    if (!fixed) {
      fixed = staticAttributes(this.name, feature);
      this.staticAttrs.set(key, fixed);
    }
    // the same object while nothing is added to it, so an unchanged set of attributes is seen as such at once
    const attributes = !value || isEmpty(value.attributes) ? fixed : { ...fixed, ...value.attributes };
    states.set(entityId, state, attributes, { context });
  }
}

function isEmpty(o: Record<string, unknown>): boolean {
  for (const _ in o) return false;
  return true;
}

function staticAttributes(deviceName: string, f: Feature): Record<string, unknown> {
  const a = f.actuator;
  return {
    friendly_name: `${deviceName} ${f.name}`,
    ...(f.device_class ? { device_class: f.device_class } : {}),
    ...(f.unit ? { unit_of_measurement: f.unit } : {}),
    ...(f.state_class ? { state_class: f.state_class } : {}),
    ...(f.entity_category ? { entity_category: f.entity_category } : {}),
    ...(f.icon ? { icon: f.icon } : {}),
    ...(a?.kind === 'number' ? { min: a.min, max: a.max, step: a.step } : {}),
    ...(a?.kind === 'select' ? { options: a.options } : {}),
    ...(a?.kind === 'dimmer' ? { supported_color_modes: ['brightness'] } : {}),
  };
}
