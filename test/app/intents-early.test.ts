// The intent engine is built on first use or a second after the app has started, never inside start-up: reading
// its templates takes 0.2–0.4 s, and a second after it was created fell inside a start that restores many entities.
import { afterEach, describe, expect, it, vi } from 'vitest';
import { createIntents } from '../../src/app/intents.js';
import { createCommandRouter } from '../../src/core/commands.js';
import { createEventBus } from '../../src/core/event-bus.js';
import type { CoreEvents } from '../../src/core/events.js';
import { silentLogger, type Logger } from '../../src/core/logger.js';
import { createRegistry } from '../../src/core/registry.js';
import { createStateStore } from '../../src/core/state-store.js';

afterEach(() => {
  vi.useRealTimers();
});

function intents(started?: Promise<void>) {
  const bus = createEventBus<CoreEvents>(silentLogger);
  const registry = createRegistry(bus);
  const states = createStateStore(bus, { now: () => new Date() });
  const warnings: string[] = [];
  // a folder that is not there: building the engine says so, which tells when it was built
  const log: Logger = { ...silentLogger, warn: (msg) => void warnings.push(msg), child: () => log };
  const made = createIntents({
    registry,
    states,
    bus,
    log,
    commands: createCommandRouter(registry, states),
    dir: '/nonexistent/intents',
    started,
  });
  return { ...made, warnings };
}

describe('the intent engine at start', () => {
  it('is built a second after the app has started, however long the start takes', async () => {
    vi.useFakeTimers();
    let startedUp = () => {};
    const { engine, warnings } = intents(new Promise<void>((resolve) => (startedUp = resolve)));
    await vi.advanceTimersByTimeAsync(5_000);
    expect(warnings).toEqual([]);
    startedUp();
    await vi.advanceTimersByTimeAsync(999);
    expect(warnings).toEqual([]);
    await vi.advanceTimersByTimeAsync(1);
    expect(warnings).toEqual(['intent templates: a problem in the files']);
    engine.stop();
  });

  it('is built on first use before that, once', async () => {
    vi.useFakeTimers();
    let startedUp = () => {};
    const { engine, warnings } = intents(new Promise<void>((resolve) => (startedUp = resolve)));
    expect(engine.languages).toEqual([]);
    startedUp();
    await vi.advanceTimersByTimeAsync(2_000);
    expect(warnings).toHaveLength(1);
    engine.stop();
  });

  it('is not built at all when stopped before', async () => {
    vi.useFakeTimers();
    let startedUp = () => {};
    const { engine, warnings } = intents(new Promise<void>((resolve) => (startedUp = resolve)));
    engine.stop();
    startedUp();
    await vi.advanceTimersByTimeAsync(2_000);
    expect(warnings).toEqual([]);
    expect(vi.getTimerCount()).toBe(0);
  });
});
