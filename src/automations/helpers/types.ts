/**
 * What each helper domain (`input_boolean` … `timer`) provides to the helpers runtime (`helpers.ts`): its
 * actions with their parameters, and an instance per helper that keeps the value, answers actions as Home
 * Assistant's integration does, takes a changed config on reload and says its state.
 */
import type { Clock } from '../../core/clock.js';
import type { AllowedActions } from '../../core/commands.js';
import type { Context } from '../../core/context.js';
import { ValidationError } from '../../core/errors.js';
import type { TimeZone } from '../local-time.js';
import type { HelperConfig, HelperDomain } from './schema.js';

/** A helper's state as Home Assistant's RestoreEntity keeps it: the state text and its attributes. */
export interface LastState {
  readonly state: string;
  readonly attributes: Readonly<Record<string, unknown>>;
}

/** Where the last states of helpers are kept across restarts (SQLite: `adapters/storage/helper-state-store.ts`). */
export interface HelperStateStore {
  load(): Map<string, LastState>;
  save(entityId: string, last: LastState): void;
  remove(entityId: string): void;
}

/** What a helper instance may use: the time, the home's zone, events, and a way to say it changed by itself. */
export interface HelperEnv {
  readonly entityId: string;
  readonly clock: Clock;
  readonly zone: TimeZone;
  /** fires a Home Assistant event (`timer.finished` …) on the core bus */
  fire(eventType: string, data: Readonly<Record<string, unknown>>, context: Context): void;
  /** the state changed without an action (a timer that ran out): write it */
  changed(context: Context): void;
  /** an action that is ignored, as Home Assistant logs it (an unknown option, text of the wrong length) */
  warn(message: string): void;
}

/** The state a domain computes: `null` is Home Assistant's None (`unknown`). */
export interface HelperState {
  readonly state: string | null;
  readonly attributes: Readonly<Record<string, unknown>>;
}

export interface HelperInstance {
  state(): HelperState;
  /** performs an action (already checked to be one of the domain's); throws where Home Assistant raises */
  execute(action: string, data: Readonly<Record<string, unknown>>, context: Context): void;
  /** a changed config (reload): keeps the value where it is still valid, as each integration's update_config */
  update(config: unknown): void;
  /** stops what it has scheduled (removed, or shutting down) */
  dispose(): void;
}

export interface HelperKind<D extends HelperDomain> {
  readonly actions: AllowedActions;
  /** builds the helper from its config and, when there is one, its last state before a restart */
  create(config: HelperConfig<D>, last: LastState | undefined, env: HelperEnv): HelperInstance;
}

/** The number an action parameter holds (numbers and numeric text, as voluptuous' Coerce(float)). */
export function numberParam(data: Readonly<Record<string, unknown>>, key: string, what: string): number {
  const raw = data[key];
  const n = typeof raw === 'number' ? raw : typeof raw === 'string' && raw.trim() !== '' ? Number(raw) : Number.NaN;
  if (!Number.isFinite(n)) throw new ValidationError(`${what}: '${key}' must be a number, got ${JSON.stringify(raw)}`);
  return n;
}

/** The text an action parameter holds (cv.string: numbers become text). */
export function stringParam(data: Readonly<Record<string, unknown>>, key: string, what: string): string {
  const raw = data[key];
  if (typeof raw === 'string') return raw;
  if (typeof raw === 'number' || typeof raw === 'boolean') return String(raw);
  throw new ValidationError(`${what}: '${key}' is required and must be text, got ${JSON.stringify(raw)}`);
}

/** cv.boolean for an optional flag. */
export function flagParam(data: Readonly<Record<string, unknown>>, key: string, fallback: boolean): boolean {
  const raw = data[key];
  if (raw === undefined || raw === null) return fallback;
  if (typeof raw === 'boolean') return raw;
  const text = String(raw).toLowerCase();
  if (['true', 'yes', 'on', 'enable', '1'].includes(text)) return true;
  if (['false', 'no', 'off', 'disable', '0'].includes(text)) return false;
  throw new ValidationError(`'${key}' must be a boolean, got ${JSON.stringify(raw)}`);
}

/** Python's `datetime.isoformat()` of a UTC instant: `2023-06-05T17:48:00+00:00` (microseconds when any). */
export function isoUtc(ms: number): string {
  const iso = new Date(ms).toISOString(); // 2023-06-05T17:48:00.000Z
  const millis = iso.slice(20, 23);
  return `${iso.slice(0, 19)}${millis === '000' ? '' : `.${millis}000`}+00:00`;
}
