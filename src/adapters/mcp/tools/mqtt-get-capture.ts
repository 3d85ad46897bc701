import type { McpServer } from '@modelcontextprotocol/server';
import type { UseCaseDeps } from '../../../usecases/deps.js';
import { mqttGetCapture, MqttGetCaptureInput, MqttGetCaptureOutput } from '../../../usecases/mqtt-capture.js';
import { run } from './shared.js';

export function registerMqttGetCaptureTool(server: McpServer, deps: UseCaseDeps): void {
  server.registerTool(
    'mqtt_get_capture',
    {
      title: 'Read a long MQTT capture',
      description:
        'Returns what a background capture started by mqtt_subscribe_collect (windows over 50 s) has collected so ' +
        'far and whether it is done. ' +
        'Poll with from = the previous next_from to get only new messages, wait_seconds to wait for the end, stop: ' +
        'true to end it early. Captures are dropped 10 minutes after their window ends.',
      inputSchema: MqttGetCaptureInput,
      outputSchema: MqttGetCaptureOutput,
      annotations: { readOnlyHint: true, destructiveHint: false, idempotentHint: false, openWorldHint: true },
    },
    async (args) => run(() => mqttGetCapture(deps, args)),
  );
}
