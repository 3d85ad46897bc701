import type { McpServer } from '@modelcontextprotocol/server';
import type { UseCaseDeps } from '../../../usecases/deps.js';
import { mqttListTopics, MqttListTopicsInput, MqttListTopicsOutput } from '../../../usecases/mqtt-topics.js';
import { run } from './shared.js';

export function registerMqttListTopicsTool(server: McpServer, deps: UseCaseDeps): void {
  server.registerTool(
    'mqtt_list_topics',
    {
      title: 'List MQTT topics',
      description:
        'Browse the MQTT topics seen on the broker since Switchyard started (a live index of up to 10,000 topics), ' +
        'with a wildcard filter, whether the last message was retained, ' +
        'how many messages arrived and a preview of the last payload (≤ 256 bytes). Instant: use it to discover ' +
        'topics before mqtt_subscribe_collect or mqtt_publish. ' +
        'Each connection has its own index: the default "main" is Switchyard\'s broker; pass `connection` for a ' +
        'broker profile listed by mqtt_connections.',
      inputSchema: MqttListTopicsInput,
      outputSchema: MqttListTopicsOutput,
      annotations: { readOnlyHint: true, destructiveHint: false, idempotentHint: true, openWorldHint: true },
    },
    async (args) => run(() => mqttListTopics(deps, args)),
  );
}
