// The intent engine is built on first use only (issue 22: reading and expanding its templates takes 0.2-0.4 s and
// leaves about 9 MB more RSS, which an add-on nobody speaks to should not carry), once, and never after a stop.
import { afterEach, describe, expect, it, vi } from 'vitest';
import { createIntents } from '../../src/app/intents.js';
import type { ConversationInput } from '../../src/automations/conversation/agent.js';
import { createContext } from '../../src/core/context.js';
import { createCommandRouter } from '../../src/core/commands.js';
import { createEventBus } from '../../src/core/event-bus.js';
import type { CoreEvents } from '../../src/core/events.js';
import { silentLogger, type Logger } from '../../src/core/logger.js';
import { createRegistry } from '../../src/core/registry.js';
import { createStateStore } from '../../src/core/state-store.js';

const said = (text: string): ConversationInput => ({
  text,
  language: 'en',
  conversation_id: 'c1',
  device_id: null,
  satellite_id: null,
  agent_id: null,
  context: createContext('test'),
  area: null,
});

afterEach(() => {
  vi.useRealTimers();
});

function intents(dir?: string) {
  const bus = createEventBus<CoreEvents>(silentLogger);
  const registry = createRegistry(bus);
  const states = createStateStore(bus, { now: () => new Date() });
  const warnings: string[] = [];
  // a folder that is not there says so when the engine is built, which tells when that was
  const log: Logger = { ...silentLogger, warn: (msg) => void warnings.push(msg), child: () => log };
  const made = createIntents({ registry, states, bus, log, commands: createCommandRouter(registry, states), dir });
  return { ...made, warnings };
}

describe('the intent engine', () => {
  it('is not built until it is used, then once', async () => {
    vi.useFakeTimers();
    const { engine, handler, warnings } = intents('/nonexistent/intents');
    await vi.advanceTimersByTimeAsync(60_000);
    expect(warnings).toEqual([]);
    expect(engine.languages).toEqual([]);
    expect(warnings).toEqual(['intent templates: a problem in the files']);
    expect(await handler.handle(said('turn on the lamp'))).toBeFalsy();
    expect(warnings).toHaveLength(1);
    engine.stop();
  });

  it('built from the shipped templates on the first spoken command, it answers it', async () => {
    const { engine, handler, warnings } = intents();
    const reply = await handler.handle(said('turn on the kitchen lamp'));
    expect(warnings).toEqual([]);
    expect(engine.languages).toEqual(expect.arrayContaining(['en', 'ru']));
    expect(reply).toMatchObject({ response_type: 'error' }); // no such lamp in an empty home: said, not ignored
    engine.stop();
  });
});
