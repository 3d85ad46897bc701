// The HTTP server of the composition root: the ingress panel and every REST and MCP route, over the
// services app.ts creates (reached through getters: most exist only after start()).
import type { Settings } from '../config/settings.js';
import type { Logger } from '../core/logger.js';
import type { Registry } from '../core/registry.js';
import type { StateStore } from '../core/state-store.js';
import type { AutomationEngine } from '../automations/engine.js';
import type { DiscoveryConsumer } from '../adapters/discovery/discovery-consumer.js';
import type { Esp32Bridge } from '../adapters/esp32/bridge.js';
import { NODE_PREFIX } from '../adapters/esp32/ha-configs.js';
import { createHttpServer, type HttpServer } from '../adapters/http/http-server.js';
import { registerActionRoutes } from '../adapters/http/routes/actions.js';
import { registerAlertRoutes } from '../adapters/http/routes/alerts.js';
import type { ApiDeps } from '../adapters/http/routes/api-deps.js';
import { registerAutomationFileRoutes } from '../adapters/http/routes/automation-files.js';
import { registerAutomationRoutes } from '../adapters/http/routes/automations.js';
import { registerDeviceRoutes } from '../adapters/http/routes/devices.js';
import { registerDiscoveryRoutes } from '../adapters/http/routes/discovery.js';
import { registerEntityRoutes } from '../adapters/http/routes/entities.js';
import type { HealthReport } from '../adapters/http/routes/health.js';
import { registerMcpRoute } from '../adapters/http/routes/mcp.js';
import { registerMqttRoutes } from '../adapters/http/routes/mqtt.js';
import { buildPanelData } from '../adapters/http/routes/panel.js';
import { registerSystemRoutes } from '../adapters/http/routes/system.js';
import type { Persistence } from '../adapters/storage/persistence.js';
import type { BrokerLogin } from '../adapters/broker/embedded-broker.js';
import { automationApi } from './automations.js';
import type { McpParts } from './mcp.js';

export interface AppHttpWiring {
  settings: Settings;
  log: Logger;
  health: () => HealthReport;
  registry: Registry;
  states: StateStore;
  api: ApiDeps;
  mcp: McpParts;
  esp32: () => Esp32Bridge | undefined;
  discovery: () => DiscoveryConsumer | undefined;
  persistence: () => Persistence | undefined;
  automations: () => AutomationEngine | undefined;
  brokerLogin: () => BrokerLogin | undefined;
}

export function createAppHttp(w: AppHttpWiring): HttpServer {
  const { api, mcp } = w;
  return createHttpServer({
    log: w.log.child({ part: 'http' }),
    host: w.settings.http_host,
    port: w.settings.http_port,
    apiToken: w.settings.api_token,
    health: w.health,
    panel: () =>
      buildPanelData({
        health: w.health,
        registry: w.registry,
        states: w.states,
        deviceOnline: (id) => (id.startsWith(NODE_PREFIX) ? w.esp32()?.session(id.slice(NODE_PREFIX.length))?.online : undefined),
        automations: () => w.automations()?.list() ?? [],
        automationProblems: () => w.automations()?.diagnostics().length ?? 0,
        discoveryProblems: () => w.discovery()?.diagnostics.diagnostics().length ?? 0,
        activeAlerts: () => w.persistence()?.alerts.list({ active: true }).length ?? 0,
        brokerLogin: w.brokerLogin,
      }),
    routes: [registerEntityRoutes, registerDeviceRoutes, registerActionRoutes, registerDiscoveryRoutes, registerAlertRoutes]
      .map((register) => (app: Parameters<typeof register>[0]) => register(app, api))
      .concat(
        (app) => registerAutomationRoutes(app, automationApi(w.automations)),
        (app) => registerSystemRoutes(app, mcp.toolApi),
        (app) => registerMqttRoutes(app, mcp.toolApi),
        (app) => registerAutomationFileRoutes(app, mcp.toolApi),
        (app) => registerMcpRoute(app, mcp.handler),
      ),
  });
}
