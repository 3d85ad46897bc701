// Who may connect: without configured credentials, loopback clients may be anonymous and clients on other
// hosts log in with the generated credentials (as Mosquitto 2 refuses anonymous clients beyond loopback).
// "Other hosts" are played by connecting to this machine's own non-loopback address over real sockets.
import { statSync, writeFileSync } from 'node:fs';
import { networkInterfaces } from 'node:os';
import { join } from 'node:path';
import mqtt from 'mqtt';
import { afterEach, describe, expect, it } from 'vitest';
import { loadOrCreateCredentials } from '../../../src/adapters/broker/credentials.js';
import { createEmbeddedBroker, type EmbeddedBrokerOptions } from '../../../src/adapters/broker/embedded-broker.js';
import { silentLogger } from '../../../src/core/logger.js';
import { connectClient } from '../../helpers/mqtt-client.js';
import { tempDir } from '../../helpers/net.js';
import { startTestApp } from '../../helpers/app.js';

const cleanup: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const fn of cleanup.splice(0).reverse()) await fn();
});

const external = Object.values(networkInterfaces())
  .flat()
  .find((i) => i !== undefined && i.family === 'IPv4' && !i.internal)?.address;

async function broker(opts: Partial<EmbeddedBrokerOptions> = {}) {
  const b = createEmbeddedBroker({ port: 0, host: '0.0.0.0', log: silentLogger, ...opts });
  await b.start();
  cleanup.push(() => b.stop());
  return b;
}

/** CONNACK return code of a connection attempt (0 = accepted). */
async function connackCode(host: string, port: number, options: mqtt.IClientOptions = {}): Promise<number> {
  try {
    const c = await mqtt.connectAsync(`mqtt://${host}:${port}`, {
      reconnectPeriod: 0,
      connectTimeout: 3_000,
      ...options,
    });
    await c.endAsync();
    return 0;
  } catch (err) {
    return (err as { code?: number }).code ?? -1;
  }
}

describe.runIf(external !== undefined)('embedded broker access from other hosts', () => {
  const remote = { username: 'switchyard', password: 'generated-secret' };

  it('takes anonymous loopback clients, and clients on other hosts only with the generated login', async () => {
    const b = await broker({ remoteCredentials: remote });
    expect(await connackCode('127.0.0.1', b.port)).toBe(0);
    expect(await connackCode(external!, b.port)).toBe(5);
    expect(await connackCode(external!, b.port, { username: 'switchyard', password: 'wrong' })).toBe(5);
    expect(await connackCode(external!, b.port, remote)).toBe(0);
    expect(b.login).toEqual({
      port: b.port,
      username: 'switchyard',
      password: 'generated-secret',
      anonymous: 'loopback',
    });
  });

  it('refuses every client on another host when there is no login for them', async () => {
    const b = await broker();
    expect(await connackCode(external!, b.port, remote)).toBe(5);
    expect(await connackCode('127.0.0.1', b.port)).toBe(0);
  });

  it('with broker_username/password set, everyone logs in, loopback included', async () => {
    const b = await broker({ username: 'esp', password: 'pw', remoteCredentials: remote });
    expect(await connackCode('127.0.0.1', b.port)).toBe(5);
    expect(await connackCode(external!, b.port, remote)).toBe(5);
    expect(await connackCode(external!, b.port, { username: 'esp', password: 'pw' })).toBe(0);
    expect(b.login).toEqual({ port: b.port, username: 'esp', password: null, anonymous: 'nobody' });
  });
});

describe('embedded broker guards', () => {
  it('refuses shared subscriptions with 0x80 instead of subscribing to a literal $share topic', async () => {
    const b = await broker();
    const c = await connectClient(b.port);
    cleanup.push(() => c.endAsync());
    // mqtt.js turns a SUBACK with a failure code into an error that carries the packet
    const err = (await c.subscribeAsync(['$share/g/t', 'plain/t'], { qos: 1 }).catch((e: unknown) => e)) as {
      packet?: { granted?: number[] };
    };
    expect(err.packet?.granted).toEqual([128, 1]);
  });
});

describe('generated broker credentials', () => {
  it('are made once, readable by the owner only, and reused', () => {
    const dir = tempDir();
    cleanup.push(dir.remove);
    const file = join(dir.path, 'broker-credentials.json');
    const first = loadOrCreateCredentials(file);
    expect(first.created).toBe(true);
    expect(first.credentials.username).toBe('switchyard');
    expect(first.credentials.password).toMatch(/^[A-Za-z0-9_-]{24}$/);
    expect(statSync(file).mode & 0o777).toBe(0o600);
    expect(loadOrCreateCredentials(file)).toEqual({ credentials: first.credentials, created: false });
    writeFileSync(file, '{"username": ""}');
    expect(() => loadOrCreateCredentials(file)).toThrow(/must hold \{"username"/);
  });

  it('are shown in the panel of an app running the embedded broker', async () => {
    const t = await startTestApp();
    cleanup.push(() => t.close());
    const { credentials } = loadOrCreateCredentials(join(t.dataDir, 'broker-credentials.json'));
    // the panel's header shows what GET /api/panel/overview says about the embedded broker
    const res = await t.app.http.app.inject({ method: 'GET', url: '/api/panel/overview' });
    expect(res.statusCode).toBe(200);
    expect(res.json().broker).toMatchObject({
      port: t.brokerPort,
      username: credentials.username,
      password: credentials.password,
    });
  });
});
