import type { McpServer } from '@modelcontextprotocol/server';
import type { UseCaseDeps } from '../../../usecases/deps.js';
import { getDevice, GetDeviceInput, GetDeviceOutput } from '../../../usecases/devices.js';
import { run } from './shared.js';

export function registerGetDeviceTool(server: McpServer, deps: UseCaseDeps): void {
  server.registerTool(
    'get_device',
    {
      title: 'Get a device',
      description:
        'One device in detail: its record (manufacturer, model, firmware), live status and metrics when Switchyard ' +
        'talks to it directly, its entities with their states, and its active alerts. ' +
        'Use it to troubleshoot a device or to see everything it exposes.',
      inputSchema: GetDeviceInput,
      outputSchema: GetDeviceOutput,
      annotations: { readOnlyHint: true, destructiveHint: false, idempotentHint: true, openWorldHint: false },
    },
    async (args) => run(() => getDevice(deps, args)),
  );
}
