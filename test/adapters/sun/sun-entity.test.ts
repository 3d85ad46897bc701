// sun.sun as Home Assistant's components/sun/entity.py keeps it, on a fake clock: state, attributes, the
// phase-dependent update cadence, the flip at sunrise, and stop.
import { afterEach, describe, expect, it, vi } from 'vitest';
import { createSunEntity, removeSunEntity, SUN_ENTITY_ID } from '../../../src/adapters/sun/sun-entity.js';
import { homeSun } from '../../../src/app/sun.js';
import { eventOnUtcDate } from '../../../src/automations/sun.js';
import { systemClock } from '../../../src/core/clock.js';
import { createEventBus } from '../../../src/core/event-bus.js';
import type { CoreEvents } from '../../../src/core/events.js';
import { silentLogger } from '../../../src/core/logger.js';
import { createRegistry } from '../../../src/core/registry.js';
import { createStateStore } from '../../../src/core/state-store.js';

afterEach(() => {
  vi.useRealTimers();
});

const SAN_DIEGO = homeSun({
  latitude: 32.87336,
  longitude: -117.22743,
  elevation: 0,
  time_zone: 'America/Los_Angeles',
});
const MIN = 60_000;

function setup() {
  const bus = createEventBus<CoreEvents>(silentLogger);
  const registry = createRegistry(bus);
  const states = createStateStore(bus, systemClock);
  const updates: number[] = [];
  bus.on('state_changed', (e) => {
    if (e.entity_id === SUN_ENTITY_ID) updates.push(Date.now());
  });
  const entity = createSunEntity({ sun: SAN_DIEGO, registry, states, clock: systemClock });
  return { registry, states, updates, entity };
}

describe('sun.sun', () => {
  it("has Home Assistant's state and attributes, and flips at sunrise", async () => {
    vi.useFakeTimers({ now: new Date('2015-09-16T12:00:00Z') });
    const { registry, states, entity } = setup();
    await entity.start();
    expect(registry.entity(SUN_ENTITY_ID)).toMatchObject({ domain: 'sun', name: 'Sun', source: 'sun' });
    const night = states.get(SUN_ENTITY_ID);
    expect(night?.state).toBe('below_horizon');
    const sunrise = eventOnUtcDate(SAN_DIEGO, 'sunrise', Date.parse('2015-09-16T00:00:00Z')) ?? 0;
    const sunset = eventOnUtcDate(SAN_DIEGO, 'sunset', Date.parse('2015-09-17T00:00:00Z')) ?? 0;
    expect(Object.keys(night?.attributes ?? {})).toEqual([
      'next_dawn',
      'next_dusk',
      'next_midnight',
      'next_noon',
      'next_rising',
      'next_setting',
      'elevation',
      'azimuth',
      'rising',
      'friendly_name',
    ]);
    expect(night?.attributes).toMatchObject({ rising: true, friendly_name: 'Sun' });
    // the same events, to the second (a search from another start refines them a few ms differently)
    const time = (key: string): number => Date.parse(String(night?.attributes[key]));
    expect(Math.abs(time('next_rising') - sunrise)).toBeLessThan(1_000);
    expect(Math.abs(time('next_setting') - sunset)).toBeLessThan(1_000);
    expect(String(night?.attributes['next_rising'])).toMatch(/^2015-09-16T13:33:\d\d\.\d{6}\+00:00$/);
    // Home Assistant's own test: about -19.8° at 12:00 UTC; 2 decimals
    const elevation = night?.attributes['elevation'] as number;
    expect(elevation).toBeCloseTo(-19.8, 0);
    expect(Math.round(elevation * 100) / 100).toBe(elevation);
    const dawn = Date.parse(String(night?.attributes['next_dawn']));
    expect((sunrise - dawn) / MIN).toBeGreaterThan(20);
    expect(String(night?.attributes['next_noon'])).toMatch(/^2015-09-16T19:4\d:\d\d(\.\d{6})?\+00:00$/);

    // the state follows the refracted elevation (above -0.833°), so, as in Home Assistant, it may turn at the
    // last 2-minute update before the rising event; at that event it is above the horizon
    await vi.advanceTimersByTimeAsync(sunrise - Date.now() - 10 * MIN);
    expect(states.get(SUN_ENTITY_ID)?.state).toBe('below_horizon');
    await vi.advanceTimersByTimeAsync(10 * MIN + 1_000);
    const day = states.get(SUN_ENTITY_ID);
    expect(day?.state).toBe('above_horizon');
    // the next rising is tomorrow's now
    expect(Date.parse(String(day?.attributes['next_rising']))).toBeGreaterThan(sunrise + 23 * 60 * MIN);
    await entity.stop();
  });

  it('updates the position as often as the phase asks (twilight every 2 minutes, night every 20)', async () => {
    vi.useFakeTimers({ now: new Date('2015-09-16T02:10:00Z') }); // 19:10 local, civil twilight after sunset
    const { updates, entity } = setup();
    await entity.start();
    await vi.advanceTimersByTimeAsync(4 * 60 * MIN);
    const gaps = updates.slice(1).map((t, i) => Math.round((t - (updates[i] ?? 0)) / 1000));
    // civil twilight: 2-minute steps up to civil dusk; nautical 4; astronomical 8; night 20 (or an event sooner)
    expect(gaps.slice(0, 3)).toEqual([120, 120, 120]);
    expect(gaps.some((g) => g === 240)).toBe(true);
    expect(gaps.some((g) => g === 480)).toBe(true);
    expect(gaps.at(-1)).toBe(1200);
    expect(Math.max(...gaps)).toBeLessThanOrEqual(1200);
    await entity.stop();
    const count = updates.length;
    await vi.advanceTimersByTimeAsync(60 * MIN);
    expect(updates.length).toBe(count);
  });

  it('is removed when there is no location any more', async () => {
    vi.useFakeTimers({ now: new Date('2015-09-16T12:00:00Z') });
    const { registry, states, entity } = setup();
    await entity.start();
    await entity.stop();
    removeSunEntity(registry, states);
    expect(registry.entity(SUN_ENTITY_ID)).toBeUndefined();
    expect(states.get(SUN_ENTITY_ID)).toBeUndefined();
  });
});
