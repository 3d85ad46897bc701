import { afterEach, describe, expect, it } from 'vitest';
import { buildHttpApp, createHttpServer } from '../../../src/adapters/http/http-server.js';
import type { HealthReport } from '../../../src/adapters/http/routes/health.js';
import { NotFoundError, ValidationError } from '../../../src/core/errors.js';
import { silentLogger } from '../../../src/core/logger.js';

const cleanup: (() => Promise<unknown>)[] = [];
afterEach(async () => {
  for (const fn of cleanup.splice(0).reverse()) await fn();
});

const healthy: HealthReport = {
  status: 'ok',
  version: '1.2.3',
  uptime_s: 4,
  mqtt: { connected: true, broker: 'embedded' },
  database: { ok: true },
};

function app(apiToken?: string, underSupervisor = true) {
  return buildHttpApp({
    log: silentLogger,
    host: '127.0.0.1',
    port: 0,
    apiToken,
    underSupervisor,
    health: () => healthy,
    routes: [
      (a) => {
        a.get('/api/echo', async () => ({ ok: true }));
        a.get('/api/missing', async () => {
          throw new NotFoundError('no entity light.nope');
        });
        a.get('/api/bad', async () => {
          throw new ValidationError('brightness must be between 0 and 255');
        });
        a.get('/api/crash', async () => {
          throw new Error('secret internal detail');
        });
      },
    ],
  });
}

describe('http api', () => {
  it('answers health with the documented shape', async () => {
    const res = await app().inject({ method: 'GET', url: '/api/health' });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual(healthy);
  });

  it('requires the bearer token on every route but health when a token is set', async () => {
    const a = app('s3cret');
    expect((await a.inject({ url: '/api/echo' })).statusCode).toBe(401);
    expect((await a.inject({ url: '/api/echo', headers: { authorization: 'Bearer wrong' } })).statusCode).toBe(401);
    const ok = await a.inject({ url: '/api/echo', headers: { authorization: 'Bearer s3cret' } });
    expect(ok.statusCode).toBe(200);
    expect((await a.inject({ url: '/api/health' })).statusCode).toBe(200);
    expect(
      (await a.inject({ url: '/api/echo', remoteAddress: '10.0.0.5', headers: { authorization: 'Bearer s3cret' } }))
        .statusCode,
    ).toBe(200);
  });

  it('without a token serves loopback and ingress only', async () => {
    const a = app();
    expect((await a.inject({ url: '/api/echo', remoteAddress: '127.0.0.1' })).statusCode).toBe(200);
    expect((await a.inject({ url: '/api/echo', remoteAddress: '172.30.32.2' })).statusCode).toBe(200);
    const denied = await a.inject({ url: '/api/echo', remoteAddress: '192.0.2.10' });
    expect(denied.statusCode).toBe(403);
    expect(denied.json().message).toMatch(/set api_token/);
    expect((await a.inject({ url: '/api/health', remoteAddress: '192.0.2.10' })).statusCode).toBe(200);
  });

  it('trusts the ingress address only under the Supervisor (SUPERVISOR_TOKEN set): elsewhere it is any address', async () => {
    const token = app('s3cret', false);
    expect((await token.inject({ url: '/api/echo', remoteAddress: '172.30.32.2' })).statusCode).toBe(401);
    const none = app(undefined, false);
    expect((await none.inject({ url: '/api/echo', remoteAddress: '172.30.32.2' })).statusCode).toBe(403);
    expect((await none.inject({ url: '/api/echo', remoteAddress: '127.0.0.1' })).statusCode).toBe(200);
  });

  it('serves Home Assistant ingress without a token even when one is set, judged by the socket address only', async () => {
    const a = app('s3cret');
    expect((await a.inject({ url: '/api/echo', remoteAddress: '172.30.32.2' })).statusCode).toBe(200);
    expect((await a.inject({ url: '/api/echo', remoteAddress: '::ffff:172.30.32.2' })).statusCode).toBe(200);
    // a forwarded-for header claiming the ingress address does not count
    expect(
      (await a.inject({ url: '/api/echo', remoteAddress: '192.0.2.10', headers: { 'x-forwarded-for': '172.30.32.2' } }))
        .statusCode,
    ).toBe(401);
    // with a token, loopback needs it too; other internal addresses (e.g. another add-on) are not ingress
    expect((await a.inject({ url: '/api/echo', remoteAddress: '127.0.0.1' })).statusCode).toBe(401);
    expect((await a.inject({ url: '/api/echo', remoteAddress: '172.30.32.1' })).statusCode).toBe(401);
  });

  it('maps errors: 404 and 400 with messages, 500 without internals', async () => {
    const a = app();
    const missing = await a.inject({ url: '/api/missing' });
    expect(missing.statusCode).toBe(404);
    expect(missing.json().message).toBe('no entity light.nope');
    const bad = await a.inject({ url: '/api/bad' });
    expect(bad.statusCode).toBe(400);
    const crash = await a.inject({ url: '/api/crash' });
    expect(crash.statusCode).toBe(500);
    expect(crash.body).not.toMatch(/secret internal detail/);
    const none = await a.inject({ url: '/api/nothing-here' });
    expect(none.statusCode).toBe(404);
    expect(none.json().message).toBe('no route for GET /api/nothing-here');
    const badJson = await a.inject({
      method: 'POST',
      url: '/api/echo',
      headers: { 'content-type': 'application/json' },
      payload: '{nope',
    });
    expect(badJson.statusCode).toBeGreaterThanOrEqual(400);
    expect(badJson.statusCode).toBeLessThan(500);
  });

  it('serves over a real socket', async () => {
    const server = createHttpServer({
      log: silentLogger,
      host: '127.0.0.1',
      port: 0,
      apiToken: 't',
      health: () => healthy,
    });
    await server.start();
    cleanup.push(() => server.stop());
    const res = await fetch(`http://127.0.0.1:${server.port}/api/health`);
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual(healthy);
  });
});
