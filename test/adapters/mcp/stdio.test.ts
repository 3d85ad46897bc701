// The stdio launcher (compiled, as `switchyard-mcp` runs it) proxying to the app's /mcp over HTTP, driven by
// the SDK's real client over StdioClientTransport.
import { Client } from '@modelcontextprotocol/client';
import { StdioClientTransport } from '@modelcontextprotocol/client/stdio';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../../helpers/app.js';
import { eventually } from '../../helpers/net.js';

const LAUNCHER = fileURLToPath(new URL('../../../dist/src/adapters/mcp/stdio/main.js', import.meta.url));

let t: TestApp | undefined;
let client: Client | undefined;
afterEach(async () => {
  await client?.close();
  client = undefined;
  await t?.close();
  t = undefined;
});

async function connect(
  args: string[],
  env: Record<string, string> = {},
): Promise<{ client: Client; stderr: () => string }> {
  const transport = new StdioClientTransport({
    command: process.execPath,
    args: [LAUNCHER, ...args],
    env: { ...(process.env as Record<string, string>), ...env },
    stderr: 'pipe',
  });
  let err = '';
  transport.stderr?.on('data', (d: Buffer) => (err += d.toString()));
  const c = new Client({ name: 'switchyard-stdio-test', version: '1.0.0' });
  await c.connect(transport);
  return { client: c, stderr: () => err };
}

describe('mcp stdio proxy', () => {
  it('the compiled launcher exists (the global setup builds dist)', () => {
    expect(existsSync(LAUNCHER), `${LAUNCHER} missing: run npx tsc -p tsconfig.build.json`).toBe(true);
  });

  it('serves the tools, resources and prompts of a running Switchyard', async () => {
    t = await startTestApp();
    const app = t;
    await app.client.publishAsync(
      'homeassistant/switch/porch/config',
      JSON.stringify({ name: 'Porch Light', unique_id: 'porch', command_topic: 'porch/set' }),
      { qos: 1 },
    );
    await eventually(() => app.app.registry.entity('switch.porch_light'));
    ({ client } = await connect(['--url', `http://127.0.0.1:${app.app.http.port}/mcp`]));
    expect(client.getServerVersion()?.name).toBe('switchyard');
    expect(client.getInstructions()).toMatch(/search_entities/);

    const tools = (await client.listTools()).tools;
    expect(tools.map((x) => x.name)).toEqual(
      expect.arrayContaining(['search_entities', 'control_entities', 'get_system_status']),
    );
    expect(tools.find((x) => x.name === 'search_entities')?.annotations?.readOnlyHint).toBe(true);

    const found = await client.callTool({ name: 'search_entities', arguments: { query: 'porch' } });
    expect(found.isError).toBeFalsy();
    expect(JSON.stringify(found.structuredContent)).toContain('switch.porch_light');

    const bad = await client.callTool({ name: 'get_entity', arguments: { entity_ids: ['switch.porch_lite'] } });
    expect(bad.isError).toBe(true);
    expect(JSON.stringify(bad.content)).toContain('switch.porch_light');

    const overview = await client.readResource({ uri: 'switchyard://overview' });
    expect(JSON.stringify(overview.contents)).toContain('switch.porch_light');
    expect((await client.listPrompts()).prompts.map((p) => p.name)).toContain('troubleshoot_device');
  }, 30_000);

  it('sends the api token from --token or SWITCHYARD_API_TOKEN', async () => {
    t = await startTestApp({ api_token: 'stdio-secret-token' });
    const url = `http://127.0.0.1:${t.app.http.port}/mcp`;
    ({ client } = await connect(['--url', url], { SWITCHYARD_API_TOKEN: 'stdio-secret-token' }));
    expect((await client.callTool({ name: 'get_system_status', arguments: {} })).isError).toBeFalsy();
    await client.close();
    ({ client } = await connect(['--url', url, '--token', 'stdio-secret-token']));
    expect((await client.listTools()).tools.length).toBeGreaterThan(10);
    await client.close();
    client = undefined;
    await expect(connect(['--url', url], { SWITCHYARD_API_TOKEN: '' })).rejects.toThrow();
  }, 30_000);

  it('takes the URL from SWITCHYARD_URL and fails clearly when Switchyard is not reachable', async () => {
    const transport = new StdioClientTransport({
      command: process.execPath,
      args: [LAUNCHER],
      env: { ...(process.env as Record<string, string>), SWITCHYARD_URL: 'http://127.0.0.1:9/mcp' },
      stderr: 'pipe',
    });
    let err = '';
    transport.stderr?.on('data', (d: Buffer) => (err += d.toString()));
    const c = new Client({ name: 'switchyard-stdio-test', version: '1.0.0' });
    await expect(c.connect(transport)).rejects.toThrow();
    await eventually(() => err.includes('cannot reach Switchyard at http://127.0.0.1:9/mcp'));
  }, 30_000);
});
