// Wiring of the MCP endpoint (part of the composition root): the tools see the same core services as
// the REST API; the MQTT connection exists only after start(), so it is reached through a getter.
import { resolve } from 'node:path';
import { loadAutomationText } from '../adapters/automations/loader.js';
import type { AutomationApiDeps } from '../adapters/http/routes/automations.js';
import type { ApiDeps } from '../adapters/http/routes/api-deps.js';
import type { HealthReport } from '../adapters/http/routes/health.js';
import type { McpDeps } from '../adapters/mcp/deps.js';
import { createMcpHttpHandler } from '../adapters/mcp/http-handler.js';
import type { MqttConnection } from '../adapters/mqtt/mqtt-connection.js';
import type { Settings } from '../config/settings.js';
import type { Clock } from '../core/clock.js';
import type { CommandRouter } from '../core/commands.js';
import type { Registry } from '../core/registry.js';
import type { StateStore } from '../core/state-store.js';

export interface McpWiring {
  registry: Registry;
  states: StateStore;
  commands: CommandRouter;
  clock: Clock;
  api: ApiDeps;
  health: () => HealthReport;
  settings: Settings;
  version: string;
  mqtt: () => MqttConnection;
  automations: AutomationApiDeps;
}

export function createMcpHandler(w: McpWiring): ReturnType<typeof createMcpHttpHandler> {
  const deps: McpDeps = {
    registry: w.registry,
    states: w.states,
    commands: w.commands,
    clock: w.clock,
    history: w.api.history,
    alerts: w.api.alerts,
    automations: w.automations,
    messages: {
      publish: (topic, payload, opts) => w.mqtt().publish(topic, payload, opts),
      subscribe: (filter, handler, opts) => w.mqtt().subscribe(filter, handler, opts),
      get connected() {
        try {
          return w.mqtt().connected;
        } catch {
          return false;
        }
      },
    },
    health: w.health,
    discoveryPrefix: w.settings.discovery_prefix,
    maxPublishBytes: 1024 * 1024,
    deviceDetails: (id) => w.api.deviceDetails(id),
    version: w.version,
    automationFiles: {
      dir: resolve(w.settings.automations_dir),
      validate: (text, fileName) => {
        const r = loadAutomationText(text, fileName, { dir: resolve(w.settings.automations_dir) });
        return { ok: !r.diagnostics.some((d) => d.severity === 'error'), diagnostics: r.diagnostics, ids: r.automations.map((a) => a.id) };
      },
    },
  };
  // with a token every request is authenticated, so any Host may be used; without one only loopback names
  // are accepted, which keeps DNS-rebinding pages away from the local, unauthenticated endpoint
  return createMcpHttpHandler(deps, { allowedHosts: w.settings.api_token ? ['*'] : [] });
}
