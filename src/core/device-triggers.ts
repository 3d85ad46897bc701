// Device triggers announced through MQTT discovery (`device_automation` configs: button presses, remote
// actions): not entities, but events a device offers, which automations name by device, type and subtype.
import type { Unsubscribe } from './event-bus.js';

export interface DeviceTrigger {
  readonly device_id: string;
  /** `device_automation <discovery id>`, unique per config */
  readonly discovery_key: string;
  /** the discovery id of the config (`<node_id> <object_id>`), which Home Assistant's automations may name */
  readonly discovery_id: string;
  readonly discovery_topic: string;
  readonly type: string;
  readonly subtype: string;
  readonly topic: string;
  readonly payload: string | null;
  readonly value_template: string | null;
  readonly qos: 0 | 1 | 2;
  readonly encoding: string;
}

export interface DeviceTriggers {
  upsert(trigger: DeviceTrigger): void;
  remove(discoveryKey: string): DeviceTrigger | undefined;
  /** every trigger, or a device's */
  list(deviceId?: string): DeviceTrigger[];
  /** the trigger an automation means: by device and type/subtype, or by its discovery id */
  find(query: {
    device_id?: string | undefined;
    type: string;
    subtype: string;
    discovery_id?: string | undefined;
  }): DeviceTrigger | undefined;
  /** called with each trigger added, replaced or removed */
  onChange(listener: (trigger: DeviceTrigger) => void): Unsubscribe;
}

export function createDeviceTriggers(): DeviceTriggers {
  const byKey = new Map<string, DeviceTrigger>();
  // device id → its triggers' keys: a device's list without scanning thousands of triggers
  const byDevice = new Map<string, Set<string>>();
  const listeners = new Set<(trigger: DeviceTrigger) => void>();
  const changed = (trigger: DeviceTrigger) => {
    for (const l of [...listeners]) l(trigger);
  };
  const unindex = (t: DeviceTrigger) => {
    const keys = byDevice.get(t.device_id);
    keys?.delete(t.discovery_key);
    if (keys?.size === 0) byDevice.delete(t.device_id);
  };
  const list = (deviceId?: string): DeviceTrigger[] => {
    if (deviceId === undefined) return [...byKey.values()];
    return [...(byDevice.get(deviceId) ?? [])]
      .map((k) => byKey.get(k))
      .filter((t): t is DeviceTrigger => t !== undefined);
  };
  return {
    list,
    upsert(trigger) {
      const before = byKey.get(trigger.discovery_key);
      if (before) unindex(before);
      byKey.set(trigger.discovery_key, trigger);
      const keys = byDevice.get(trigger.device_id);
      if (keys) keys.add(trigger.discovery_key);
      else byDevice.set(trigger.device_id, new Set([trigger.discovery_key]));
      // an automation on the device the trigger left must hear of it too
      if (before && before.device_id !== trigger.device_id) changed(before);
      changed(trigger);
    },
    remove(key) {
      const gone = byKey.get(key);
      if (gone) {
        byKey.delete(key);
        unindex(gone);
        changed(gone);
      }
      return gone;
    },
    find(q) {
      const candidates = q.discovery_id === undefined && q.device_id !== undefined ? list(q.device_id) : byKey.values();
      for (const t of candidates) {
        if (t.type !== q.type || t.subtype !== q.subtype) continue;
        if (q.discovery_id !== undefined && t.discovery_id === q.discovery_id) return t;
        if (q.device_id !== undefined && t.device_id === q.device_id) return t;
      }
      return undefined;
    },
    onChange(listener) {
      listeners.add(listener);
      return () => void listeners.delete(listener);
    },
  };
}
