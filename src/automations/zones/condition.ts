/**
 * The zone condition, as Home Assistant's `components/zone/condition.py` (formerly `helpers/condition.py`) decides
 * it:
 * - `zone(hass, zone, entity)`: an unknown zone or entity raises; an entity whose state is `unknown` or `unavailable`
 *   is not in any zone; an entity without a `latitude` or `longitude` attribute raises; else `in_zone` with the
 *   entity's `gps_accuracy` (default 0).
 * - the condition: every entity must be in at least one of the zones; errors raise only when no definitive result
 *   was found (some entity matched no zone), so an error about one zone does not matter when another zone matches.
 * The zone trigger uses `zoneMatch` too (`triggers/zone.ts`).
 */
import type { StateStore } from '../../core/state-store.js';
import { STATE_UNAVAILABLE, STATE_UNKNOWN, type State } from '../../core/state.js';
import { inZone } from './distance.js';

export class ZoneConditionError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ZoneConditionError';
  }
}

/** `condition.zone`: whether `entity` is in `zone` (each a state or an entity id). Throws ZoneConditionError. */
export function zoneMatch(states: StateStore, zone: State | string, entity: State | string): boolean {
  const zoneState = typeof zone === 'string' ? states.get(zone) : zone;
  if (!zoneState) throw new ZoneConditionError(`unknown zone ${String(zone)}`);
  const entityState = typeof entity === 'string' ? states.get(entity) : entity;
  if (!entityState) throw new ZoneConditionError(`unknown entity ${String(entity)}`);
  if (entityState.state === STATE_UNAVAILABLE || entityState.state === STATE_UNKNOWN) return false;
  const { latitude, longitude, gps_accuracy: accuracy } = entityState.attributes;
  const id = entityState.entity_id;
  if (latitude === undefined || latitude === null)
    throw new ZoneConditionError(`entity ${id} has no 'latitude' attribute`);
  if (longitude === undefined || longitude === null)
    throw new ZoneConditionError(`entity ${id} has no 'longitude' attribute`);
  return inZone(zoneState, Number(latitude), Number(longitude), typeof accuracy === 'number' ? accuracy : 0);
}

export interface ZoneConditionResult {
  /** per entity, the zones it was found in */
  readonly in_zones: Record<string, string[]>;
  readonly pass: boolean;
  readonly error?: string;
}

/** `ZoneCondition.if_in_zone`: every entity in at least one zone; errors only when that is not the case. */
export function zoneCondition(
  states: StateStore,
  entityIds: readonly string[],
  zoneIds: readonly string[],
): ZoneConditionResult {
  const errors: string[] = [];
  const found: Record<string, string[]> = {};
  let allOk = true;
  for (const entityId of entityIds) {
    const zones: string[] = [];
    for (const zoneId of zoneIds) {
      try {
        if (zoneMatch(states, zoneId, entityId)) zones.push(zoneId);
      } catch (err) {
        if (!(err instanceof ZoneConditionError)) throw err;
        errors.push(`error matching ${entityId} with ${zoneId}: ${err.message}`);
      }
    }
    found[entityId] = zones;
    if (zones.length === 0) allOk = false;
  }
  if (errors.length > 0 && !allOk) return { in_zones: found, pass: false, error: errors.join('; ') };
  return { in_zones: found, pass: allOk };
}
