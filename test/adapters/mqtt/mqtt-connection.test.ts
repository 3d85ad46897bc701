import { afterEach, describe, expect, it } from 'vitest';
import { createEmbeddedBroker, type EmbeddedBroker } from '../../../src/adapters/broker/embedded-broker.js';
import {
  createMqttConnection,
  redactUrl,
  STATUS_TOPIC,
  type MqttConnection,
} from '../../../src/adapters/mqtt/mqtt-connection.js';
import { silentLogger } from '../../../src/core/logger.js';
import type { IncomingMessage } from '../../../src/core/ports.js';
import { marker, retainedUnder } from '../../helpers/markers.js';
import { collect, connectClient, nextMessage } from '../../helpers/mqtt-client.js';
import { eventually, freePort } from '../../helpers/net.js';

const cleanup: (() => unknown)[] = [];
afterEach(async () => {
  for (const fn of cleanup.splice(0).reverse()) await fn();
});

async function setup(): Promise<{ broker: EmbeddedBroker; conn: MqttConnection; port: number; changes: boolean[] }> {
  const port = await freePort();
  const broker = createEmbeddedBroker({ port, host: '127.0.0.1', log: silentLogger });
  await broker.start();
  cleanup.push(() => broker.stop());
  const changes: boolean[] = [];
  const conn = createMqttConnection({
    url: `mqtt://127.0.0.1:${port}`,
    log: silentLogger,
    onConnectionChange: (c) => void changes.push(c),
  });
  await conn.start();
  cleanup.push(() => conn.stop());
  return { broker, conn, port, changes };
}

/** a client playing a device, ended after the test */
async function deviceClient(port: number) {
  const device = await connectClient(port);
  cleanup.push(() => device.endAsync());
  return device;
}

describe('mqtt connection', () => {
  it('publishes a retained birth and, on stop, a retained offline', async () => {
    const { conn, port, changes } = await setup();
    expect(conn.connected).toBe(true);
    const ha = await connectClient(port);
    cleanup.push(() => ha.endAsync());
    expect(await nextMessage(ha, STATUS_TOPIC)).toEqual({ payload: 'online', retain: true });
    await conn.stop();
    expect(changes).toEqual([true, false]);
    const later = await connectClient(port);
    cleanup.push(() => later.endAsync());
    expect(await nextMessage(later, STATUS_TOPIC)).toEqual({ payload: 'offline', retain: true });
  });

  it('routes by filter, survives a throwing handler and garbage payloads, and unsubscribes', async () => {
    const { conn, port } = await setup();
    const got: IncomingMessage[] = [];
    await conn.subscribe('home/+/temp', () => {
      throw new Error('handler bug');
    });
    const off = await conn.subscribe('home/#', (m) => void got.push(m), { qos: 1 });
    const device = await deviceClient(port);
    await device.publishAsync('home/kitchen/temp', Buffer.from([0xff, 0x00, 0xfe]));
    await device.publishAsync('home/kitchen/temp', '21.5', { qos: 1, retain: true });
    await eventually(() => got.length === 2);
    expect(got[1]).toMatchObject({ topic: 'home/kitchen/temp', retain: false, qos: 1 });
    expect(got[1]?.payload.toString()).toBe('21.5');
    expect(conn.handlerFailures).toBe(2);
    off();
    await device.publishAsync('home/kitchen/temp', 'x', { qos: 1 });
    await marker(device, conn); // x has been routed by now
    expect(conn.handlerFailures).toBe(3); // it reached the connection: the throwing handler had it
    expect(got).toHaveLength(2);
    expect(conn.connected).toBe(true);
  });

  it('gives a handler that joins an already subscribed topic its retained message, and only that handler', async () => {
    const { conn, port } = await setup();
    const device = await deviceClient(port);
    await device.publishAsync('bridge/state', 'online', { qos: 1, retain: true });
    const first: string[] = [];
    const second: string[] = [];
    await conn.subscribe('bridge/state', (m) => void first.push(`${m.payload.toString()}:${m.retain}`));
    await eventually(() => first.length === 1);
    await conn.subscribe('bridge/state', (m) => void second.push(`${m.payload.toString()}:${m.retain}`));
    await eventually(() => second.length === 1);
    expect(second).toEqual(['online:true']);
    // a live change reaches both; the first handler never saw the second subscription's retained copy
    await device.publishAsync('bridge/state', 'offline', { qos: 1, retain: true });
    await eventually(() => first.length === 2 && second.length === 2);
    const third: string[] = [];
    await conn.subscribe('bridge/state', (m) => void third.push(m.payload.toString()));
    await eventually(() => third.length === 1);
    expect(third).toEqual(['offline']);
    expect(first).toEqual(['online:true', 'offline:false']);
    // once the retained message is cleared there is nothing to hand over
    await device.publishAsync('bridge/state', '', { qos: 1, retain: true });
    await eventually(() => first.length === 3);
    const fourth: string[] = [];
    await conn.subscribe('bridge/state', (m) => void fourth.push(m.payload.toString()));
    // a replay would come on the next turn of the event loop (setImmediate), before a live message sent
    // only now can have made the round trip through the broker
    await device.publishAsync('bridge/state', 'live', { qos: 1 });
    await eventually(() => fourth.length > 0);
    expect(fourth).toEqual(['live']);
  });

  it('a new overlapping subscription does not hand its retained messages again to handlers that had them', async () => {
    const { conn, port } = await setup();
    const device = await deviceClient(port);
    await device.publishAsync('z2m/button', 'single', { qos: 1, retain: true });
    await device.publishAsync('z2m/lamp', 'on', { qos: 1, retain: true });
    const early: string[] = [];
    await conn.subscribe('z2m/#', (m) => void early.push(`${m.topic}=${m.payload.toString()}:${m.retain}`));
    await eventually(() => early.length === 2);
    // everything under # arrives again with the retain flag, because # is a new subscription
    const all: string[] = [];
    await conn.subscribe('#', (m) => void all.push(`${m.topic}=${m.payload.toString()}:${m.retain}`));
    await eventually(() => all.includes('z2m/button=single:true') && all.includes('z2m/lamp=on:true'));
    await device.publishAsync('z2m/button', 'double', { qos: 1 });
    await eventually(() => early.length === 3 && all.includes('z2m/button=double:false'));
    expect(early.sort()).toEqual(['z2m/button=double:false', 'z2m/button=single:true', 'z2m/lamp=on:true']);
    expect(all.filter((m) => m.startsWith('z2m/')).sort()).toEqual([
      'z2m/button=double:false',
      'z2m/button=single:true',
      'z2m/lamp=on:true',
    ]);
  });

  it('rejects wildcard publish topics, invalid filters and oversized payloads', async () => {
    const { conn } = await setup();
    await expect(conn.publish('a/+', 'x')).rejects.toThrow(/invalid topic 'a\/\+'/);
    await expect(conn.publish('a/#', 'x')).rejects.toThrow(/a topic to publish to cannot contain \+ or #/);
    await expect(conn.publish('', 'x')).rejects.toThrow(/invalid topic '': it is empty/);
    await expect(conn.publish('a\u0000b', 'x')).rejects.toThrow(/U\+0000/);
    await expect(conn.subscribe('a/#/b', () => {})).rejects.toThrow(
      /invalid topic filter 'a\/#\/b': '#' must be a whole level and the last one/,
    );
    await expect(conn.subscribe('a/b+', () => {})).rejects.toThrow(/'\+' must be a whole level/);
    await expect(conn.publish('a/b', Buffer.alloc(2 * 1024 * 1024))).rejects.toThrow(/exceeds the limit/);
  });

  it('publishes a QoS 0 batch as one write: every message arrives in order with its retain flag, a bad one is left out and named', async () => {
    const { conn, port } = await setup();
    const ha = await deviceClient(port);
    const seen = await collect(ha, 'batch/#');
    const unicode = 'Küche ☀';
    const batch = [
      { topic: 'batch/a', payload: '21.5', retain: true },
      { topic: 'batch/b', payload: '', retain: false },
      { topic: 'batch/+', payload: 'wildcard', retain: false },
      { topic: `batch/${unicode}`, payload: JSON.stringify({ name: unicode }), retain: false },
      { topic: 'batch/big', payload: 'x'.repeat(70_000), retain: false },
      { topic: 'batch/a', payload: '22.0', retain: true },
    ];
    const problems = conn.publishBatch?.(batch) ?? ['no publishBatch'];
    expect(problems).toEqual([expect.stringMatching(/invalid topic 'batch\/\+'/)]);
    await eventually(() => seen.length === 5);
    // a live subscriber sees the retain flag cleared (MQTT 3.1.1 §3.3.1.3); the broker kept the last retained one
    expect(seen.map((m) => [m.topic, m.payload.length > 100 ? m.payload.length : m.payload])).toEqual([
      ['batch/a', '21.5'],
      ['batch/b', ''],
      [`batch/${unicode}`, JSON.stringify({ name: unicode })],
      ['batch/big', 70_000],
      ['batch/a', '22.0'],
    ]);
    const later = await deviceClient(port);
    expect(await nextMessage(later, 'batch/a')).toEqual({ payload: '22.0', retain: true });
    expect(conn.traffic().published_total).toBeGreaterThanOrEqual(5);
  });

  it('a batch while disconnected goes the way of single publishes (nothing is thrown)', async () => {
    const { broker, conn, port } = await setup();
    await broker.stop();
    await eventually(() => !conn.connected);
    expect(conn.publishBatch?.([{ topic: 'offline/x', payload: '1', retain: true }])).toEqual([]);
    await broker.start();
    await eventually(() => conn.connected, 10_000);
    const later = await deviceClient(port);
    // mqtt.js keeps QoS 0 publishes made while offline and sends them once connected
    expect(await nextMessage(later, 'offline/x')).toEqual({ payload: '1', retain: true });
  });

  it('reconnects by itself after the broker restarts and restores subscriptions', async () => {
    const { broker, conn, port, changes } = await setup();
    const got: string[] = [];
    await conn.subscribe('after/restart', (m) => void got.push(m.payload.toString()));
    await broker.stop();
    await eventually(() => !conn.connected);
    await broker.start();
    await eventually(() => conn.connected, 10_000);
    const device = await deviceClient(port);
    await eventually(
      async () => {
        await device.publishAsync('after/restart', 'hello', { qos: 1 });
        return got.length > 0;
      },
      5_000,
      200,
    );
    expect(got[0]).toBe('hello');
    expect(changes.slice(0, 3)).toEqual([true, false, true]);
  });

  it('with statusTopic false (profile connections) publishes nothing on switchyard/status', async () => {
    const port = await freePort();
    const broker = createEmbeddedBroker({ port, host: '127.0.0.1', log: silentLogger });
    await broker.start();
    cleanup.push(() => broker.stop());
    const watcher = await connectClient(port);
    cleanup.push(() => watcher.endAsync());
    const seen: string[] = [];
    watcher.on('message', (topic) => void seen.push(topic));
    await watcher.subscribeAsync('#', { qos: 1 });
    const conn = createMqttConnection({
      url: `mqtt://127.0.0.1:${port}`,
      log: silentLogger,
      statusTopic: false,
      name: 'mqtt profile lab',
      clientId: 'switchyard_lab_test',
    });
    expect(conn.name).toBe('mqtt profile lab');
    await conn.start();
    expect(conn.connected).toBe(true);
    const got: string[] = [];
    await conn.subscribe('lab/#', (m) => void got.push(m.payload.toString()));
    await conn.publish('lab/x', 'hi', { qos: 1 });
    await eventually(() => got.includes('hi') && seen.includes('lab/x'));
    await conn.stop();
    // stop() has ended the connection: the broker handled all it sent before a marker from a client that
    // connects only now (a QoS 1 "offline" would even have been delivered before its PUBACK)
    const later = await connectClient(port);
    cleanup.push(() => later.endAsync());
    await marker(later, watcher);
    expect(seen).toContain('lab/x');
    expect(seen).not.toContain(STATUS_TOPIC);
    expect([...(await retainedUnder(port, STATUS_TOPIC)).keys()]).toEqual([]);
  });

  it('start() gives up after startWaitMs on an unreachable broker and keeps retrying in the background', async () => {
    const port = await freePort();
    const conn = createMqttConnection({
      url: `mqtt://127.0.0.1:${port}`,
      log: silentLogger,
      statusTopic: false,
      startWaitMs: 300,
    });
    cleanup.push(() => conn.stop());
    const started = Date.now();
    await conn.start();
    expect(Date.now() - started).toBeLessThan(1_500);
    expect(conn.connected).toBe(false);
    const broker = createEmbeddedBroker({ port, host: '127.0.0.1', log: silentLogger });
    await broker.start();
    cleanup.unshift(() => broker.stop());
    await eventually(() => conn.connected, 10_000);
  });

  it('hides passwords in the broker URL', () => {
    expect(redactUrl('mqtt://user:secret@broker.local:1883')).toBe('mqtt://broker.local:1883');
    expect(redactUrl('mqtt://127.0.0.1:1883')).toBe('mqtt://127.0.0.1:1883');
  });
});
