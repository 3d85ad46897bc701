import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createEmbeddedBroker, type EmbeddedBroker } from '../../../src/adapters/broker/embedded-broker.js';
import { openBrokerStateStore } from '../../../src/adapters/storage/broker-state-store.js';
import { silentLogger } from '../../../src/core/logger.js';
import { connectClient, nextMessage } from '../../helpers/mqtt-client.js';
import { eventually, freePort, tempDir } from '../../helpers/net.js';

const cleanup: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const fn of cleanup.splice(0).reverse()) await fn();
});

async function broker(opts: {
  port: number;
  dataDir?: string;
  username?: string;
  password?: string;
}): Promise<EmbeddedBroker> {
  const { dataDir, ...rest } = opts;
  const store = dataDir !== undefined ? openBrokerStateStore(join(dataDir, 'broker.db')) : undefined;
  const b = createEmbeddedBroker({ ...rest, store, host: '127.0.0.1', log: silentLogger });
  await b.start();
  return b;
}

describe('embedded broker', () => {
  it('keeps retained messages across a restart', async () => {
    const dir = tempDir();
    cleanup.push(dir.remove);
    const port = await freePort();
    let b = await broker({ port, dataDir: dir.path });
    const pub = await connectClient(port);
    await pub.publishAsync('home/door', 'open', { retain: true, qos: 1 });
    await pub.endAsync();
    await b.stop();

    b = await broker({ port, dataDir: dir.path });
    cleanup.push(() => b.stop());
    const sub = await connectClient(port);
    cleanup.push(() => sub.endAsync());
    const got = await nextMessage(sub, 'home/door');
    expect(got).toEqual({ payload: 'open', retain: true });
  });

  it('keeps a QoS 1 session and its queued messages across a restart', async () => {
    const dir = tempDir();
    cleanup.push(dir.remove);
    const port = await freePort();
    let b = await broker({ port, dataDir: dir.path });
    const device = await connectClient(port, { clientId: 'esp32-kitchen', clean: false });
    await device.subscribeAsync('cmd/kitchen', { qos: 1 });
    await device.endAsync();

    const sender = await connectClient(port);
    await sender.publishAsync('cmd/kitchen', 'on', { qos: 1 });
    await sender.endAsync();
    await b.stop();

    b = await broker({ port, dataDir: dir.path });
    cleanup.push(() => b.stop());
    const back = await connectClient(port, { clientId: 'esp32-kitchen', clean: false, manualConnect: false });
    cleanup.push(() => back.endAsync());
    const got = await new Promise<string>((resolve) => back.on('message', (_t, p) => resolve(p.toString())));
    expect(got).toBe('on');
  });

  it('delivers a retained message to live subscribers even when another publish follows at once', async () => {
    // aedes drops a packet numbered below one a subscriber already got; a retained message waiting for
    // its disk write used to be overtaken by the next publish and never delivered
    const dir = tempDir();
    cleanup.push(dir.remove);
    const b = await broker({ port: await freePort(), dataDir: dir.path });
    cleanup.push(() => b.stop());
    const sub = await connectClient(b.port);
    cleanup.push(() => sub.endAsync());
    const got: string[] = [];
    sub.on('message', (topic, payload) => got.push(`${topic}=${payload.toString()}`));
    await sub.subscribeAsync('dev/#', { qos: 1 });
    const device = await connectClient(b.port);
    cleanup.push(() => device.endAsync());
    for (let i = 0; i < 10; i++) {
      device.publish('dev/relay/status', `confirmed ${i}`, { qos: 1, retain: true });
      device.publish('dev/sensor', `${i}`, { qos: 0 });
    }
    await eventually(() => got.filter((m) => m.startsWith('dev/relay/status=')).length === 10);
    expect(got.filter((m) => m.startsWith('dev/relay/status='))).toEqual(
      [...Array(10).keys()].map((i) => `dev/relay/status=confirmed ${i}`),
    );
    // and the last one is what a new subscriber gets
    const late = await connectClient(b.port);
    cleanup.push(() => late.endAsync());
    expect(await nextMessage(late, 'dev/relay/status')).toEqual({ payload: 'confirmed 9', retain: true });
  });

  it('requires the configured username and password', async () => {
    const port = await freePort();
    const b = await broker({ port, username: 'esp', password: 'pw' });
    cleanup.push(() => b.stop());
    await expect(connectClient(port, { username: 'esp', password: 'wrong' })).rejects.toThrow(
      /Bad username or password|Not authorized/i,
    );
    await expect(connectClient(port)).rejects.toThrow();
    const ok = await connectClient(port, { username: 'esp', password: 'pw' });
    expect(ok.connected).toBe(true);
    expect(b.clientCount).toBe(1);
    await ok.endAsync();
  });
});
