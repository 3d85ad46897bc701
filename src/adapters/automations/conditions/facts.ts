/**
 * The facts and operators each condition Engine gets. A fact gathers the values a Home Assistant
 * condition compares (so traces can show them); its operator decides with Home Assistant's semantics.
 *
 * Runtime facts of every run: `variables` (what templates see) and `trigger` (the trigger variable).
 */
import type { Almanac, Engine } from 'json-rules-engine';
import { checkRange, readNumeric } from '../../../automations/conditions/numeric.js';
import { formatTimeOfDay, inWindow, msOfDay, timeOrEntity, WEEKDAY_BY_DAY } from '../../../automations/conditions/time-window.js';
import { matchesState } from '../../../automations/conditions/match.js';
import type { ConditionDeps } from '../../../automations/conditions/types.js';
import { resolveDuration } from '../../../automations/durations.js';
import type { Duration, Weekday } from '../../../automations/model.js';
import { resultAsBoolean } from '../../../automations/native.js';

const message = (err: unknown): string => (err instanceof Error ? err.message : String(err));

async function variablesOf(almanac: Almanac): Promise<Record<string, unknown>> {
  return ((await almanac.factValue<Record<string, unknown> | undefined>('variables')) ?? {}) as Record<string, unknown>;
}

interface StateFact {
  entity_id: string;
  value: unknown;
  last_changed?: string;
  held_ms?: number;
  for_ms?: number;
  message?: string;
}

interface NumericFact {
  entity_id: string;
  value: number | null;
  raw: unknown;
  above?: number | null;
  below?: number | null;
  pass: boolean;
  message?: string;
}

interface TimeFact {
  now: string;
  weekday: string;
  after?: string | null;
  before?: string | null;
  pass: boolean;
  message?: string;
}

const dotPath = (value: object, path: string): unknown =>
  path.split('.').reduce<unknown>((v, key) => (v !== null && typeof v === 'object' ? (v as Record<string, unknown>)[key] : undefined), value);

/** Engine options: undefined facts allowed, dot paths instead of JSONPath. */
export const ENGINE_OPTIONS = { allowUndefinedFacts: true, allowUndefinedConditions: true, pathResolver: dotPath };

export function registerFacts(engine: Engine, deps: ConditionDeps): void {
  const { states, clock, templates } = deps;

  engine.addFact('ha_const', (params) => params['value'] === true, { cache: false });

  engine.addFact<Promise<StateFact>>('ha_state', async (params, almanac) => {
    const entityId = String(params['entity_id']);
    const attribute = params['attribute'] as string | undefined;
    const state = states.get(entityId);
    if (!state) return { entity_id: entityId, value: null, message: `entity ${entityId} not found` };
    const value = attribute === undefined ? state.state : (state.attributes[attribute] ?? null);
    const fact: StateFact = { entity_id: entityId, value, last_changed: state.last_changed };
    const duration = params['for'] as Duration | undefined;
    if (duration === undefined) return fact;
    try {
      const forMs = resolveDuration(duration, templates, await variablesOf(almanac));
      return { ...fact, for_ms: forMs, held_ms: clock.now().getTime() - Date.parse(state.last_changed) };
    } catch (err) {
      return { ...fact, message: `for: ${message(err)}` };
    }
  });

  engine.addFact<Promise<NumericFact>>('ha_numeric', async (params, almanac) => {
    const entityId = String(params['entity_id']);
    const options = { attribute: params['attribute'] as string | undefined, value_template: params['value_template'] as string | undefined };
    const reading = readNumeric(states, templates, entityId, options, await variablesOf(almanac));
    const range = checkRange(states, reading.value, { above: params['above'] as number | string | undefined, below: params['below'] as number | string | undefined });
    const note = reading.message ?? range.message;
    const { pass: _p, message: _m, ...bounds } = range;
    return { entity_id: entityId, value: reading.value, raw: reading.raw, ...bounds, pass: range.pass, ...(note ? { message: note } : {}) };
  });

  engine.addFact<TimeFact>('ha_time', (params) => {
    const now = clock.now();
    const nowMs = msOfDay(now);
    const weekday = WEEKDAY_BY_DAY[now.getDay()] ?? 'mon';
    const bound = (key: 'after' | 'before'): { ms?: number; shown?: string | null; message?: string } => {
      const raw = params[key] as string | undefined;
      if (raw === undefined) return {};
      const ms = timeOrEntity(states, raw);
      return ms === undefined ? { shown: null, message: `'${key}' ${raw} has no time of day` } : { ms, shown: formatTimeOfDay(ms) };
    };
    const after = bound('after');
    const before = bound('before');
    const days = params['weekday'] as Weekday[] | undefined;
    const failed = after.message ?? before.message;
    const pass = failed === undefined && inWindow(nowMs, after.ms, before.ms) && (days === undefined || days.includes(weekday));
    return {
      now: formatTimeOfDay(nowMs),
      weekday,
      ...(after.shown !== undefined ? { after: after.shown } : {}),
      ...(before.shown !== undefined ? { before: before.shown } : {}),
      pass,
      ...(failed ? { message: failed } : {}),
    };
  });

  engine.addFact<Promise<{ value: string | null; message?: string }>>('ha_template', async (params, almanac) => {
    try {
      return { value: templates.compile(String(params['source'])).render(await variablesOf(almanac)) };
    } catch (err) {
      return { value: null, message: message(err) };
    }
  });

  engine.addOperator('ha_state', (fact: StateFact | undefined, wanted: { states: string[] }) => {
    if (!fact || fact.message !== undefined || !matchesState(fact.value, wanted.states)) return false;
    return fact.for_ms === undefined || (fact.held_ms ?? 0) >= fact.for_ms;
  });
  engine.addOperator('ha_pass', (fact: { pass?: boolean } | undefined) => fact?.pass === true);
  engine.addOperator('ha_truthy', (fact: { value: unknown } | undefined) => fact?.value !== null && fact?.value !== undefined && resultAsBoolean(fact.value));
  engine.addOperator('ha_id_in', (id: unknown, ids: string[]) => id !== undefined && id !== null && ids.includes(String(id)));
}
