// GET /api/events/mqtt and GET /api/events/logs on the real HTTP server builder (auth hook included) over a real
// socket, on the use-case deps of a whole running app (embedded broker, mqtt.js publishers, the topic index fed by
// the app's one `#` subscription, its log tail): topic updates pushed as the broker delivers, filtered by MQTT
// wildcards and coalesced per topic; bounded previews; a bad filter refused before any listener exists; a client
// that stops reading loses batches, counted and said in the stream; the log's kept and new entries at a level,
// redacted, resumed after Last-Event-ID; nothing left listening once clients go; the token required as on /api.
import type { FastifyInstance } from 'fastify';
import { connect } from 'node:net';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { buildHttpApp } from '../../../src/adapters/http/http-server.js';
import {
  type LiveEventOptions,
  type LiveEventStats,
  registerLiveEventRoutes,
} from '../../../src/adapters/http/routes/live-events.js';
import { silentLogger } from '../../../src/core/logger.js';
import { startTestApp, type TestApp } from '../../helpers/app.js';
import { marker, until } from '../../helpers/markers.js';
import { openEvents, type SseClient, topicUpdates } from '../../helpers/sse-client.js';

let t: TestApp;
const cleanup: (() => unknown)[] = [];
beforeAll(async () => {
  t = await startTestApp();
});
afterAll(async () => {
  await t?.close();
});
afterEach(async () => {
  for (const fn of cleanup.splice(0).reverse()) await fn();
});

async function serve(options: LiveEventOptions = {}, apiToken?: string) {
  let stats: () => LiveEventStats = () => {
    throw new Error('not registered');
  };
  const app: FastifyInstance = buildHttpApp({
    log: silentLogger,
    host: '127.0.0.1',
    port: 0,
    apiToken,
    version: 'test',
    health: t.app.health,
    routes: [(a) => (stats = registerLiveEventRoutes(a, t.app.mcpDeps, options))],
  });
  await app.listen({ host: '127.0.0.1', port: 0 });
  cleanup.push(() => app.close());
  const address = app.server.address();
  return { app, port: typeof address === 'object' && address ? address.port : 0, stats: () => stats() };
}

async function stream(port: number, path: string, headers: Record<string, string> = {}): Promise<SseClient> {
  const c = await openEvents(port, path, headers);
  cleanup.push(() => c.close());
  await until(() => c.events.some((e) => e.event === 'ready'), 'the stream never got ready');
  return c;
}

const watchers = () => t.app.topics.watchers;

describe('GET /api/events/mqtt', () => {
  it('pushes the topics the broker delivers, filtered by the MQTT filter, each once per flush however many came', async () => {
    const { port, stats } = await serve();
    expect(watchers()).toBe(0);
    const garden = await stream(port, `/api/events/mqtt?filter=${encodeURIComponent('garden/+/state')}`);
    expect(garden.res.headers['content-type']).toBe('text/event-stream; charset=utf-8');
    expect(watchers()).toBe(1);

    await t.client.publishAsync('garden/pump/state', 'ON', { qos: 1 });
    await t.client.publishAsync('garden/pump/set', 'OFF', { qos: 1 }); // outside the filter
    // a flood on one topic: 5,000 messages as fast as mqtt.js sends them
    const before = t.app.topics.get('garden/flood/state')?.count ?? 0;
    for (let i = 1; i <= 5_000; i++) t.client.publish('garden/flood/state', String(i), { qos: 0 });
    await marker(t.client, t.app.mqtt);
    const last = await until(
      () => topicUpdates(garden).find((u) => u.topic === 'garden/flood/state' && u.payload_preview === '5000'),
      'the flood never ended at its last message',
    );
    expect(last).toMatchObject({ count: before + 5_000, retained: false, encoding: 'utf8', truncated: false });
    const updates = topicUpdates(garden);
    expect(updates.find((u) => u.topic === 'garden/pump/state')).toMatchObject({ payload_preview: 'ON', count: 1 });
    expect(updates.some((u) => u.topic === 'garden/pump/set')).toBe(false);
    // coalesced: never more than one update per topic and batch, a handful for the whole flood
    const batches = garden.events.filter((e) => e.event === 'topics');
    for (const b of batches) expect(new Set(b.data.topics.map((u: any) => u.topic)).size).toBe(b.data.topics.length);
    const flood = updates.filter((u) => u.topic === 'garden/flood/state').length;
    expect(flood).toBeLessThanOrEqual(batches.length);
    expect(flood * 50).toBeLessThan(5_000);
    expect(stats()).toMatchObject({ clients: 1, mqtt_batches: batches.length, mqtt_updates: updates.length });

    garden.close();
    await until(() => stats().clients === 0 && watchers() === 0, 'the stream stayed open');
  });

  it('previews the first 1 KiB (flagged truncated), binary as base64, and refuses a bad filter before listening', async () => {
    const { port } = await serve();
    const c = await stream(port, '/api/events/mqtt?filter=preview/%23');
    await t.client.publishAsync('preview/long', 'x'.repeat(3_000), { qos: 1 });
    await t.client.publishAsync('preview/binary', Buffer.from([0xff, 0xfe, 0x00, 0x01]), { qos: 1 });
    await until(() => topicUpdates(c).length >= 2, 'no updates');
    const [long, binary] = ['preview/long', 'preview/binary'].map((topic) =>
      topicUpdates(c).find((u) => u.topic === topic),
    );
    expect(long).toMatchObject({ bytes: 3_000, truncated: true, encoding: 'utf8' });
    expect(long.payload_preview).toBe('x'.repeat(1024));
    expect(binary).toMatchObject({ bytes: 4, truncated: false, encoding: 'base64', payload_preview: '//4AAQ==' });

    for (const [filter, reason] of [
      ['sport+', /'\+' must be a whole level/],
      ['a/#/b', /#/],
    ] as const) {
      const bad = await openEvents(port, `/api/events/mqtt?filter=${encodeURIComponent(filter)}`);
      await bad.ended;
      expect(bad.status).toBe(400);
      expect(JSON.parse(bad.body()).message).toMatch(reason);
    }
    const unknown = await openEvents(port, '/api/events/mqtt?connection=elsewhere');
    await unknown.ended;
    expect(unknown.status).toBe(400);
    expect(watchers()).toBe(1);
  });

  it('drops batches for a client that stops reading, keeps what waits bounded, and says so in the stream', async () => {
    const { port, stats } = await serve({ flushMs: 5, maxBufferedBytes: 64 * 1024 });
    // a raw socket that sends the request and reads nothing until told
    const socket = connect(port, '127.0.0.1');
    cleanup.push(() => socket.destroy());
    await new Promise<void>((resolve) => socket.once('connect', resolve));
    socket.pause();
    socket.write('GET /api/events/mqtt?filter=slow/%23 HTTP/1.1\r\nHost: x\r\n\r\n');
    await until(() => stats().clients === 1 && watchers() === 1, 'the slow client never connected');
    const payload = Buffer.alloc(1024, 'p');
    let n = 0;
    // the app's topic index records what its `#` subscription hears: fed here directly for speed
    while (stats().dropped === 0 && n < 200_000) {
      for (let j = 0; j < 200; j++, n++)
        t.app.topics.record({ topic: `slow/${n % 5_000}`, payload, retain: false, qos: 0 });
      expect(stats().buffered).toBeLessThanOrEqual(64 * 1024 + 300 * 1024);
      await new Promise((r) => setImmediate(r));
    }
    expect(stats().dropped).toBeGreaterThan(0);
    // reading again: the next batch says how many updates this client lost
    let text = '';
    socket.setEncoding('utf8');
    socket.on('data', (chunk: string) => {
      text += chunk;
    });
    socket.resume();
    await until(() => {
      t.app.topics.record({ topic: 'slow/after', payload, retain: false, qos: 0 });
      return /"dropped":[1-9]/.test(text);
    }, 'the stream never said what it dropped');
    socket.destroy();
    await until(() => stats().clients === 0 && watchers() === 0, 'the slow stream stayed open');
  });

  it('asks for the token like every /api route, and opens nothing without it', async () => {
    const { port, stats } = await serve({}, 'secret-token');
    for (const path of ['/api/events/mqtt', '/api/events/logs']) {
      const refused = await openEvents(port, path);
      await refused.ended;
      expect(refused.status).toBe(401);
    }
    expect(stats().clients).toBe(0);
    expect(watchers()).toBe(0);
    const allowed = await stream(port, '/api/events/mqtt', { authorization: 'Bearer secret-token' });
    expect(allowed.status).toBe(200);
  });
});

describe('GET /api/events/logs', () => {
  it('sends the kept entries, then new ones at the level or above, redacted, and resumes after Last-Event-ID', async () => {
    const { port, stats } = await serve({ flushMs: 20 });
    const log = t.app.log.child({ part: 'test' });
    log.warn('kept before the stream opened');
    const warn = await stream(port, '/api/events/logs?level=warn&limit=5');
    const entries = () => warn.events.filter((e) => e.event === 'logs').flatMap((e) => e.data.entries);
    await until(() => entries().some((e) => e.msg === 'kept before the stream opened'), 'no kept entries');

    log.info('an info line, below the level');
    log.error('broker at mqtt://user:hunter2@broker:1883 refused', { password: 'hunter2' });
    log.warn('the marker after them');
    await until(() => entries().some((e) => e.msg === 'the marker after them'), 'no new entries');
    const text = JSON.stringify(entries());
    expect(text).not.toContain('below the level');
    expect(text).not.toContain('hunter2');
    expect(entries().find((e) => e.level === 'error')).toMatchObject({ part: 'test' });
    expect(entries().every((e) => e.level === 'warn' || e.level === 'error')).toBe(true);

    // a reconnect names the last event it had: only what came after
    const lastId = warn.events.filter((e) => e.event === 'logs').at(-1)?.id;
    expect(Number(lastId)).toBe(entries().at(-1)?.id);
    log.warn('after the reconnect');
    const again = await stream(port, '/api/events/logs?level=warn', { 'last-event-id': String(lastId) });
    await until(() => again.events.some((e) => e.event === 'logs'), 'nothing after the reconnect');
    expect(again.events.find((e) => e.event === 'logs')?.data.entries.map((e: any) => e.msg)).toEqual([
      'after the reconnect',
    ]);

    expect(t.app.mcpDeps.logs?.watchers).toBe(2);
    warn.close();
    again.close();
    await until(() => stats().clients === 0 && t.app.mcpDeps.logs?.watchers === 0, 'a log stream stayed open');
  });

  it('ends every stream when the server closes', async () => {
    const { app, port, stats } = await serve();
    const logs = await stream(port, '/api/events/logs');
    const topics = await stream(port, '/api/events/mqtt');
    await app.close();
    await Promise.all([logs.ended, topics.ended]);
    expect(stats().clients).toBe(0);
    expect(watchers()).toBe(0);
    expect(t.app.mcpDeps.logs?.watchers).toBe(0);
  });
});
