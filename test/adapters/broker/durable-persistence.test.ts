// The broker's durable state as rows: what a session leaves behind while it lasts, and that nothing is
// left once it is delivered or ended (the store must not grow with every message a device ever got).
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createEmbeddedBroker, type EmbeddedBroker } from '../../../src/adapters/broker/embedded-broker.js';
import { decodePacket, encodePacket } from '../../../src/adapters/broker/packet-codec.js';
import { DurablePersistence } from '../../../src/adapters/broker/durable-persistence.js';
import MemoryPersistence from 'aedes-persistence/asyncPersistence.js';
import type { Readable } from 'node:stream';
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

async function collect(stream: Readable): Promise<string[]> {
  const out: string[] = [];
  for await (const p of stream)
    out.push(`${(p as { topic: string }).topic}=${String((p as { payload: Buffer }).payload)}`);
  return out;
}

describe('durable broker state', () => {
  it('hands out retained messages for filters as the in-memory store does, an exact filter by lookup', async () => {
    const dir = tempDir();
    cleanup.push(() => dir.remove());
    const store = openBrokerStateStore(join(dir.path, 'broker.db'));
    cleanup.push(() => store.close());
    const ours = new DurablePersistence(store, silentLogger);
    const reference = new MemoryPersistence();
    await ours.setup({ id: 'b1' });
    await reference.setup({ id: 'b1' });
    const packets = [
      ['a/1', 'one'],
      ['a/2', 'two'],
      ['a/2/x', 'deep'],
      ['b', 'bee'],
      ['$SYS/up', 'sys'],
      ['a/3', 'three'],
      ['a/3', ''],
      ['a/1', 'uno'],
    ].map(([topic, payload]) => ({
      cmd: 'publish' as const,
      topic: topic as string,
      payload: Buffer.from(payload as string),
      qos: 0 as const,
      retain: true,
      messageId: 0,
      brokerId: 'b1',
      brokerCounter: 1,
    }));
    for (const p of packets) {
      await ours.storeRetained(p);
      await reference.storeRetained(p);
    }
    for (const filter of ['a/1', 'a/3', 'nothing', 'a/+', 'a/#', '#', '+/+', '$SYS/up', '$SYS/#']) {
      expect(await collect(ours.createRetainedStream(filter)), filter).toEqual(
        await collect(reference.createRetainedStream(filter)),
      );
    }
    for (const filters of [['a/1', 'b'], ['a/2', 'a/+'], ['#'], ['b', 'missing', 'a/1']]) {
      expect(await collect(ours.createRetainedStreamCombi(filters)), filters.join(',')).toEqual(
        await collect(reference.createRetainedStreamCombi(filters)),
      );
    }
    expect(await collect(ours.createRetainedStream('a/1'))).toEqual(['a/1=uno']);
  });

  it('round-trips packets with binary payloads and without any', () => {
    const payload = Buffer.from([0, 255, 1, 254, 0x7b]);
    expect(
      decodePacket(
        encodePacket({ cmd: 'publish', topic: 'a/b', payload, qos: 1, retain: true, messageId: 7, brokerCounter: 3 }),
      ),
    ).toEqual({
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

    const device = await connectClient(port, {
      clientId: 'esp32-hall',
      clean: false,
      will: { topic: 'hall/status', payload: Buffer.from('offline'), qos: 1, retain: true },
    });
    await device.subscribeAsync('cmd/hall/#', { qos: 1 });
    device.end(true); // abrupt: the will goes out, the session stays
    const sender = await connectClient(port);
    for (let i = 0; i < 5; i++) await sender.publishAsync(`cmd/hall/${i}`, `on ${i}`, { qos: 1 });
    await sender.endAsync();
    await b.stop();

    const kept = rowsOf(db);
    expect(kept.filter((r) => r.space === 'subscription')).toEqual([
      { space: 'subscription', owner: 'esp32-hall', key: 'cmd/hall/#' },
    ]);
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
