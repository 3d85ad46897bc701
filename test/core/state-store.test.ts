import { describe, expect, it } from 'vitest';
import { createEventBus } from '../../src/core/event-bus.js';
import type { CoreEvents } from '../../src/core/events.js';
import { silentLogger } from '../../src/core/logger.js';
import { createStateStore } from '../../src/core/state-store.js';
import { createContext } from '../../src/core/context.js';

function setup() {
  let now = Date.parse('2026-01-01T00:00:00Z');
  const clock = { now: () => new Date(now) };
  const bus = createEventBus<CoreEvents>(silentLogger);
  const changed: CoreEvents['state_changed'][] = [];
  const reported: string[] = [];
  bus.on('state_changed', (e) => void changed.push(e));
  bus.on('state_reported', (e) => void reported.push(e.entity_id));
  const store = createStateStore(bus, clock);
  return { store, changed, reported, tick: (ms: number) => (now += ms) };
}

describe('state store', () => {
  it('fires state_changed for a new entity with old_state null', () => {
    const { store, changed } = setup();
    const s = store.set('sensor.t', '21.5', { unit_of_measurement: '°C' });
    expect(changed).toHaveLength(1);
    expect(changed[0]?.old_state).toBeNull();
    expect(changed[0]?.new_state).toBe(s);
    expect(s.last_changed).toBe('2026-01-01T00:00:00.000Z');
    expect(s.last_updated).toBe(s.last_changed);
  });

  it('does not fire when neither state nor attributes change; only last_reported moves', () => {
    const { store, changed, reported, tick } = setup();
    store.set('sensor.t', '21.5', { a: [1, { b: 2 }] });
    tick(1000);
    const again = store.set('sensor.t', '21.5', { a: [1, { b: 2 }] });
    expect(changed).toHaveLength(1);
    expect(reported).toEqual(['sensor.t']);
    expect(again.last_reported).toBe('2026-01-01T00:00:01.000Z');
    expect(again.last_changed).toBe('2026-01-01T00:00:00.000Z');
    expect(again.last_updated).toBe('2026-01-01T00:00:00.000Z');
  });

  it('attribute-only change moves last_updated but keeps last_changed', () => {
    const { store, changed, tick } = setup();
    store.set('light.k', 'on', { brightness: 10 });
    tick(5000);
    const s = store.set('light.k', 'on', { brightness: 20 });
    expect(changed).toHaveLength(2);
    expect(s.last_changed).toBe('2026-01-01T00:00:00.000Z');
    expect(s.last_updated).toBe('2026-01-01T00:00:05.000Z');
  });

  it('state change moves both and carries the context', () => {
    const { store, changed, tick } = setup();
    store.set('switch.p', 'off');
    tick(2000);
    const ctx = createContext('api');
    const s = store.set('switch.p', 'on', {}, { context: ctx });
    expect(s.last_changed).toBe('2026-01-01T00:00:02.000Z');
    expect(changed[1]?.context).toBe(ctx);
    expect(changed[1]?.old_state?.state).toBe('off');
  });

  it('restore sets a persisted state without events; remove fires with new_state null', () => {
    const { store, changed } = setup();
    store.set('sensor.x', '5', {}, { restore: { last_changed: 'a', last_updated: 'b', last_reported: 'c' } });
    expect(changed).toHaveLength(0);
    expect(store.get('sensor.x')?.last_changed).toBe('a');
    expect(store.remove('sensor.x')).toBe(true);
    expect(changed[0]?.new_state).toBeNull();
    expect(store.remove('sensor.x')).toBe(false);
    expect(store.all()).toEqual([]);
  });

  it('keeps the set of unavailable entities as states change, repeat, restore and go', () => {
    const { store } = setup();
    const walk = () =>
      store
        .all()
        .filter((x) => x.state === 'unavailable')
        .map((x) => x.entity_id)
        .sort();
    store.set('light.a', 'unavailable');
    store.set('light.b', 'on');
    store.set('light.c', 'unavailable', {}, { restore: { last_changed: 'a', last_updated: 'a', last_reported: 'a' } });
    expect([...store.unavailableIds()].sort()).toEqual(['light.a', 'light.c']);
    store.set('light.a', 'unavailable'); // a repeat (only last_reported moves)
    store.set('light.a', 'off');
    store.set('light.b', 'unavailable');
    expect([...store.unavailableIds()].sort()).toEqual(walk());
    store.remove('light.c');
    expect([...store.unavailableIds()]).toEqual(['light.b']);
    expect([...store.unavailableIds()].sort()).toEqual(walk());
  });
});
