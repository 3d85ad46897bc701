// The core services the REST routes read (part of the composition root); storage, discovery and the ESP32
// bridge exist only after start(), so they are reached through getters.
import type { Esp32Bridge } from '../adapters/esp32/bridge.js';
import { ESP32_SOURCE } from '../adapters/esp32/device-session.js';
import { NODE_PREFIX } from '../adapters/esp32/ha-configs.js';
import type { DiscoveryConsumer } from '../adapters/discovery/discovery-consumer.js';
import type { ApiDeps } from '../adapters/http/routes/api-deps.js';
import type { Persistence } from '../adapters/storage/persistence.js';
import type { Clock } from '../core/clock.js';
import type { CommandRouter } from '../core/commands.js';
import { ValidationError } from '../core/errors.js';
import type { Registry } from '../core/registry.js';
import type { StateStore } from '../core/state-store.js';

export interface ApiWiring {
  registry: Registry;
  states: StateStore;
  commands: CommandRouter;
  clock: Clock;
  persistence: () => Persistence;
  discovery: () => DiscoveryConsumer | undefined;
  esp32: () => Esp32Bridge | undefined;
}

export function createApiDeps(w: ApiWiring): ApiDeps {
  const { registry } = w;
  return {
    registry,
    states: w.states,
    commands: w.commands,
    clock: w.clock,
    // the reader itself (not a wrapper), so its optional aggregate() and summary() reach REST and MCP
    get history() {
      return w.persistence().history;
    },
    diagnostics: {
      diagnostics: () => w.discovery()?.diagnostics.diagnostics() ?? [],
      counts: () => w.discovery()?.diagnostics.counts() ?? { seen: {}, current: {}, evicted: 0 },
    },
    alerts: {
      raise: (a) => w.persistence().alerts.raise(a),
      list: (q) => w.persistence().alerts.list(q),
      acknowledge: (id) => w.persistence().alerts.acknowledge(id),
    },
    async removeDevice(id) {
      const device = registry.device(id);
      const bridge = w.esp32();
      if (device?.source !== ESP32_SOURCE || !id.startsWith(NODE_PREFIX) || !bridge) {
        throw new ValidationError(`device '${id}' comes from MQTT discovery; remove it where it is announced (its retained config)`);
      }
      await bridge.removeDevice(id.slice(NODE_PREFIX.length));
    },
    image: (entityId) => w.discovery()?.images.get(entityId),
    tagScanners: (deviceId) => (w.discovery()?.tagScanners(deviceId) ?? []).map((t) => ({ topic: t.topic })),
    deviceDetails(id) {
      const s = id.startsWith(NODE_PREFIX) ? w.esp32()?.session(id.slice(NODE_PREFIX.length)) : undefined;
      if (!s) return undefined;
      return { online: s.online, last_seen: s.lastSeen === null ? null : new Date(s.lastSeen).toISOString(), metrics: s.metrics, counters: { ...s.counters } };
    },
  };
}
