// The minimal reproductions behind patches/aedes+1.2.0.patch (see src/adapters/broker/README.md), run on
// bare aedes with its own in-memory persistence and raw MQTT bytes, so that they show aedes' behaviour and
// nothing of Switchyard's. Each fails on unpatched aedes 1.2.0.
import { Aedes } from 'aedes';
import { generate, parser as mqttParser, type Packet } from 'mqtt-packet';
import { createServer, connect, type Server, type Socket } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';

const cleanup: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const fn of cleanup.splice(0).reverse()) await fn();
});

async function bareAedes(opts: Record<string, unknown> = {}): Promise<{ broker: Aedes; port: number }> {
  const broker = await Aedes.createBroker(opts);
  const server: Server = createServer((s) => broker.handle(s));
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
  cleanup.push(() => new Promise<void>((r) => broker.close(() => server.close(() => r()))));
  const addr = server.address();
  return { broker, port: typeof addr === 'object' && addr ? addr.port : 0 };
}

/** A raw MQTT 3.1.1 connection: what it writes goes out in one TCP write, so the broker reads it in one chunk. */
async function rawClient(
  port: number,
): Promise<{ socket: Socket; packets: Packet[]; closed: Promise<void>; send(...p: Packet[]): void }> {
  const socket = connect(port, '127.0.0.1');
  cleanup.push(() => void socket.destroy());
  const packets: Packet[] = [];
  const p = mqttParser({ protocolVersion: 4 });
  p.on('packet', (pk: Packet) => packets.push(pk));
  socket.on('data', (d) => p.parse(d));
  const closed = new Promise<void>((r) => socket.once('close', () => r()));
  await new Promise<void>((r) => socket.once('connect', () => r()));
  return { socket, packets, closed, send: (...pks) => socket.write(Buffer.concat(pks.map((x) => generate(x)))) };
}

async function until<T>(check: () => T | undefined, ms = 3_000): Promise<T> {
  const end = Date.now() + ms;
  for (;;) {
    const v = check();
    if (v !== undefined) return v;
    if (Date.now() > end) throw new Error('timed out');
    await new Promise((r) => setTimeout(r, 10));
  }
}

const connectPacket = (clientId: string, clean = true): Packet => ({
  cmd: 'connect',
  protocolId: 'MQTT',
  protocolVersion: 4,
  clean,
  clientId,
  keepalive: 0,
});
const publish = (topic: string, payload: string, retain: boolean, qos: 0 | 1 = 0, messageId?: number): Packet =>
  ({
    cmd: 'publish',
    topic,
    payload: Buffer.from(payload),
    retain,
    qos,
    dup: false,
    ...(messageId !== undefined ? { messageId } : {}),
  }) as Packet;

describe('aedes patch', () => {
  it('delivers a retained QoS 0 publish followed in the same read by a non-retained one, in order', async () => {
    const { port } = await bareAedes();
    const sub = await rawClient(port);
    sub.send(connectPacket('sub'), {
      cmd: 'subscribe',
      messageId: 1,
      subscriptions: [{ topic: '#', qos: 0 }],
    } as Packet);
    await until(() => sub.packets.find((p) => p.cmd === 'suback'));
    const device = await rawClient(port);
    device.send(
      connectPacket('device'),
      publish('homeassistant/sensor/dev/config', '{"name":"t"}', true),
      publish('dev/state', '21.5', false),
      publish('dev/done', 'marker', false),
    );
    await until(() => sub.packets.find((p) => p.cmd === 'publish' && p.topic === 'dev/done'));
    const topics = sub.packets.filter((p) => p.cmd === 'publish').map((p) => (p as { topic: string }).topic);
    // unpatched: ['dev/state', 'dev/done'] — the retained config is emitted last with the lowest counter and dropped
    expect(topics).toEqual(['homeassistant/sensor/dev/config', 'dev/state', 'dev/done']);
  });

  it('acknowledges a QoS 1 publish after delivering it, so a QoS 0 publish sent after it cannot overtake it', async () => {
    const { port } = await bareAedes();
    const sub = await rawClient(port);
    sub.send(connectPacket('sub'), {
      cmd: 'subscribe',
      messageId: 1,
      subscriptions: [{ topic: 't/#', qos: 1 }],
    } as Packet);
    await until(() => sub.packets.find((p) => p.cmd === 'suback'));
    const device = await rawClient(port);
    device.send(
      connectPacket('device'),
      publish('t/a', '1', false, 1, 7),
      publish('t/b', '2', false),
      publish('t/a', '3', false, 1, 8),
    );
    await until(() => (sub.packets.filter((p) => p.cmd === 'publish').length === 3 ? true : undefined));
    expect(
      sub.packets.filter((p) => p.cmd === 'publish').map((p) => String((p as { payload: Buffer }).payload)),
    ).toEqual(['1', '2', '3']);
    expect(device.packets.filter((p) => p.cmd === 'puback').map((p) => (p as { messageId: number }).messageId)).toEqual(
      [7, 8],
    );
  });

  it('refuses an empty client id with clean session 0 with return code 2 [MQTT-3.1.3-8]', async () => {
    const { port } = await bareAedes();
    const c = await rawClient(port);
    // written by hand: mqtt-packet's generator refuses this CONNECT (protocol 4, flags 0, keepalive 0, client id '')
    c.socket.write(Buffer.from([0x10, 0x0c, 0x00, 0x04, 0x4d, 0x51, 0x54, 0x54, 0x04, 0x00, 0x00, 0x00, 0x00, 0x00]));
    await c.closed;
    expect(c.packets).toEqual([expect.objectContaining({ cmd: 'connack', returnCode: 2, sessionPresent: false })]);
    const ok = await rawClient(port);
    ok.send(connectPacket('', true));
    expect(await until(() => ok.packets.find((p) => p.cmd === 'connack'))).toEqual(
      expect.objectContaining({ returnCode: 0 }),
    );
  });

  it('closes a connection whose packet is larger than maxPacketSize before reading its body', async () => {
    const { port } = await bareAedes({ maxPacketSize: 1024 });
    const sub = await rawClient(port);
    sub.send(connectPacket('sub'), {
      cmd: 'subscribe',
      messageId: 1,
      subscriptions: [{ topic: 'big/#', qos: 0 }],
    } as Packet);
    await until(() => sub.packets.find((p) => p.cmd === 'suback'));
    const c = await rawClient(port);
    c.send(connectPacket('small'));
    await until(() => c.packets.find((p) => p.cmd === 'connack'));
    c.send(publish('big/ok', 'x'.repeat(1000), false));
    await until(() => sub.packets.find((p) => p.cmd === 'publish'));
    // a header announcing 10 MB, and no body: the broker must not wait for it
    c.socket.write(Buffer.from([0x30, 0x80, 0xad, 0xe2, 0x04]));
    await c.closed;
    expect(sub.packets.filter((p) => p.cmd === 'publish').map((p) => (p as { topic: string }).topic)).toEqual([
      'big/ok',
    ]);
    const big = await rawClient(port);
    big.send(connectPacket('big'), publish('big/no', 'x'.repeat(1100), false));
    await big.closed;
  });
  it('delivers at most the QoS granted to a wildcard subscription, and one copy at the highest QoS of overlapping ones', async () => {
    const { port } = await bareAedes();
    const sub = await rawClient(port);
    sub.send(connectPacket('sub'), {
      cmd: 'subscribe',
      messageId: 1,
      subscriptions: [
        { topic: 'x/+', qos: 1 },
        { topic: '#', qos: 0 },
        { topic: 'y/+', qos: 2 },
      ],
    } as Packet);
    await until(() => sub.packets.find((p) => p.cmd === 'suback'));
    const device = await rawClient(port);
    device.send(connectPacket('device'));
    await until(() => device.packets.find((p) => p.cmd === 'connack'));
    device.send(publish('x/a', 'two', false, 1, 3), publish('y/a', 'one', false, 1, 4), publish('z', 'end', false));
    await until(() => sub.packets.find((p) => p.cmd === 'publish' && p.topic === 'z'));
    const got = sub.packets
      .filter((p) => p.cmd === 'publish')
      .map((p) => [(p as { topic: string }).topic, (p as { qos: number }).qos]);
    // unpatched: x/a at QoS 0 (the `#` copy won), y/a at QoS 0
    expect(got).toEqual([
      ['x/a', 1],
      ['y/a', 1],
      ['z', 0],
    ]);
  });

  it('sends no retained $ topic for a filter starting with a wildcard, and drops a client publish to $SYS without closing it', async () => {
    const { broker, port } = await bareAedes();
    const device = await rawClient(port);
    device.send(connectPacket('device'));
    await until(() => device.packets.find((p) => p.cmd === 'connack'));
    device.send(
      publish('$test/kept', 'dollar', true, 1, 1),
      publish('$SYS/fake', 'x', true, 1, 2),
      publish('plain', 'p', true, 1, 3),
    );
    await until(() => (device.packets.filter((p) => p.cmd === 'puback').length === 3 ? true : undefined));
    const sub = await rawClient(port);
    sub.send(connectPacket('sub'), {
      cmd: 'subscribe',
      messageId: 1,
      subscriptions: [
        { topic: '#', qos: 1 },
        { topic: '$SYS/fake', qos: 1 },
      ],
    } as Packet);
    await until(() => sub.packets.find((p) => p.cmd === 'publish' && p.topic === 'plain'));
    device.send(publish('marker', 'm', false));
    await until(() => sub.packets.find((p) => p.cmd === 'publish' && p.topic === 'marker'));
    // unpatched: the $SYS publish closes the device's connection and `#` gets $test/kept from the retained store
    expect(sub.packets.filter((p) => p.cmd === 'publish').map((p) => (p as { topic: string }).topic)).toEqual([
      'plain',
      'marker',
    ]);
    expect(device.socket.destroyed).toBe(false);
    const stored: unknown[] = [];
    for await (const p of (
      broker as unknown as { persistence: { createRetainedStream(pattern: string): AsyncIterable<unknown> } }
    ).persistence.createRetainedStream('$SYS/#'))
      stored.push(p);
    expect(stored).toEqual([]);
  });
});
