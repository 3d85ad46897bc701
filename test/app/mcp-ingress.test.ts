// MCP through Home Assistant's ingress without a token (issue 21): under the Supervisor the proxy's request
// passes the Host check (its Host is the proxy's), while the same Host from anywhere else is still refused.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import { buildHttpApp } from '../../src/adapters/http/http-server.js';
import { registerMcpRoute } from '../../src/adapters/http/routes/mcp.js';
import { createMcpHandler } from '../../src/app/mcp.js';
import { parseSettings } from '../../src/config/settings.js';
import { silentLogger } from '../../src/core/logger.js';
import { startTestApp, type TestApp } from '../helpers/app.js';
import { tempDir, testSettingsInput } from '../helpers/net.js';

let t: TestApp;
let http: FastifyInstance;
const dir = tempDir();

beforeAll(async () => {
  t = await startTestApp();
  // no api_token: without the ingress exception only loopback Host names would pass
  const settings = parseSettings(await testSettingsInput(dir.path));
  const handler = createMcpHandler({ deps: t.app.mcpDeps, settings, version: 'test', underSupervisor: true });
  http = buildHttpApp({
    log: silentLogger,
    host: '127.0.0.1',
    port: 0,
    apiToken: undefined,
    underSupervisor: true,
    health: () => t.app.health(),
    routes: [(app) => registerMcpRoute(app, handler)],
  });
}, 30_000);

afterAll(async () => {
  await http?.close();
  await t?.close();
  dir.remove();
});

const INIT = JSON.stringify({
  jsonrpc: '2.0',
  id: 1,
  method: 'initialize',
  params: { protocolVersion: '2025-06-18', capabilities: {}, clientInfo: { name: 'ingress', version: '1' } },
});
const post = (remoteAddress: string) =>
  http.inject({
    method: 'POST',
    url: '/mcp',
    remoteAddress,
    headers: {
      host: '172.30.33.4:8099',
      origin: 'http://homeassistant.local:8123',
      'content-type': 'application/json',
      accept: 'application/json, text/event-stream',
    },
    payload: INIT,
  });

describe('MCP through ingress', () => {
  it('answers the ingress proxy whatever Host it sends, and still refuses that Host from elsewhere', async () => {
    const ingress = await post('172.30.32.2');
    expect(ingress.statusCode).toBe(200);
    expect(ingress.body).toMatch(/switchyard/);
    // loopback passes the auth hook without a token, but its Host is not a loopback name: DNS rebinding
    expect((await post('127.0.0.1')).statusCode).toBe(403);
  });
});
