import type { McpServer } from '@modelcontextprotocol/server';
import { MAIN_CONNECTION, type UseCaseDeps } from '../../../usecases/deps.js';
import { mqttConnections, MqttConnectionsInput, MqttConnectionsOutput } from '../../../usecases/mqtt-connections.js';
import { run } from './shared.js';

export function registerMqttConnectionsTool(server: McpServer, deps: UseCaseDeps): void {
  server.registerTool(
    'mqtt_connections',
    {
      title: 'List MQTT connections',
      description:
        'Lists the MQTT broker connections the raw MQTT tools (mqtt_list_topics, mqtt_publish, ' +
        'mqtt_subscribe_collect) can use via their `connection` argument: ' +
        `"${MAIN_CONNECTION}" (the default, the broker Switchyard and Home Assistant use) plus any extra broker ` +
        `profiles from the add-on settings, ` +
        'each with its broker URL (never credentials), whether it is connected and whether publishing is allowed. ' +
        'Call it before using a connection other than "main".',
      inputSchema: MqttConnectionsInput,
      outputSchema: MqttConnectionsOutput,
      annotations: { readOnlyHint: true, destructiveHint: false, idempotentHint: true, openWorldHint: false },
    },
    async () => run(() => mqttConnections(deps)),
  );
}
