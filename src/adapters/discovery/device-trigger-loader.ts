// `device_automation` discovery configs: triggers registered on their device (Registry.deviceTriggers),
// not entities. A discovered device goes with its last entity or device trigger.
import type { Registry } from '../../core/registry.js';
import { parseDeviceTriggerConfig } from '../../protocol/ha-discovery/device-trigger.js';
import type { DiagnosticsLog } from './diagnostics.js';
import { upsertDiscoveredDevice } from './entity-builder.js';

/** removes a discovered device nothing uses any more; `alsoUses` names other things that keep it (tag scanners) */
export function removeDeviceIfUnused(
  registry: Registry,
  deviceId: string,
  alsoUses?: (deviceId: string) => boolean,
): void {
  if (registry.deviceEntities(deviceId).length > 0) return;
  if (registry.deviceTriggers.list(deviceId).length > 0) return;
  if (alsoUses?.(deviceId)) return;
  registry.removeDevice(deviceId);
}

export interface TriggerLoader {
  /** a config (null: its removal) for the trigger with this discovery key */
  load(topic: string, key: string, discoveryId: string, config: Readonly<Record<string, unknown>> | null): void;
  /** every trigger a discovery topic announced (an empty device payload) */
  removeTopic(topic: string): void;
}

export function createTriggerLoader(deps: {
  registry: Registry;
  rooms: readonly string[];
  diagnostics: DiagnosticsLog;
  alsoUses?: (deviceId: string) => boolean;
}): TriggerLoader {
  const { registry, diagnostics } = deps;
  const remove = (key: string) => {
    const gone = registry.deviceTriggers.remove(key);
    if (gone) removeDeviceIfUnused(registry, gone.device_id, deps.alsoUses);
  };
  return {
    load(topic, key, discoveryId, config) {
      if (config === null) {
        remove(key);
        return;
      }
      const parsed = parseDeviceTriggerConfig(config);
      if (!parsed.ok) {
        diagnostics.add('discovery', topic, parsed.reason, undefined, key, 'config');
        return;
      }
      const { device: info, ...fields } = parsed.config;
      const device = upsertDiscoveredDevice(registry, info, deps.rooms);
      registry.deviceTriggers.upsert({
        ...fields,
        device_id: device.id,
        discovery_key: key,
        discovery_id: discoveryId,
        discovery_topic: topic,
      });
      diagnostics.clear('discovery', topic, key);
      diagnostics.clear('discovery', topic);
    },
    removeTopic(topic) {
      for (const t of registry.deviceTriggers.list()) if (t.discovery_topic === topic) remove(t.discovery_key);
    },
  };
}
