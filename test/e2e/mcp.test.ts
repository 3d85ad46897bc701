// The MCP endpoint as the app serves it: /mcp on the add-on's HTTP port, the SDK's real client.
import { Client, StreamableHTTPClientTransport } from '@modelcontextprotocol/client';
import { afterEach, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../helpers/app.js';
import { eventually } from '../helpers/net.js';

let t: TestApp | undefined;
afterEach(async () => {
  await t?.close();
  t = undefined;
});

describe('mcp in the app', () => {
  it('serves the tools at /mcp over a real socket and controls a discovered entity', async () => {
    t = await startTestApp();
    const app = t;
    await app.client.publishAsync(
      'homeassistant/switch/porch/config',
      JSON.stringify({ name: 'Porch Light', unique_id: 'porch', command_topic: 'porch/set' }),
      { qos: 1 },
    );
    await eventually(() => app.app.registry.entity('switch.porch_light'));
    const client = new Client({ name: 'switchyard-e2e', version: '1.0.0' });
    await client.connect(new StreamableHTTPClientTransport(new URL(`http://127.0.0.1:${app.app.http.port}/mcp`)));
    try {
      const tools = (await client.listTools()).tools.map((tool) => tool.name);
      expect(tools).toEqual(
        expect.arrayContaining([
          'search_entities',
          'control_entities',
          'get_system_status',
          'list_automations',
          'mqtt_publish',
          'validate_automation',
          'save_automation',
          'delete_automation',
        ]),
      );
      const found = await client.callTool({ name: 'search_entities', arguments: { query: 'porch' } });
      expect(found.isError).toBeFalsy();
      expect(JSON.stringify(found.structuredContent)).toContain('switch.porch_light');
      const done = await client.callTool({
        name: 'control_entities',
        arguments: { target: { entity_ids: ['switch.porch_light'] }, action: 'turn_on' },
      });
      expect(done.isError, JSON.stringify(done.content)).toBeFalsy();
      await eventually(() => app.app.states.get('switch.porch_light')?.state === 'on');
    } finally {
      await client.close();
    }
  });
});
