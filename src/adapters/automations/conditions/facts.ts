/**
 * The facts and operators each condition Engine gets. A fact gathers the values a Home Assistant
 * condition compares (so traces can show them); its operator decides with Home Assistant's semantics.
 * When Home Assistant would raise (a ConditionError), the fact has an `error`, records it under its
 * path (`ha_path`) in the run's `ha_errors` map, and its operator answers what lets the parent go on
 * (`on_error`, see `rules.ts`).
 *
 * Runtime facts of every run: `variables` (what templates see), `trigger` (the trigger variable) and
 * `ha_errors` (path → error message, filled as the run goes).
 */
import type { Almanac, Engine } from 'json-rules-engine';
import { errorMessage } from '../../../core/errors.js';
import { checkRange, readNumeric } from '../../../automations/conditions/numeric.js';
import {
  formatTimeOfDay,
  inWindow,
  msOfDay,
  parseTimeOfDay,
  timeOrEntity,
  WEEKDAY_BY_DAY,
} from '../../../automations/conditions/time-window.js';
import { matchesState } from '../../../automations/conditions/match.js';
import {
  evaluateDeviceCondition,
  type DeviceConditionFact,
} from '../../../automations/device-automation/conditions.js';
import type { ConditionDeps } from '../../../automations/conditions/types.js';
import { resolveDuration } from '../../../automations/durations.js';
import type { Condition, Duration, Weekday } from '../../../automations/model.js';
import { templateIsTrue } from '../../../automations/native.js';
import { zoneCondition, type ZoneConditionResult } from '../../../automations/zones/condition.js';
import {
  isoUtc,
  LOCATION_PENDING,
  NO_LOCATION,
  sunCondition,
  type SunConditionOptions,
  type SunConditionResult,
} from '../../../automations/sun.js';

async function variablesOf(almanac: Almanac): Promise<Record<string, unknown>> {
  return ((await almanac.factValue<Record<string, unknown> | undefined>('variables')) ?? {}) as Record<string, unknown>;
}

async function errorsOf(almanac: Almanac): Promise<Map<string, string>> {
  return (await almanac.factValue<Map<string, string> | undefined>('ha_errors')) ?? new Map<string, string>();
}

type FactFn<T> = (params: Record<string, unknown>, almanac: Almanac) => T | Promise<T>;

/** A leaf's fact: what `compute` found, its `error` recorded under the leaf's path. */
function recording<T extends { error?: string }>(compute: FactFn<T>): (...args: Parameters<FactFn<T>>) => Promise<T> {
  return async (params, almanac) => {
    const found = await compute(params, almanac);
    if (found.error !== undefined) (await errorsOf(almanac)).set(String(params['ha_path']), found.error);
    return found;
  };
}

interface TemplateFact {
  value: string | null;
  pass: boolean;
  error?: string;
}

/** A settle leaf's params (see `rules.ts`): the and/or/not it ends and its children. */
interface SettleParams {
  ha_path: string;
  label: string;
  items: { path: string; index: number }[];
  total: number;
}

interface StateFact {
  entity_id: string;
  value: unknown;
  last_changed?: string;
  held_ms?: number;
  for_ms?: number;
  message?: string;
  error?: string;
}

interface NumericFact {
  entity_id: string;
  value: number | null;
  raw: unknown;
  above?: number | null;
  below?: number | null;
  pass: boolean;
  message?: string;
  error?: string;
}

interface TimeFact {
  now: string;
  weekday: string;
  after?: string | null;
  before?: string | null;
  pass: boolean;
  message?: string;
  error?: string;
}

type SunFact = SunConditionResult & { error?: string };
type DeviceCondition = Extract<Condition, { condition: 'device' }>;

const dotPath = (value: object, path: string): unknown =>
  path
    .split('.')
    .reduce<unknown>(
      (v, key) => (v !== null && typeof v === 'object' ? (v as Record<string, unknown>)[key] : undefined),
      value,
    );

/** Engine options: undefined facts allowed, dot paths instead of JSONPath. */
export const ENGINE_OPTIONS = { allowUndefinedFacts: true, allowUndefinedConditions: true, pathResolver: dotPath };

export function registerFacts(engine: Engine, deps: ConditionDeps): void {
  const { states, clock, templates } = deps;

  engine.addFact('ha_const', (params) => params['value'] === true, { cache: false });

  engine.addFact<Promise<StateFact>>(
    'ha_state',
    recording<StateFact>(async (params, almanac) => {
      const entityId = String(params['entity_id']);
      const attribute = params['attribute'] as string | undefined;
      const state = states.get(entityId);
      if (!state) return { entity_id: entityId, value: null, error: `unknown entity ${entityId}` };
      if (attribute !== undefined && !Object.hasOwn(state.attributes, attribute)) {
        return {
          entity_id: entityId,
          value: null,
          message: `attribute '${attribute}' of entity ${entityId} does not exist`,
        };
      }
      const value = attribute === undefined ? state.state : (state.attributes[attribute] ?? null);
      const fact: StateFact = { entity_id: entityId, value, last_changed: state.last_changed };
      const duration = params['for'] as Duration | undefined;
      if (duration === undefined) return fact;
      try {
        const forMs = resolveDuration(duration, templates, await variablesOf(almanac));
        return { ...fact, for_ms: forMs, held_ms: clock.now().getTime() - Date.parse(state.last_changed) };
      } catch (err) {
        return { ...fact, error: `for: ${errorMessage(err)}` };
      }
    }),
  );

  engine.addFact<Promise<NumericFact>>(
    'ha_numeric',
    recording<NumericFact>(async (params, almanac) => {
      const entityId = String(params['entity_id']);
      const options = {
        attribute: params['attribute'] as string | undefined,
        value_template: params['value_template'] as string | undefined,
      };
      const reading = readNumeric(states, templates, entityId, options, await variablesOf(almanac));
      const bounds = {
        above: params['above'] as number | string | undefined,
        below: params['below'] as number | string | undefined,
      };
      const range = checkRange(states, reading.value, bounds);
      const note = reading.message ?? range.message;
      const error = reading.error ?? range.error;
      const { pass: _p, message: _m, error: _e, ...shown } = range;
      return {
        entity_id: entityId,
        value: reading.value,
        raw: reading.raw,
        ...shown,
        pass: range.pass,
        ...(note ? { message: note } : {}),
        ...(error ? { error } : {}),
      };
    }),
  );

  engine.addFact<Promise<TimeFact>>(
    'ha_time',
    recording<TimeFact>((params) => {
      const now = clock.now();
      const nowMs = msOfDay(now);
      const weekday = WEEKDAY_BY_DAY[now.getDay()] ?? 'mon';
      const bound = (
        key: 'after' | 'before',
      ): { ms?: number; shown?: string | null; message?: string; error?: string } => {
        const raw = params[key] as string | undefined;
        if (raw === undefined) return {};
        const ms = timeOrEntity(states, raw);
        if (ms !== undefined) return { ms, shown: formatTimeOfDay(ms) };
        // Home Assistant raises for an entity that does not exist, and is false for one that holds no time
        if (parseTimeOfDay(raw) === undefined && !states.get(raw))
          return { shown: null, error: `unknown '${key}' entity ${raw}` };
        return { shown: null, message: `'${key}' ${raw} has no time of day` };
      };
      const after = bound('after');
      const before = bound('before');
      const days = params['weekday'] as Weekday[] | undefined;
      const error = after.error ?? before.error;
      const failed = after.message ?? before.message;
      const ok = error === undefined && failed === undefined;
      const pass = ok && inWindow(nowMs, after.ms, before.ms) && (days === undefined || days.includes(weekday));
      return {
        now: formatTimeOfDay(nowMs),
        weekday,
        ...(after.shown !== undefined ? { after: after.shown } : {}),
        ...(before.shown !== undefined ? { before: before.shown } : {}),
        pass,
        ...(failed ? { message: failed } : {}),
        ...(error ? { error } : {}),
      };
    }),
  );

  // components/sun/condition.py; without the home's location Switchyard raises (Home Assistant always has one)
  engine.addFact<Promise<SunFact>>(
    'ha_sun',
    recording<SunFact>((params) => {
      const now = clock.now().getTime();
      const sun = deps.sun?.current();
      if (!sun) return { now: isoUtc(now), pass: false, error: deps.sun ? LOCATION_PENDING : NO_LOCATION };
      return sunCondition(sun, now, params as SunConditionOptions);
    }),
  );

  // a device condition: the state / numeric_state check its domain's device_condition.py makes
  engine.addFact<Promise<DeviceConditionFact>>(
    'ha_device',
    recording<DeviceConditionFact>(async (params, almanac) =>
      evaluateDeviceCondition(params['device'] as DeviceCondition, deps, await variablesOf(almanac)),
    ),
  );

  // components/zone/condition.py: every entity in one of the zones (`automations/zones/condition.ts`)
  engine.addFact<Promise<ZoneConditionResult>>(
    'ha_zone',
    recording<ZoneConditionResult>((params) =>
      zoneCondition(states, params['entity_id'] as string[], params['zone'] as string[]),
    ),
  );

  // Home Assistant's `condition.async_template`: the stripped render, true only when it reads "true"
  engine.addFact<Promise<TemplateFact>>(
    'ha_template',
    recording<TemplateFact>(async (params, almanac) => {
      try {
        const value = templates.compile(String(params['source'])).render(await variablesOf(almanac));
        return { value, pass: templateIsTrue(value) };
      } catch (err) {
        return { value: null, pass: false, error: errorMessage(err) };
      }
    }),
  );

  // the last leaf of an and/or/not: raises it (records its error) when a child erred; nothing decided it before
  engine.addFact<Promise<{ errored: boolean }>>('ha_settle', async (params, almanac) => {
    const { ha_path: path, label, items, total } = params as unknown as SettleParams;
    const errors = await errorsOf(almanac);
    const failed = items.flatMap((item) => {
      const error = errors.get(item.path);
      return error === undefined ? [] : [`In '${label}' (item ${item.index + 1} of ${total}): ${error}`];
    });
    if (failed.length > 0) errors.set(path, failed.join('; '));
    return { errored: failed.length > 0 };
  });

  /** what an erring leaf answers: whatever lets its parent go on (see `rules.ts`) */
  const onError = (wanted: { on_error?: boolean }): boolean => wanted.on_error === true;
  engine.addOperator('ha_state', (fact: StateFact | undefined, wanted: { states: string[]; on_error?: boolean }) => {
    if (fact?.error !== undefined) return onError(wanted);
    if (!fact || fact.message !== undefined || !matchesState(fact.value, wanted.states)) return false;
    return fact.for_ms === undefined || (fact.held_ms ?? 0) >= fact.for_ms;
  });
  engine.addOperator(
    'ha_pass',
    (fact: { pass?: boolean; error?: string } | undefined, wanted: { on_error?: boolean }) =>
      fact?.error !== undefined ? onError(wanted) : fact?.pass === true,
  );
  engine.addOperator(
    'ha_settle',
    (fact: { errored: boolean } | undefined, v: { logic: 'and' | 'or' | 'not'; in_all: boolean }) => {
      // no error: the neutral answer (true ends an `all`, false an `any`); an error: go on in the parent
      if (!fact?.errored) return v.logic === 'and';
      return v.logic === 'not' ? !v.in_all : v.in_all;
    },
  );
  engine.addOperator(
    'ha_id_in',
    (id: unknown, ids: string[]) => id !== undefined && id !== null && ids.includes(String(id)),
  );
}
