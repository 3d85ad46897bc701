// The broker's durable state as rows: what a session leaves behind while it lasts, and that nothing is
// left once it is delivered or ended (the store must not grow with every message a device ever got).
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createEmbeddedBroker, type EmbeddedBroker } from '../../../src/adapters/broker/embedded-broker.js';
import { decodePacket, encodePacket } from '../../../src/adapters/broker/packet-codec.js';
import { openBrokerStateStore } from '../../../src/adapters/storage/broker-state-store.js';
import { silentLogger } from '../../../src/core/logger.js';
import { connectClient } from '../../helpers/mqtt-client.js';
import { eventually, freePort, tempDir } from '../../helpers/net.js';

const cleanup: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const fn of cleanup.splice(0).reverse()) await fn();
});

function rowsOf(db: string): { space: string; owner: string; key: string }[] {
  const store = openBrokerStateStore(db);
  const rows = store.load().map(({ space, owner, key }) => ({ space, owner, key }));
  store.close();
  return rows;
}

async function start(port: number, db: string): Promise<EmbeddedBroker> {
  const b = createEmbeddedBroker({ port, host: '127.0.0.1', store: openBrokerStateStore(db), log: silentLogger });
  await b.start();
  return b;
}

describe('durable broker state', () => {
  it('round-trips packets with binary payloads and without any', () => {
    const payload = Buffer.from([0, 255, 1, 254, 0x7b]);
    expect(decodePacket(encodePacket({ cmd: 'publish', topic: 'a/b', payload, qos: 1, retain: true, messageId: 7, brokerCounter: 3 }))).toEqual({
      cmd: 'publish',
      topic: 'a/b',
      payload,
      qos: 1,
      retain: true,
      messageId: 7,
      brokerCounter: 3,
    });
    expect(decodePacket(encodePacket({ cmd: 'pubrel', messageId: 9 }))).toEqual({ cmd: 'pubrel', messageId: 9 });
  });

  it('keeps a session, its queue and its will while it lasts, and drops each once delivered or ended', async () => {
    const dir = tempDir();
    cleanup.push(dir.remove);
    const db = join(dir.path, 'broker.db');
    const port = await freePort();
    let b = await start(port, db);

    const device = await connectClient(port, { clientId: 'esp32-hall', clean: false, will: { topic: 'hall/status', payload: Buffer.from('offline'), qos: 1, retain: true } });
    await device.subscribeAsync('cmd/hall/#', { qos: 1 });
    device.end(true); // abrupt: the will goes out, the session stays
    const sender = await connectClient(port);
    for (let i = 0; i < 5; i++) await sender.publishAsync(`cmd/hall/${i}`, `on ${i}`, { qos: 1 });
    await sender.endAsync();
    await b.stop();

    const kept = rowsOf(db);
    expect(kept.filter((r) => r.space === 'subscription')).toEqual([{ space: 'subscription', owner: 'esp32-hall', key: 'cmd/hall/#' }]);
    expect(kept.filter((r) => r.space === 'outgoing').map((r) => r.owner)).toEqual(Array(5).fill('esp32-hall'));
    expect(kept.filter((r) => r.space === 'retained').map((r) => r.key)).toEqual(['hall/status']);

    b = await start(port, db);
    cleanup.push(() => b.stop());
    const back = await connectClient(port, { clientId: 'esp32-hall', clean: false });
    const got: string[] = [];
    back.on('message', (_t, p) => got.push(p.toString()));
    await eventually(() => got.length === 5);
    expect(got).toEqual(['on 0', 'on 1', 'on 2', 'on 3', 'on 4']);
    // the PUBACKs remove the queue rows
    await back.endAsync();
    await b.stop();
    expect(rowsOf(db).filter((r) => r.space === 'outgoing')).toEqual([]);

    // a clean session ends the stored one
    b = await start(port, db);
    const clean = await connectClient(port, { clientId: 'esp32-hall', clean: true });
    await clean.endAsync();
    await b.stop();
    expect(rowsOf(db).filter((r) => r.space !== 'retained')).toEqual([]);
  });
});
