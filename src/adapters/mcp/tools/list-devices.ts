import type { McpServer } from '@modelcontextprotocol/server';
import type { UseCaseDeps } from '../../../usecases/deps.js';
import { listDevices, ListDevicesInput, ListDevicesOutput } from '../../../usecases/devices.js';
import { run } from './shared.js';

export function registerListDevicesTool(server: McpServer, deps: UseCaseDeps): void {
  server.registerTool(
    'list_devices',
    {
      title: 'List devices',
      description:
        'Physical or logical devices (Zigbee2MQTT/ESPHome/Tasmota devices announced by MQTT discovery, and ' +
        "Switchyard's own ESP32 devices) with area, model and entity count. " +
        'Use it to answer "what devices are there" or to find a device_id for get_device or ' +
        'control_entities(target.device_id).',
      inputSchema: ListDevicesInput,
      outputSchema: ListDevicesOutput,
      annotations: { readOnlyHint: true, destructiveHint: false, idempotentHint: true, openWorldHint: false },
    },
    async (args) => run(() => listDevices(deps, args)),
  );
}
