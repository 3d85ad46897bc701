// GET /api/events/states on real fastify with a real socket: state changes of the real state store arrive as
// Server-Sent Events, the stream closes cleanly (client gone, app closed) leaving no bus listener, and a client that
// stops reading is bounded (coalesced to the latest per entity, disconnected past its byte budget).
import Fastify, { type FastifyInstance } from 'fastify';
import { get, type IncomingMessage } from 'node:http';
import { connect } from 'node:net';
import { setImmediate as tick } from 'node:timers/promises';
import { afterEach, describe, expect, it } from 'vitest';
import { registerStateEventRoutes, type StateEventOptions } from '../../../src/adapters/http/routes/state-events.js';
import { systemClock } from '../../../src/core/clock.js';
import { createEventBus } from '../../../src/core/event-bus.js';
import type { CoreEvents } from '../../../src/core/events.js';
import { silentLogger } from '../../../src/core/logger.js';
import { createStateStore } from '../../../src/core/state-store.js';
import { eventually } from '../../helpers/net.js';

const cleanup: (() => unknown)[] = [];
afterEach(async () => {
  for (const fn of cleanup.splice(0).reverse()) await fn();
});

async function serve(options: StateEventOptions = {}) {
  const bus = createEventBus<CoreEvents>(silentLogger);
  const states = createStateStore(bus, systemClock);
  const app: FastifyInstance = Fastify();
  const stats = registerStateEventRoutes(app, { bus }, options);
  await app.listen({ host: '127.0.0.1', port: 0 });
  cleanup.push(() => app.close());
  const address = app.server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  return { bus, states, app, stats, port };
}

interface Stream {
  res: IncomingMessage;
  /** parsed events so far */
  events: { event: string; data: any }[];
  ended: Promise<void>;
}

function open(port: number, path = '/api/events/states'): Promise<Stream> {
  return new Promise((resolve, reject) => {
    const req = get({ host: '127.0.0.1', port, path }, (res) => {
      const events: Stream['events'] = [];
      let buffer = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => {
        buffer += chunk;
        let end = buffer.indexOf('\n\n');
        while (end >= 0) {
          const block = buffer.slice(0, end);
          buffer = buffer.slice(end + 2);
          const event = /^event: (.*)$/m.exec(block)?.[1];
          const data = /^data: (.*)$/m.exec(block)?.[1];
          if (event && data) events.push({ event, data: JSON.parse(data) });
          end = buffer.indexOf('\n\n');
        }
      });
      const ended = new Promise<void>((done) => res.on('close', done));
      cleanup.push(() => req.destroy());
      resolve({ res, events, ended });
    });
    req.on('error', reject);
  });
}

describe('GET /api/events/states', () => {
  it('streams state changes as they happen, filtered by domain', async () => {
    const { states, port, bus } = await serve();
    expect(bus.listenerCount('state_changed')).toBe(0);
    const all = await open(port);
    const lights = await open(port, '/api/events/states?domain=light');
    expect(all.res.headers['content-type']).toBe('text/event-stream; charset=utf-8');
    expect(all.res.headers['cache-control']).toBe('no-store');
    await eventually(() => all.events.length === 1 && lights.events.length === 1);
    expect(all.events[0]?.event).toBe('ready');
    expect(bus.listenerCount('state_changed')).toBe(2);

    states.set('sensor.t', '21.5', { unit_of_measurement: '°C' });
    states.set('light.kitchen', 'on', { brightness: 128 });
    states.set('sensor.gone', 'unavailable');
    await eventually(() => all.events.length === 4 && lights.events.length === 2);
    expect(all.events.slice(1).map((e) => [e.data.entity_id, e.data.state, e.data.available])).toEqual([
      ['sensor.t', '21.5', true],
      ['light.kitchen', 'on', true],
      ['sensor.gone', 'unavailable', false],
    ]);
    expect(all.events[1]?.data.attributes).toEqual({ unit_of_measurement: '°C' });
    expect(lights.events[1]?.data).toMatchObject({ entity_id: 'light.kitchen', attributes: { brightness: 128 } });
    expect(typeof lights.events[1]?.data.last_changed).toBe('string');
  });

  it('leaves no listener, timer or client behind when the client goes, and ends streams when the app closes', async () => {
    const { port, bus, stats, app } = await serve({ heartbeatMs: 20 });
    const first = await open(port);
    await eventually(() => first.events.length === 1);
    expect(stats().clients).toBe(1);
    first.res.destroy();
    await eventually(() => stats().clients === 0);
    expect(bus.listenerCount('state_changed')).toBe(0);

    const second = await open(port);
    await eventually(() => second.events.length === 1);
    await app.close(); // waits for nothing: the stream is ended first
    await second.ended;
    expect(stats().clients).toBe(0);
    expect(bus.listenerCount('state_changed')).toBe(0);
  });

  it('keeps only the latest change per entity for a client that stops reading, and sends it when it reads again', async () => {
    const { states, port, stats } = await serve({ maxPendingBytes: 256 * 1024 });
    const stream = await open(port);
    await eventually(() => stream.events.length === 1);
    stream.res.pause();
    const filler = 'x'.repeat(4_000);
    // one entity changing 5,000 times while nobody reads: at most one waiting change per entity
    let i = 0;
    while (stats().pendingBytes === 0 && i < 20_000) {
      for (let j = 0; j < 100; j++, i++) states.set('sensor.busy', String(i), { filler });
      await tick();
    }
    for (let j = 0; j < 5_000; j++, i++) states.set('sensor.busy', String(i), { filler });
    expect(stats().pendingBytes).toBeGreaterThan(0);
    expect(stats().pendingBytes).toBeLessThan(5_000);
    expect(stats().overflowed).toBe(0);
    stream.res.resume();
    const last = String(i - 1);
    await eventually(() => stream.events.at(-1)?.data.state === last, 10_000);
    expect(stats().pendingBytes).toBe(0);
  });

  it('disconnects a client that falls further behind than its byte budget', async () => {
    const { states, port, stats, bus } = await serve({ maxPendingBytes: 64 * 1024 });
    // a raw socket that sends the request and never reads the answer
    const socket = connect(port, '127.0.0.1');
    cleanup.push(() => socket.destroy());
    await new Promise<void>((resolve) => socket.once('connect', resolve));
    socket.write('GET /api/events/states HTTP/1.1\r\nHost: x\r\n\r\n');
    socket.pause();
    await eventually(() => stats().clients === 1);
    const filler = 'y'.repeat(2_000);
    let n = 0;
    while (stats().overflowed === 0 && n < 200_000) {
      for (let j = 0; j < 200; j++, n++) states.set(`sensor.s${n}`, '1', { filler });
      expect(stats().pendingBytes).toBeLessThanOrEqual(64 * 1024 + 4_000);
      await tick();
    }
    expect(stats().overflowed).toBe(1);
    expect(stats().clients).toBe(0);
    expect(stats().pendingBytes).toBe(0);
    expect(bus.listenerCount('state_changed')).toBe(0);
  });
});
