import { Client, InMemoryTransport } from '@modelcontextprotocol/client';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { UseCaseDeps as McpDeps } from '../../../src/usecases/deps.js';
import { createMcpServer } from '../../../src/adapters/mcp/mcp-server.js';
import { createSimulatedDevice, type SimulatedDevice } from '../../../sim/simulated-device.js';
import type { TestApp } from '../../helpers/app.js';
import { eventually } from '../../helpers/net.js';

/** The MCP deps the app itself wires (src/app/mcp.ts); `automationFiles` is left out unless a test passes it. */
export function depsFrom(t: TestApp, overrides: Partial<McpDeps> = {}): McpDeps {
  const { automationFiles: _files, ...deps } = t.app.mcpDeps;
  return { ...deps, ...overrides };
}

/** The SDK's real client, linked in memory to a fresh server over the deps. */
export async function connectInMemory(deps: McpDeps): Promise<{ client: Client; close(): Promise<void> }> {
  const server = createMcpServer(deps);
  const [clientTransport, serverTransport] = InMemoryTransport.createLinkedPair();
  await server.connect(serverTransport);
  const client = new Client({ name: 'switchyard-test', version: '1.0.0' });
  await client.connect(clientTransport);
  return {
    client,
    close: async () => {
      await client.close();
      await server.close();
    },
  };
}

export const AUTOMATIONS = `
- id: fan_when_hot
  alias: Fan on when the kitchen is hot
  triggers:
    - trigger: numeric_state
      entity_id: sensor.kitchen_temperature
      above: 40
  actions:
    - action: switch.turn_on
      target:
        entity_id: switch.attic_fan
`;

/** Discovery entities in two rooms, one automation, sensor history, and a simulated ESP32 in the kitchen. */
export async function populate(t: TestApp): Promise<SimulatedDevice> {
  const announce = (component: string, id: string, config: object) =>
    t.client.publishAsync(`homeassistant/${component}/${id}/config`, JSON.stringify({ unique_id: id, ...config }), {
      qos: 1,
    });
  await announce('sensor', 'kt', {
    name: 'Kitchen Temperature',
    state_topic: 'kitchen/temp',
    unit_of_measurement: '°C',
  });
  await announce('light', 'kc', { name: 'Kitchen Ceiling', command_topic: 'lights/kc/set' });
  await announce('light', 'bl', { name: 'Bedroom Lamp', command_topic: 'lights/bl/set' });
  await announce('switch', 'af', { name: 'Attic Fan', command_topic: 'attic/fan/set', state_topic: 'attic/fan/state' });
  await eventually(
    () =>
      t.app.registry.entity('switch.attic_fan') &&
      t.app.registry.entity('light.bedroom_lamp') &&
      t.app.registry.entity('sensor.kitchen_temperature'),
  );
  for (const v of ['20.5', '21', '22.5']) {
    await t.client.publishAsync('kitchen/temp', v, { qos: 1 });
    await eventually(() => t.app.states.get('sensor.kitchen_temperature')?.state === v);
  }
  writeFileSync(join(t.dataDir, 'automations', 'kitchen.yaml'), AUTOMATIONS);
  await t.app.automations.reload();
  const device = createSimulatedDevice({
    url: `mqtt://127.0.0.1:${t.brokerPort}`,
    deviceId: 'kitchen',
    intervalMs: 200,
    reconnectPeriodMs: 0,
  });
  await device.start();
  await eventually(() => t.app.states.get('switch.simulated_esp32_kitchen_relay')?.state === 'off');
  return device;
}
