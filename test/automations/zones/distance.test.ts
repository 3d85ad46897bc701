// Home Assistant's util/location.py (tests/util/test_location.py: Paris to New York is 5846.39 km by Vincenty) and
// zone.in_zone.
import { describe, expect, it } from 'vitest';
import { distance, hasLocation, inZone, vincenty } from '../../../src/automations/zones/distance.js';
import type { State } from '../../../src/core/state.js';

const PARIS = [48.864716, 2.349014] as const;
const NEW_YORK = [40.73061, -73.935242] as const;

const state = (entity_id: string, s: string, attributes: Record<string, unknown>): State => ({
  entity_id,
  state: s,
  attributes,
  last_changed: '',
  last_updated: '',
  last_reported: '',
  context: { id: 'x', parentId: null, origin: 'test' },
});

describe('distance', () => {
  it("is Home Assistant's Vincenty distance (test_get_kilometers, test_get_distance_to_same_place)", () => {
    expect(Math.round((vincenty(PARIS, NEW_YORK) ?? 0) * 100) / 100).toBe(5846.39);
    expect(distance(PARIS[0], PARIS[1], PARIS[0], PARIS[1])).toBe(0);
    expect(distance(...PARIS, ...NEW_YORK)).toBeCloseTo(5_846_392.804, 3);
  });

  it('is undefined for nearly antipodal points where the iteration does not converge', () => {
    expect(vincenty([0, 0], [0.5, 179.7])).toBeUndefined();
  });

  it('puts a point in a zone when its distance minus the GPS accuracy is below the radius', () => {
    // tests/components/zone/test_trigger.py: zone.test at 32.880837,-117.237561, radius 250
    const zone = state('zone.test', '0', { latitude: 32.880837, longitude: -117.237561, radius: 250 });
    expect(inZone(zone, 32.880586, -117.237564)).toBe(true);
    expect(inZone(zone, 32.881011, -117.234758)).toBe(false);
    expect(inZone(zone, 32.881011, -117.234758, 50)).toBe(true);
    expect(inZone({ ...zone, state: 'unavailable' }, 32.880586, -117.237564)).toBe(false);
  });

  it('has a location only with numeric latitude and longitude', () => {
    expect(hasLocation(state('d.x', 'home', { latitude: 1.5, longitude: 2.5 }))).toBe(true);
    expect(hasLocation(state('d.x', 'home', { latitude: '1.5', longitude: 2.5 }))).toBe(false);
    expect(hasLocation(undefined)).toBe(false);
  });
});
