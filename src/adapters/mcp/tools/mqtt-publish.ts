import type { McpServer } from '@modelcontextprotocol/server';
import type { UseCaseDeps } from '../../../usecases/deps.js';
import { mqttPublish, MqttPublishInput, MqttPublishOutput } from '../../../usecases/mqtt-publish.js';
import { run } from './shared.js';

export function registerMqttPublishTool(server: McpServer, deps: UseCaseDeps): void {
  server.registerTool(
    'mqtt_publish',
    {
      title: 'Publish an MQTT message',
      description:
        'Publish one raw MQTT message (QoS 0/1/2, optionally retained, up to 1 MiB) on the broker Switchyard uses, ' +
        'or with `connection` on another broker configured as a profile (see mqtt_connections; read-only profiles ' +
        'refuse). ' +
        'Use it only for devices or topics Switchyard has no entity for; to control known entities use ' +
        'control_entities, which checks ranges and confirms the state. ' +
        'Topics under the Home Assistant discovery prefix are refused unless allow_discovery is true.',
      inputSchema: MqttPublishInput,
      outputSchema: MqttPublishOutput,
      annotations: { readOnlyHint: false, destructiveHint: true, idempotentHint: false, openWorldHint: true },
    },
    async (args) => run(() => mqttPublish(deps, args)),
  );
}
