// The raw MQTT tools added for the topic index and capture handles: mqtt_list_topics, long
// mqtt_subscribe_collect windows with mqtt_get_capture, and mqtt_connections (profiles: mqtt-profiles.test.ts) — through the app's own /mcp
// endpoint (real socket, real embedded broker, the composition root's `#` subscription).
import { Client, StreamableHTTPClientTransport } from '@modelcontextprotocol/client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createCaptureStore } from '../../../src/usecases/captures.js';
import type { IncomingMessage, MessageBus } from '../../../src/core/ports.js';
import { createTopicIndex } from '../../../src/core/topic-index.js';
import { topicMatches } from '../../../src/core/topic.js';
import { startTestApp, type TestApp } from '../../helpers/app.js';
import { eventually } from '../../helpers/net.js';

const msg = (topic: string, payload: string | Buffer, retain = false): IncomingMessage => ({
  topic,
  payload: Buffer.isBuffer(payload) ? payload : Buffer.from(payload),
  retain,
  qos: 0,
});

describe('topic index (core)', () => {
  it('matches MQTT filters', () => {
    expect(topicMatches('#', 'a/b')).toBe(true);
    expect(topicMatches('a/+/c', 'a/b/c')).toBe(true);
    expect(topicMatches('a/+/c', 'a/b/d')).toBe(false);
    expect(topicMatches('a/#', 'a')).toBe(true);
    expect(topicMatches('a/+', 'a/b/c')).toBe(false);
    expect(topicMatches('#', '$SYS/x')).toBe(false);
  });

  it('keeps a 256-byte preview, counts, and evicts the least recently seen topic', () => {
    const index = createTopicIndex({ maxTopics: 3, now: () => new Date('2026-01-01T00:00:00Z') });
    index.record(msg('a', 'x'.repeat(1000), true));
    index.record(msg('b', '1'));
    index.record(msg('c', '1'));
    index.record(msg('a', 'y'.repeat(10)));
    index.record(msg('d', '1')); // evicts b, the least recently seen
    expect(index.list().map((r) => r.topic)).toEqual(['a', 'c', 'd']);
    expect(index.evicted).toBe(1);
    const a = index.get('a');
    expect(a).toMatchObject({ count: 2, retained: false, bytes: 10, last_seen: '2026-01-01T00:00:00.000Z' });
    index.record(msg('e/f', Buffer.alloc(5000)));
    expect(index.get('e/f')?.preview.length).toBe(256);
    expect(index.list('e/+').map((r) => r.topic)).toEqual(['e/f']);
    expect(index.size).toBe(3);
  });
});

describe('capture store', () => {
  const fakeBus = () => {
    const handlers = new Set<(m: IncomingMessage) => void>();
    const bus: MessageBus & { emit(m: IncomingMessage): void; readonly handlers: number } = {
      connected: true,
      publish: async () => {},
      subscribe: async (_f, h) => {
        handlers.add(h);
        return () => handlers.delete(h);
      },
      unsubscribe: (_f, h) => handlers.delete(h),
      emit: (m) => {
        for (const h of handlers) h(m);
      },
      get handlers() {
        return handlers.size;
      },
    };
    return bus;
  };

  it('collects in the background until its window ends, bounded by max_messages, and unsubscribes', async () => {
    const bus = fakeBus();
    const store = createCaptureStore();
    const c = await store.start(bus, {
      filters: ['x/#'],
      duration_s: 0.2,
      max_messages: 500,
      payload_max_bytes: 4,
      include_retained: false,
    });
    expect(c.id).toMatch(/^cap_/);
    bus.emit(msg('x/1', 'hello world'));
    bus.emit(msg('x/2', 'retained', true));
    expect(store.get(c.id)?.status).toBe('running');
    await store.wait(c.id, 2000);
    const done = store.get(c.id);
    expect(done).toMatchObject({ status: 'done', ended_by: 'duration' });
    expect(done?.messages).toEqual([expect.objectContaining({ topic: 'x/1', payload: 'hell', truncated: true })]);
    expect(bus.handlers).toBe(0);

    const small = await store.start(bus, {
      filters: ['x/#', 'x/#'],
      duration_s: 60,
      max_messages: 2,
      payload_max_bytes: 100,
      include_retained: true,
    });
    for (let i = 0; i < 5; i++) bus.emit(msg(`x/${i}`, String(i)));
    expect(store.get(small.id)).toMatchObject({ status: 'done', ended_by: 'max_messages' });
    expect(store.get(small.id)?.messages).toHaveLength(2);
    store.close();
    expect(store.size).toBe(0);
  });
});

describe('raw MQTT tools over the app’s /mcp', () => {
  let t: TestApp;
  let client: Client;

  beforeAll(async () => {
    t = await startTestApp();
    client = new Client({ name: 'switchyard-mqtt-tools', version: '1.0.0' });
    await client.connect(new StreamableHTTPClientTransport(new URL(`http://127.0.0.1:${t.app.http.port}/mcp`)));
  }, 30_000);

  afterAll(async () => {
    await client?.close();
    await t?.close();
  });

  const call = async (name: string, args: Record<string, unknown> = {}) =>
    (await client.callTool({ name, arguments: args })) as {
      isError?: boolean;
      structuredContent?: any;
      content: { text?: string }[];
    };
  const ok = async (name: string, args: Record<string, unknown> = {}) => {
    const r = await call(name, args);
    if (r.isError) throw new Error(`${name} failed: ${r.content[0]?.text}`);
    return r.structuredContent;
  };

  it('mqtt_list_topics: serves the live topic index with wildcard filter, previews and pagination', async () => {
    await t.client.publishAsync('lab/a/temp', '21.5', { qos: 1, retain: true });
    await t.client.publishAsync('lab/b/temp', Buffer.from([0xff, 0x00, 0x01]), { qos: 1 });
    await t.client.publishAsync('lab/b/temp', Buffer.from([0xff, 0x00, 0x02]), { qos: 1 });
    await t.client.publishAsync('lab/c/humidity', 'x'.repeat(400), { qos: 1 });
    await eventually(async () => (await ok('mqtt_list_topics', { filter: 'lab/#' })).total === 3);
    const temps = await ok('mqtt_list_topics', { filter: 'lab/+/temp' });
    expect(temps.topics).toEqual([
      // a live publish reaches existing subscribers with retain=0 (MQTT); only the broker's stored copy, sent at subscription time, is flagged
      expect.objectContaining({
        topic: 'lab/a/temp',
        retained: false,
        count: 1,
        bytes: 4,
        payload_preview: '21.5',
        encoding: 'utf8',
        truncated: false,
      }),
      expect.objectContaining({
        topic: 'lab/b/temp',
        retained: false,
        count: 2,
        bytes: 3,
        payload_preview: Buffer.from([0xff, 0x00, 0x02]).toString('base64'),
        encoding: 'base64',
      }),
    ]);
    const long = await ok('mqtt_list_topics', { filter: 'lab/c/humidity' });
    expect(long.topics[0]).toMatchObject({ bytes: 400, truncated: true });
    expect(long.topics[0].payload_preview).toHaveLength(256);
    const page1 = await ok('mqtt_list_topics', { filter: 'lab/#', limit: 2, include_payload: false });
    expect(page1.topics).toHaveLength(2);
    expect(page1.topics[0].payload_preview).toBeUndefined();
    const page2 = await ok('mqtt_list_topics', { filter: 'lab/#', limit: 2, cursor: page1.next_cursor });
    expect(page2.topics.map((x: { topic: string }) => x.topic)).toEqual(['lab/c/humidity']);
    expect((await ok('mqtt_list_topics', { search: 'A/TEMP' })).topics.map((x: { topic: string }) => x.topic)).toEqual([
      'lab/a/temp',
    ]);
    expect((await ok('mqtt_list_topics', { retained_only: true, filter: 'lab/#' })).topics).toEqual([]);
    expect(page1.index).toMatchObject({ max_topics: 10_000, evicted: 0 });
    const bad = await call('mqtt_list_topics', { filter: 'lab/#/x' });
    expect(bad.isError).toBe(true);
  });

  it('mqtt_subscribe_collect over 50 s returns a capture_id at once; mqtt_get_capture reads it, waits, stops', async () => {
    const started = Date.now();
    const cap = await ok('mqtt_subscribe_collect', { filters: ['cap/#'], duration_s: 120, max_messages: 3 });
    expect(Date.now() - started).toBeLessThan(5000);
    expect(cap).toMatchObject({ capture_id: expect.stringMatching(/^cap_/), status: 'running', duration_s: 120 });
    await t.client.publishAsync('cap/1', 'one', { qos: 1 });
    await eventually(async () => (await ok('mqtt_get_capture', { capture_id: cap.capture_id })).total === 1);
    const partial = await ok('mqtt_get_capture', { capture_id: cap.capture_id });
    expect(partial).toMatchObject({
      status: 'running',
      done: false,
      total: 1,
      next_from: 1,
      messages: [expect.objectContaining({ topic: 'cap/1', payload: 'one' })],
    });
    await t.client.publishAsync('cap/2', 'two', { qos: 1 });
    await t.client.publishAsync('cap/3', 'three', { qos: 1 });
    const done = await ok('mqtt_get_capture', { capture_id: cap.capture_id, wait_seconds: 5, from: 1 });
    expect(done).toMatchObject({ status: 'done', done: true, ended_by: 'max_messages', total: 3, from: 1, count: 2 });
    expect(done.messages.map((m: { payload: string }) => m.payload)).toEqual(['two', 'three']);

    const other = await ok('mqtt_subscribe_collect', { filters: ['cap2/+'], duration_s: 300 });
    const stopped = await ok('mqtt_get_capture', { capture_id: other.capture_id, stop: true });
    expect(stopped).toMatchObject({ status: 'done', ended_by: 'stopped', total: 0 });

    const unknown = await call('mqtt_get_capture', { capture_id: 'cap_nope' });
    expect(unknown.isError).toBe(true);
    expect(unknown.content[0]?.text).toMatch(/Unknown or expired capture .*mqtt_subscribe_collect/);
  });

  it('mqtt_connections lists the main connection without credentials; without profiles it is the only one', async () => {
    const r = await ok('mqtt_connections');
    expect(r.connections).toEqual([
      {
        connection_id: 'main',
        profile: 'default',
        broker: 'embedded',
        connected: true,
        default: true,
        publish_allowed: true,
      },
    ]);
    expect(r.profiles_configurable).toBe(true);
    expect(r.note).toMatch(/mqtt_profiles/);
    expect((await ok('mqtt_list_topics', { connection: 'main', limit: 1 })).connection).toBe('main');
    const unknown = await call('mqtt_list_topics', { connection: 'lab' });
    expect(unknown.isError).toBe(true);
    expect(unknown.content[0]?.text).toMatch(
      /Unknown connection "lab"\. Known connections: "main" \(see mqtt_connections\)/,
    );
  });
});
