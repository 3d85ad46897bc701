import type { Context } from './context.js';

export type Attributes = Readonly<Record<string, unknown>>;

/**
 * One entity's state, as Home Assistant models it.
 * - `last_changed`: when `state` last changed;
 * - `last_updated`: when `state` or `attributes` last changed;
 * - `last_reported`: when the device last reported, even with nothing new.
 */
export interface State {
  readonly entity_id: string;
  readonly state: string;
  readonly attributes: Attributes;
  readonly last_changed: string;
  readonly last_updated: string;
  readonly last_reported: string;
  readonly context: Context;
}

export const STATE_UNKNOWN = 'unknown';
export const STATE_UNAVAILABLE = 'unavailable';

/** Shallow-deep equality for attribute maps (values are JSON-like). */
export function sameAttributes(a: Attributes, b: Attributes): boolean {
  const ka = Object.keys(a);
  if (ka.length !== Object.keys(b).length) return false;
  return ka.every((k) => Object.hasOwn(b, k) && sameJson(a[k], b[k]));
}

function sameJson(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false;
  if (Array.isArray(a) !== Array.isArray(b)) return false;
  if (Array.isArray(a) && Array.isArray(b)) return a.length === b.length && a.every((v, i) => sameJson(v, b[i]));
  return sameAttributes(a as Attributes, b as Attributes);
}

/** Home Assistant's MAX_LENGTH_STATE_STATE: an entity's longer state is written as `unknown` (entity.py). */
export const MAX_STATE_LENGTH = 255;

/** The state's length in characters (code points) when it is over the limit, else undefined. */
export function overStateLimit(state: string): number | undefined {
  if (state.length <= MAX_STATE_LENGTH) return undefined;
  const chars = [...state].length;
  return chars > MAX_STATE_LENGTH ? chars : undefined;
}
