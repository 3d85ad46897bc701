// The MCP endpoint over a real socket: fastify from the http adapter, the MCP adapter's Streamable HTTP
// handler mounted at /mcp, and the SDK's real client with its Streamable HTTP transport.
import { Client, StreamableHTTPClientTransport } from '@modelcontextprotocol/client';
import type { FastifyInstance } from 'fastify';
import { request as httpRequest } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createMcpHttpHandler } from '../../../src/adapters/mcp/http-handler.js';
import { buildHttpApp } from '../../../src/adapters/http/http-server.js';
import { registerMcpRoute } from '../../../src/adapters/http/routes/mcp.js';
import { silentLogger } from '../../../src/core/logger.js';
import { startTestApp, type TestApp } from '../../helpers/app.js';
import { eventually } from '../../helpers/net.js';
import { depsFrom } from './helpers.js';

const TOKEN = 's3cret-token';
let t: TestApp;
let http: FastifyInstance;
let url: URL;

beforeAll(async () => {
  t = await startTestApp();
  await t.client.publishAsync(
    'homeassistant/switch/af/config',
    JSON.stringify({ unique_id: 'af', name: 'Attic Fan', command_topic: 'attic/fan/set' }),
    { qos: 1 },
  );
  await eventually(() => t.app.registry.entity('switch.attic_fan'));
  const handler = createMcpHttpHandler(depsFrom(t), { allowedHosts: ['switchyard.local'] });
  http = buildHttpApp({
    log: silentLogger,
    host: '127.0.0.1',
    port: 0,
    apiToken: TOKEN,
    health: () => t.app.health(),
    routes: [(app) => registerMcpRoute(app, handler)],
  });
  await http.listen({ host: '127.0.0.1', port: 0 });
  const addr = http.server.address();
  url = new URL(`http://127.0.0.1:${typeof addr === 'object' && addr ? addr.port : 0}/mcp`);
}, 30_000);

afterAll(async () => {
  await http?.close();
  await t?.close();
});

async function connect(token: string | undefined): Promise<Client> {
  const transport = new StreamableHTTPClientTransport(
    url,
    token ? { requestInit: { headers: { Authorization: `Bearer ${token}` } } } : {},
  );
  const client = new Client({ name: 'switchyard-http-test', version: '1.0.0' });
  await client.connect(transport);
  return client;
}

function raw(headers: Record<string, string>, body: string): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const req = httpRequest(
      url,
      {
        method: 'POST',
        headers: { 'content-type': 'application/json', accept: 'application/json, text/event-stream', ...headers },
      },
      (res) => {
        let text = '';
        res.setEncoding('utf8');
        res.on('data', (c: string) => (text += c));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body: text }));
      },
    );
    req.on('error', reject);
    req.end(body);
  });
}

const LIST = JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'tools/list', params: {} });

describe('mcp over streamable http', () => {
  it('lists tools and calls them with the SDK client and a bearer token', async () => {
    const client = await connect(TOKEN);
    try {
      const { tools } = await client.listTools();
      expect(tools.map((tool) => tool.name)).toContain('search_entities');
      expect(tools).toHaveLength(21);
      const res = (await client.callTool({ name: 'search_entities', arguments: { query: 'atic fan' } })) as {
        structuredContent?: any;
        isError?: boolean;
      };
      expect(res.isError).toBeFalsy();
      expect(res.structuredContent.items[0]).toMatchObject({ entity_id: 'switch.attic_fan' });
      const bad = (await client.callTool({ name: 'get_entity', arguments: { entity_ids: ['switch.attik_fan'] } })) as {
        isError?: boolean;
        content: { text: string }[];
      };
      expect(bad.isError).toBe(true);
      expect(bad.content[0]?.text).toMatch(/Closest: switch\.attic_fan/);
    } finally {
      await client.close();
    }
  });

  it('carries a 1 MiB publish through the /mcp body limit; a larger payload is refused by the tool', async () => {
    const client = await connect(TOKEN);
    try {
      const big = 'y'.repeat(1024 * 1024);
      const okRes = (await client.callTool({
        name: 'mqtt_publish',
        arguments: { topic: 'lab/http-big', payload: big },
      })) as { structuredContent?: any; isError?: boolean };
      expect(okRes.isError).toBeFalsy();
      expect(okRes.structuredContent).toMatchObject({ published: true, bytes: 1048576 });
      const tooBig = (await client.callTool({
        name: 'mqtt_publish',
        arguments: { topic: 'lab/http-big', payload: `${big}y` },
      })) as { isError?: boolean; content: { text: string }[] };
      expect(tooBig.isError).toBe(true);
      expect(tooBig.content[0]?.text).toMatch(/limit is 1048576/);
    } finally {
      await client.close();
    }
  });

  it('is stateless: GET and DELETE /mcp are answered 405', async () => {
    for (const method of ['GET', 'DELETE']) {
      const res = await fetch(url, {
        method,
        headers: { authorization: `Bearer ${TOKEN}`, accept: 'text/event-stream' },
      });
      expect(res.status, method).toBe(405);
    }
  });

  it('needs the token: no token or a wrong one is 401, for the SDK client too', async () => {
    expect((await raw({}, LIST)).status).toBe(401);
    expect((await raw({ authorization: 'Bearer wrong' }, LIST)).status).toBe(401);
    await expect(connect(undefined)).rejects.toThrow();
  });

  it('refuses foreign Host and Origin headers (DNS rebinding) with 403; configured hosts pass', async () => {
    const auth = { authorization: `Bearer ${TOKEN}` };
    expect((await raw({ ...auth, host: 'evil.example:8099' }, LIST)).status).toBe(403);
    expect((await raw({ ...auth, origin: 'http://evil.example' }, LIST)).status).toBe(403);
    const init = JSON.stringify({
      jsonrpc: '2.0',
      id: 1,
      method: 'initialize',
      params: { protocolVersion: '2025-06-18', capabilities: {}, clientInfo: { name: 'raw', version: '1' } },
    });
    const allowed = await raw({ ...auth, host: 'switchyard.local:8099', origin: 'http://localhost:3000' }, init);
    expect(allowed.status).toBe(200);
    expect(allowed.body).toMatch(/switchyard/);
  });
});
