// The HTTP server of the composition root: the ingress panel (and its live states, MQTT topics and log) and every
// REST and MCP route. The REST routes run on the use-case deps (app/usecases.ts), the same object the MCP tools run on.
import type { Settings } from '../config/settings.js';
import type { Logger } from '../core/logger.js';
import type { EventBus } from '../core/event-bus.js';
import type { CoreEvents } from '../core/events.js';
import type { Registry } from '../core/registry.js';
import type { StateStore } from '../core/state-store.js';
import type { AutomationEngine } from '../automations/engine.js';
import type { DiscoveryConsumer } from '../adapters/discovery/discovery-consumer.js';
import type { Esp32Bridge } from '../adapters/esp32/bridge.js';
import { NODE_PREFIX } from '../adapters/esp32/ha-configs.js';
import { createHttpServer, type HttpServer } from '../adapters/http/http-server.js';
import { registerActionRoutes } from '../adapters/http/routes/actions.js';
import { registerAlertRoutes } from '../adapters/http/routes/alerts.js';
import { registerAutomationFileRoutes } from '../adapters/http/routes/automation-files.js';
import { registerAutomationRoutes } from '../adapters/http/routes/automations.js';
import { registerConversationRoutes } from '../adapters/http/routes/conversation.js';
import { registerIntentRoutes } from '../adapters/http/routes/intents.js';
import { registerWebhookRoutes } from '../adapters/http/routes/webhooks.js';
import { registerDeviceRoutes } from '../adapters/http/routes/devices.js';
import { registerDiscoveryRoutes } from '../adapters/http/routes/discovery.js';
import { registerEntityRoutes } from '../adapters/http/routes/entities.js';
import type { HealthReport } from '../adapters/http/routes/health.js';
import { registerMcpRoute } from '../adapters/http/routes/mcp.js';
import { registerMqttRoutes } from '../adapters/http/routes/mqtt.js';
import { registerStateEventRoutes } from '../adapters/http/routes/state-events.js';
import { registerLiveEventRoutes } from '../adapters/http/routes/live-events.js';
import { panelOverview } from '../usecases/panel-overview.js';
import { registerSystemRoutes } from '../adapters/http/routes/system.js';
import type { StorageService } from '../adapters/storage/storage-service.js';
import type { BrokerLogin } from '../adapters/broker/embedded-broker.js';
import type { McpHttpHandler } from '../adapters/mcp/http-handler.js';
import type { UseCaseDeps } from '../usecases/deps.js';

export interface AppHttpWiring {
  settings: Settings;
  log: Logger;
  health: () => HealthReport;
  registry: Registry;
  states: StateStore;
  /** the core bus: the panel's live states (GET /api/events/states) listen on it while a client is connected */
  bus: EventBus<CoreEvents>;
  deps: UseCaseDeps;
  /** the /mcp endpoint */
  mcpHandler: McpHttpHandler;
  esp32: () => Esp32Bridge | undefined;
  discovery: () => DiscoveryConsumer | undefined;
  persistence: () => StorageService | undefined;
  automations: () => AutomationEngine | undefined;
  brokerLogin: () => BrokerLogin | undefined;
  /** SUPERVISOR_TOKEN is set: Home Assistant's ingress proxy is trusted */
  underSupervisor: boolean;
}

export function createAppHttp(w: AppHttpWiring): HttpServer {
  const { deps } = w;
  return createHttpServer({
    log: w.log.child({ part: 'http' }),
    host: w.settings.http_host,
    port: w.settings.http_port,
    apiToken: w.settings.api_token,
    underSupervisor: w.underSupervisor,
    health: w.health,
    panel: () =>
      panelOverview({
        health: w.health,
        registry: w.registry,
        states: w.states,
        deviceOnline: (id) =>
          id.startsWith(NODE_PREFIX) ? w.esp32()?.session(id.slice(NODE_PREFIX.length))?.online : undefined,
        automations: () => w.automations()?.list() ?? [],
        automationProblems: () => w.automations()?.diagnostics().length ?? 0,
        discoveryProblems: () => w.discovery()?.diagnostics.diagnostics().length ?? 0,
        activeAlerts: () => w.persistence()?.alerts.list({ active: true }).length ?? 0,
        brokerLogin: w.brokerLogin,
      }),
    // every route group is a thin shell over the use cases
    routes: [
      registerEntityRoutes,
      registerDeviceRoutes,
      registerActionRoutes,
      registerDiscoveryRoutes,
      registerAlertRoutes,
      registerSystemRoutes,
      registerMqttRoutes,
      registerAutomationFileRoutes,
      registerWebhookRoutes,
      registerConversationRoutes,
      registerIntentRoutes,
    ]
      .map((register) => (app: Parameters<typeof register>[0]) => register(app, deps))
      .concat(
        (app) => registerAutomationRoutes(app, deps.automations),
        (app) => registerMcpRoute(app, w.mcpHandler),
        (app) => {
          registerStateEventRoutes(app, { bus: w.bus });
        },
        (app) => {
          registerLiveEventRoutes(app, deps);
        },
      ),
  });
}
