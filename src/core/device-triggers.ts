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
  find(query: { device_id?: string | undefined; type: string; subtype: string; discovery_id?: string | undefined }): DeviceTrigger | undefined;
  /** called after every change */
  onChange(listener: () => void): Unsubscribe;
}

export function createDeviceTriggers(): DeviceTriggers {
  const byKey = new Map<string, DeviceTrigger>();
  const listeners = new Set<() => void>();
  const changed = () => {
    for (const l of [...listeners]) l();
  };
  return {
    upsert(trigger) {
      byKey.set(trigger.discovery_key, trigger);
      changed();
    },
    remove(key) {
      const gone = byKey.get(key);
      if (gone) {
        byKey.delete(key);
        changed();
      }
      return gone;
    },
    list(deviceId) {
      const all = [...byKey.values()];
      return deviceId === undefined ? all : all.filter((t) => t.device_id === deviceId);
    },
    find(q) {
      for (const t of byKey.values()) {
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
