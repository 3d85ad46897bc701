// SUBSCRIBEs asked for in the same tick go out as one packet, and each caller still learns about its
// own filter: resolved once the broker acknowledged it, rejected when the broker refused it.
import { createServer, type Server } from 'node:net';
import { Aedes } from 'aedes';
import { afterEach, describe, expect, it } from 'vitest';
import { createMqttConnection, type MqttConnection } from '../../../src/adapters/mqtt/mqtt-connection.js';
import { silentLogger } from '../../../src/core/logger.js';
import type { IncomingMessage } from '../../../src/core/ports.js';
import { connectClient } from '../../helpers/mqtt-client.js';
import { eventually } from '../../helpers/net.js';

const cleanup: (() => unknown)[] = [];
afterEach(async () => {
  for (const fn of cleanup.splice(0).reverse()) await fn();
});

/** a real aedes broker that records every SUBSCRIBE packet's filters and refuses filters under `denied/` */
async function setup(): Promise<{ conn: MqttConnection; port: number; packets: string[][] }> {
  const packets: string[][] = [];
  const aedes = await Aedes.createBroker({
    authorizeSubscribe: (_client, sub, done) => done(null, sub.topic.startsWith('denied/') ? null : sub),
  });
  aedes.on('subscribe', (subs) => {
    const filters = subs.map((s) => s.topic).filter((t) => t.startsWith('t/') || t.startsWith('denied/'));
    if (filters.length > 0) packets.push(filters);
  });
  const server: Server = createServer(aedes.handle);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  cleanup.push(() => new Promise<void>((resolve) => aedes.close(() => server.close(() => resolve()))));
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  const conn = createMqttConnection({ url: `mqtt://127.0.0.1:${port}`, log: silentLogger, statusTopic: false });
  await conn.start();
  cleanup.push(() => conn.stop());
  return { conn, port, packets };
}

describe('subscribe batching', () => {
  it('sends the filters of one tick in one SUBSCRIBE and resolves each caller after the SUBACK, with its retained message', async () => {
    const { conn, port, packets } = await setup();
    const device = await connectClient(port);
    cleanup.push(() => device.endAsync());
    for (let i = 0; i < 20; i++) await device.publishAsync(`t/${i}`, `v${i}`, { qos: 1, retain: true });

    const got = new Map<string, string>();
    const arrivals: string[] = [];
    const onMessage = (m: IncomingMessage) => {
      got.set(m.topic, m.payload.toString());
      arrivals.push(m.topic);
    };
    const subs = Array.from({ length: 20 }, (_, i) => conn.subscribe(`t/${i}`, onMessage, { qos: 1 }));
    // a second handler on a filter whose SUBACK is still on its way waits for it too
    const second: string[] = [];
    subs.push(conn.subscribe('t/3', (m) => void second.push(m.payload.toString())));
    await Promise.all(subs);
    expect(packets).toEqual([Array.from({ length: 20 }, (_, i) => `t/${i}`)]);

    // the retained messages follow the SUBACK, once each
    await eventually(() => got.size === 20);
    // A live message behind them: the broker sends a SUBSCRIBE's retained messages filter by filter in one
    // pass (t/19's last), and a replay to the second handler would come on the next turn of the event loop;
    // anything extra would have arrived before this message.
    await device.publishAsync('t/3', 'live', { qos: 1 });
    await eventually(() => second.includes('live'));
    expect(got.get('t/7')).toBe('v7');
    expect(second).toEqual(['v3', 'live']);
    expect(arrivals).toHaveLength(21); // 20 retained ones, once each (got has all 20 topics), and the live one
    expect(arrivals.filter((t) => t === 't/3')).toEqual(['t/3', 't/3']);

    // a later tick is a packet of its own
    await Promise.all([conn.subscribe('t/a', onMessage), conn.subscribe('t/b', onMessage)]);
    expect(packets.slice(1)).toEqual([['t/a', 't/b']]);
  });

  it('rejects only the callers of a filter the broker refused', async () => {
    const { conn } = await setup();
    const results = await Promise.allSettled([
      conn.subscribe('t/ok', () => {}),
      conn.subscribe('denied/x', () => {}),
      conn.subscribe('t/also-ok', () => {}),
    ]);
    expect(results.map((r) => r.status)).toEqual(['fulfilled', 'rejected', 'fulfilled']);
  });
});
