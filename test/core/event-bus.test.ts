import { describe, expect, it } from 'vitest';
import { createEventBus } from '../../src/core/event-bus.js';
import type { Logger } from '../../src/core/logger.js';

function recordingLogger() {
  const errors: string[] = [];
  const log: Logger = {
    trace() {},
    debug() {},
    info() {},
    warn() {},
    error: (msg) => void errors.push(msg),
    child: () => log,
  };
  return { log, errors };
}

interface Events {
  ping: { n: number };
  other: string;
}

describe('event bus', () => {
  it('delivers to every listener and stops after unsubscribe', () => {
    const bus = createEventBus<Events>(recordingLogger().log);
    const got: number[] = [];
    const off = bus.on('ping', (e) => void got.push(e.n));
    bus.on('ping', (e) => void got.push(e.n * 10));
    bus.emit('ping', { n: 1 });
    off();
    bus.emit('ping', { n: 2 });
    expect(got).toEqual([1, 10, 20]);
    expect(bus.listenerCount('ping')).toBe(1);
  });

  it('isolates a throwing listener: the others still run and emit does not throw', () => {
    const { log, errors } = recordingLogger();
    const bus = createEventBus<Events>(log);
    const got: string[] = [];
    bus.on('other', () => {
      throw new Error('boom');
    });
    bus.on('other', (s) => void got.push(s));
    expect(() => bus.emit('other', 'x')).not.toThrow();
    expect(got).toEqual(['x']);
    expect(bus.failures).toBe(1);
    expect(errors).toEqual(['event listener failed']);
  });

  it('counts a rejected async listener', async () => {
    const bus = createEventBus<Events>(recordingLogger().log);
    bus.on('other', async () => {
      throw new Error('later');
    });
    bus.emit('other', 'y');
    await new Promise((r) => setImmediate(r));
    expect(bus.failures).toBe(1);
  });

  it('lets a listener unsubscribe itself while the event is delivered', () => {
    const bus = createEventBus<Events>(recordingLogger().log);
    const got: number[] = [];
    const off = bus.on('ping', (e) => {
      got.push(e.n);
      off();
    });
    bus.on('ping', (e) => void got.push(-e.n));
    bus.emit('ping', { n: 1 });
    bus.emit('ping', { n: 2 });
    expect(got).toEqual([1, -1, -2]);
  });
});
