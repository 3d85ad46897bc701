import type { McpServer } from '@modelcontextprotocol/server';
import type { UseCaseDeps } from '../../../usecases/deps.js';
import { CAPTURE_KEEP_MS } from '../../../usecases/captures.js';
import {
  MAX_CAPTURE_SECONDS,
  MAX_COLLECT_SECONDS,
  mqttSubscribeCollect,
  MqttSubscribeCollectInput,
  MqttSubscribeCollectOutput,
} from '../../../usecases/mqtt-capture.js';
import { run } from './shared.js';

export function registerMqttSubscribeCollectTool(server: McpServer, deps: UseCaseDeps): void {
  server.registerTool(
    'mqtt_subscribe_collect',
    {
      title: 'Listen to MQTT topics',
      description:
        `Subscribe to 1–10 MQTT topic filters for a window (at most ${MAX_CAPTURE_SECONDS} s, at most 500 messages) ` +
        `and return what arrived, retained messages included by default. ` +
        `Windows up to ${MAX_COLLECT_SECONDS} s are answered in the call; longer ones return a capture_id at once ` +
        `and keep collecting in the background: ` +
        `poll it with mqtt_get_capture (kept ${CAPTURE_KEEP_MS / 60_000} minutes after the window ends). ` +
        'To see which topics exist, mqtt_list_topics is instant. ' +
        'It listens on Switchyard\'s broker ("main") unless `connection` names a broker profile listed by ' +
        'mqtt_connections. ' +
        'Use it to see what a device or integration is actually sending, or to discover topics; for entities ' +
        'Switchyard knows, get_entity and get_history are cheaper.',
      inputSchema: MqttSubscribeCollectInput,
      outputSchema: MqttSubscribeCollectOutput,
      annotations: { readOnlyHint: true, destructiveHint: false, idempotentHint: false, openWorldHint: true },
    },
    async (args) => run(() => mqttSubscribeCollect(deps, args)),
  );
}
