import { describe, expect, it } from 'vitest';
import { createCommandRouter, type ActionHandler } from '../../src/core/commands.js';
import { createContext } from '../../src/core/context.js';
import { createEventBus } from '../../src/core/event-bus.js';
import type { CoreEvents } from '../../src/core/events.js';
import { silentLogger } from '../../src/core/logger.js';
import { createRegistry } from '../../src/core/registry.js';
import { createStateStore } from '../../src/core/state-store.js';

function setup() {
  const bus = createEventBus<CoreEvents>(silentLogger);
  const registry = createRegistry(bus);
  const states = createStateStore(bus, { now: () => new Date() });
  const router = createCommandRouter(registry, states);
  const calls: string[] = [];
  const handler: ActionHandler = {
    allowedActions: () => ({
      turn_on: { description: 'on', params: { brightness: { type: 'number', min: 0, max: 255 } } },
      turn_off: { description: 'off', params: {} },
    }),
    execute: async (entity, action, data) => {
      calls.push(`${entity.entity_id}:${action}:${JSON.stringify(data)}`);
      return { entity_id: entity.entity_id, action, published: [], optimistic: false };
    },
  };
  router.register('dev', handler);
  registry.upsertEntity({
    entity_id: 'light.a',
    unique_id: null,
    domain: 'light',
    name: 'A',
    device_id: null,
    area: null,
    source: 'dev',
    discovery_topic: null,
    config: {},
  });
  registry.upsertEntity({
    entity_id: 'sensor.b',
    unique_id: null,
    domain: 'sensor',
    name: 'B',
    device_id: null,
    area: null,
    source: 'nobody',
    discovery_topic: null,
    config: {},
  });
  return { router, states, calls };
}

const call = (domain: string, action: string, entity_id: string, data = {}) => ({
  domain,
  action,
  entity_id,
  data,
  context: createContext('test'),
});

describe('command router', () => {
  it('routes to the owner and turns toggle into turn_on/turn_off by state', async () => {
    const { router, states, calls } = setup();
    await router.execute(call('light', 'turn_on', 'light.a', { brightness: 3 }));
    await router.execute(call('light', 'toggle', 'light.a'));
    states.set('light.a', 'on');
    await router.execute(call('homeassistant', 'toggle', 'light.a'));
    expect(calls).toEqual(['light.a:turn_on:{"brightness":3}', 'light.a:turn_on:{}', 'light.a:turn_off:{}']);
  });

  it('names what is wrong: unknown entity, wrong domain, unsupported action, unknown parameter, no owner', async () => {
    const { router } = setup();
    await expect(router.execute(call('light', 'turn_on', 'light.x'))).rejects.toThrow("no entity 'light.x'");
    await expect(router.execute(call('switch', 'turn_on', 'light.a'))).rejects.toThrow('is a light, not a switch');
    await expect(router.execute(call('light', 'blink', 'light.a'))).rejects.toThrow(
      "does not support 'blink'; it supports turn_on, turn_off",
    );
    await expect(router.execute(call('light', 'turn_on', 'light.a', { colour: 1 }))).rejects.toThrow(
      "'colour' is not a parameter of light.turn_on; allowed: brightness",
    );
    await expect(router.execute(call('sensor', 'turn_on', 'sensor.b'))).rejects.toThrow('cannot be controlled');
  });
});
