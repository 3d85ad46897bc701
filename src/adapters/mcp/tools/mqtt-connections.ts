import type { McpServer } from '@modelcontextprotocol/server';
import { z } from 'zod';
import type { McpDeps } from '../deps.js';
import { run, type Structured } from './shared.js';

export const MqttConnectionsInput = z.object({});

export const MqttConnectionsOutput = z.object({
  connections: z.array(
    z.object({
      connection_id: z.string(),
      profile: z.string(),
      broker: z.string().describe('broker URL without credentials, or "embedded" for the built-in broker'),
      connected: z.boolean(),
      default: z.boolean(),
    }),
  ),
  profiles_configurable: z.boolean().describe('whether extra broker profiles can be configured (not yet)'),
  note: z.string(),
});

/** A broker URL without user name or password (the health report already redacts; this makes sure). */
export function brokerWithoutCredentials(broker: string): string {
  try {
    const url = new URL(broker);
    if (!url.username && !url.password) return broker;
    url.username = '';
    url.password = '';
    return url.toString();
  } catch {
    return broker.replace(/\/\/[^@/]*@/, '//');
  }
}

export function mqttConnections(deps: McpDeps): Structured {
  const { mqtt } = deps.health();
  return {
    connections: [{ connection_id: 'main', profile: 'default', broker: brokerWithoutCredentials(mqtt.broker), connected: mqtt.connected, default: true }],
    profiles_configurable: false,
    note: 'Only the broker Switchyard itself uses (the add-on settings) is available; extra broker profiles cannot be configured yet, and credentials are never taken from a tool call.',
  };
}

export function registerMqttConnectionsTool(server: McpServer, deps: McpDeps): void {
  server.registerTool(
    'mqtt_connections',
    {
      title: 'List MQTT connections',
      description:
        'Lists the MQTT broker connections the raw MQTT tools (mqtt_list_topics, mqtt_publish, mqtt_subscribe_collect) can use, with the broker URL (never credentials) and whether it is connected. ' +
        'Connections come only from the add-on settings; today that is the one broker Switchyard uses.',
      inputSchema: MqttConnectionsInput,
      outputSchema: MqttConnectionsOutput,
      annotations: { readOnlyHint: true, destructiveHint: false, idempotentHint: true, openWorldHint: false },
    },
    async () => run(() => mqttConnections(deps)),
  );
}
