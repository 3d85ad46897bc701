// Wiring of the MCP endpoint (part of the composition root): the tools see the same core services as
// the REST API; the MQTT connection exists only after start(), so it is reached through a getter.
// The MQTT topic index (fed by one `#` subscription) and the capture store live here, shared by the MCP
// tools and the REST routes; the REST routes reach the tool logic through `toolApi` (adapters never
// import each other).
import { resolve } from 'node:path';
import type { z } from 'zod';
import { loadAutomationText } from '../adapters/automations/loader.js';
import type { AutomationApiDeps } from '../adapters/http/routes/automations.js';
import type { ApiDeps } from '../adapters/http/routes/api-deps.js';
import type { HealthReport } from '../adapters/http/routes/health.js';
import type { ToolApi } from '../adapters/http/routes/tool-api.js';
import { createCaptureStore, type CaptureStore } from '../adapters/mcp/captures.js';
import { MAIN_CONNECTION, type McpConnection, type McpDeps, type McpRuntime } from '../adapters/mcp/deps.js';
import type { McpHttpHandler, McpHttpOptions } from '../adapters/mcp/http-handler.js';
import { DeleteAutomationInput, DeleteAutomationOutput, deleteAutomation } from '../adapters/mcp/tools/delete-automation.js';
import { GetSystemStatusOutput, getSystemStatus } from '../adapters/mcp/tools/get-system-status.js';
import { ListAreasOutput, listAreas } from '../adapters/mcp/tools/list-areas.js';
import { MqttConnectionsOutput, mqttConnections } from '../adapters/mcp/tools/mqtt-connections.js';
import { MqttGetCaptureInput, MqttGetCaptureOutput, mqttGetCapture } from '../adapters/mcp/tools/mqtt-get-capture.js';
import { MqttListTopicsInput, MqttListTopicsOutput, mqttListTopics } from '../adapters/mcp/tools/mqtt-list-topics.js';
import { MqttPublishInput, MqttPublishOutput, mqttPublish } from '../adapters/mcp/tools/mqtt-publish.js';
import { MqttStartCaptureInput, MqttSubscribeCollectOutput, mqttStartCapture } from '../adapters/mcp/tools/mqtt-subscribe-collect.js';
import { SaveAutomationInput, SaveAutomationOutput, saveAutomation } from '../adapters/mcp/tools/save-automation.js';
import { ValidateAutomationInput, ValidateAutomationOutput, validateAutomation } from '../adapters/mcp/tools/validate-automation.js';
import type { MqttConnection } from '../adapters/mqtt/mqtt-connection.js';
import type { Settings } from '../config/settings.js';
import type { Clock } from '../core/clock.js';
import type { CommandRouter } from '../core/commands.js';
import type { Unsubscribe } from '../core/event-bus.js';
import { ValidationError } from '../core/errors.js';
import type { MessageBus, Service } from '../core/ports.js';
import type { Registry } from '../core/registry.js';
import type { StateStore } from '../core/state-store.js';
import { createTopicIndex, type TopicIndex } from '../core/topic-index.js';
import type { ProfileConnection } from './mqtt.js';

export interface McpWiring {
  registry: Registry;
  states: StateStore;
  commands: CommandRouter;
  clock: Clock;
  api: ApiDeps;
  health: () => HealthReport;
  /** message rates, history writer and process figures for get_system_status */
  runtime?: () => McpRuntime;
  settings: Settings;
  version: string;
  mqtt: () => MqttConnection;
  automations: AutomationApiDeps;
  /** the topic index; one is created when not given */
  topics?: TopicIndex;
  /** the capture store; one is created when not given */
  captures?: CaptureStore;
  /** extra broker connections from the `mqtt_profiles` setting (the MQTT tools' `connection` ids) */
  profiles?: readonly ProfileConnection[];
}

export interface McpParts {
  /** the Streamable HTTP handler for /mcp (loads the MCP SDK on its first request) */
  handler: McpHttpHandler;
  /** the tool logic for the REST routes */
  toolApi: ToolApi;
  topics: TopicIndex;
  /** one topic index per MQTT profile, by profile name */
  profileTopics: ReadonlyMap<string, TopicIndex>;
  captures: CaptureStore;
  /** start after MQTT: subscribes `#` on the main connection and every profile and feeds their topic indexes; stop ends every capture */
  topicFeed: (messages: () => MessageBus) => Service;
  deps: McpDeps;
}

/** Parses REST input with a tool's own schema, so both sides apply the same rules and defaults. */
function parse<S extends z.ZodType>(schema: S, input: unknown, where: string): z.infer<S> {
  const result = schema.safeParse(input ?? {});
  if (result.success) return result.data;
  const details = result.error.issues.map((i) => `${[where, ...i.path].join('.')}: ${i.message}`);
  throw new ValidationError(details.join('; '), details);
}

export function createMcp(w: McpWiring): McpParts {
  const topics = w.topics ?? createTopicIndex({ now: () => w.clock.now() });
  const captures = w.captures ?? createCaptureStore({ now: () => w.clock.now() });
  const profiles = w.profiles ?? [];
  const profileTopics = new Map(profiles.map((p) => [p.id, createTopicIndex({ now: () => w.clock.now() })]));
  const deps: McpDeps = {
    registry: w.registry,
    states: w.states,
    commands: w.commands,
    clock: w.clock,
    // read when a tool runs: storage exists only after start()
    get history() {
      return w.api.history;
    },
    alerts: w.api.alerts,
    automations: w.automations,
    messages: {
      publish: (topic, payload, opts) => w.mqtt().publish(topic, payload, opts),
      subscribe: (filter, handler, opts) => w.mqtt().subscribe(filter, handler, opts),
      unsubscribe: (filter, handler) => w.mqtt().unsubscribe(filter, handler),
      get connected() {
        try {
          return w.mqtt().connected;
        } catch {
          return false;
        }
      },
    },
    health: w.health,
    ...(w.runtime ? { runtime: w.runtime } : {}),
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
    topics,
    captures,
    connections: {
      list: () => [
        { id: MAIN_CONNECTION, broker: w.health().mqtt.broker, connected: deps.messages.connected, default: true, publish_allowed: true },
        ...profiles.map((p) => ({ id: p.id, broker: p.connection.brokerUrl, connected: p.connection.connected, default: false, publish_allowed: p.publish })),
      ],
      get: (id): McpConnection | undefined => {
        if (id === MAIN_CONNECTION) {
          return { id, broker: w.health().mqtt.broker, connected: deps.messages.connected, default: true, publish_allowed: true, messages: deps.messages, topics };
        }
        const p = profiles.find((x) => x.id === id);
        if (!p) return undefined;
        const index = profileTopics.get(p.id);
        return {
          id: p.id,
          broker: p.connection.brokerUrl,
          connected: p.connection.connected,
          default: false,
          publish_allowed: p.publish,
          messages: p.connection,
          ...(index ? { topics: index } : {}),
        };
      },
    },
  };
  const toolApi: ToolApi = {
    listAreas: async () => listAreas(deps),
    systemStatus: async () => getSystemStatus(deps),
    mqttConnections: async () => mqttConnections(deps),
    mqttPublish: (input) => mqttPublish(deps, parse(MqttPublishInput, input, 'body')),
    mqttTopics: async (input) => mqttListTopics(deps, parse(MqttListTopicsInput, input, 'query')),
    mqttStartCapture: (input) => mqttStartCapture(deps, parse(MqttStartCaptureInput, input, 'body')),
    mqttGetCapture: (input) => mqttGetCapture(deps, parse(MqttGetCaptureInput, input, 'query')),
    validateAutomation: async (input) => validateAutomation(deps, parse(ValidateAutomationInput, input, 'body')),
    saveAutomation: (input) => saveAutomation(deps, parse(SaveAutomationInput, input, 'body')),
    deleteAutomation: (input) => deleteAutomation(deps, parse(DeleteAutomationInput, input, 'body')),
    // the schemas the functions above parse with and answer by, for the REST routes' OpenAPI document
    schemas: {
      listAreas: { output: ListAreasOutput },
      systemStatus: { output: GetSystemStatusOutput },
      mqttConnections: { output: MqttConnectionsOutput },
      mqttPublish: { input: MqttPublishInput, output: MqttPublishOutput },
      mqttTopics: { input: MqttListTopicsInput, output: MqttListTopicsOutput },
      // a started capture answers its handle, never messages (the tool's output for windows over 50 s)
      mqttStartCapture: { input: MqttStartCaptureInput, output: MqttSubscribeCollectOutput.omit({ messages: true, count: true, ended_by: true }).required() },
      mqttGetCapture: { input: MqttGetCaptureInput, output: MqttGetCaptureOutput },
      validateAutomation: { input: ValidateAutomationInput, output: ValidateAutomationOutput },
      saveAutomation: { input: SaveAutomationInput, output: SaveAutomationOutput },
      deleteAutomation: { input: DeleteAutomationInput, output: DeleteAutomationOutput },
    },
  };
  const topicFeed = (messages: () => MessageBus): Service => {
    const unsubscribes: Unsubscribe[] = [];
    return {
      name: 'mqtt topic index',
      async start() {
        unsubscribes.push(await messages().subscribe('#', (m) => topics.record(m)));
        // a profile connection takes the subscription even before it connects and restores it on every reconnect
        for (const p of profiles) {
          const index = profileTopics.get(p.id);
          if (index) unsubscribes.push(await p.connection.subscribe('#', (m) => index.record(m)));
        }
      },
      async stop() {
        for (const unsubscribe of unsubscribes.splice(0)) unsubscribe();
        captures.close();
      },
    };
  };
  // with a token every request is authenticated, so any Host may be used; without one only loopback names
  // are accepted, which keeps DNS-rebinding pages away from the local, unauthenticated endpoint
  const handler = lazyMcpHandler(deps, { allowedHosts: w.settings.api_token ? ['*'] : [] });
  return { handler, toolApi, topics, profileTopics, captures, topicFeed, deps };
}

/**
 * The /mcp handler, built on its first request: the MCP SDK, its HTTP adapter and the tool server cost
 * about a tenth of a second to load, which start-up (spawn → healthy) need not pay for an endpoint that
 * may never be called. Every tool is still registered when the server is built, so tools/list is complete.
 */
function lazyMcpHandler(deps: McpDeps, options: McpHttpOptions): McpHttpHandler {
  let loading: Promise<McpHttpHandler> | undefined;
  const load = () =>
    import('../adapters/mcp/http-handler.js').then(
      (m) => m.createMcpHttpHandler(deps, options),
      (err: unknown) => {
        loading = undefined; // let the next request try again
        throw err;
      },
    );
  return async (req, res, body) => {
    loading ??= load();
    const handler = await loading;
    await handler(req, res, body);
  };
}
