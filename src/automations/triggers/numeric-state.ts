/**
 * The numeric_state trigger fires when a value crosses into the range (strictly above `above`,
 * strictly below `below`): an entity is "armed" while its value is outside the range (or not a
 * number) and fires when it enters; it fires again only after leaving. An entity already in range
 * when the trigger is set up does not fire. With `for`, the value must stay in range that long.
 */
import type { State } from '../../core/state.js';
import { checkRange, readNumeric } from '../conditions/numeric.js';
import { PyTimedelta } from '../../protocol/template/datetime-value.js';
import { PyFloat } from '../../protocol/template/index.js';
import { resolveDuration } from '../durations.js';
import type { Trigger } from '../model.js';
import type { StateChange } from '../trigger-index.js';
import { Why, type WhyCode } from '../evaluations.js';
import { fireOf, fireWith, Holds, triggerHead, type ArmFunction } from './types.js';

type NumericTrigger = Extract<Trigger, { trigger: 'numeric_state' }>;

export const armNumericState: ArmFunction<NumericTrigger> = (t, base, rt, vars, fire) => {
  const armed = new Set<string>();
  const holds = new Holds();
  const bounds = { above: t.above, below: t.below };
  // Home Assistant coerces numeric thresholds to float: `{{ trigger.below }}` renders 10.0 for `below: 10`
  const threshold = (bound: number | string | undefined) =>
    typeof bound === 'number' ? new PyFloat(bound) : (bound ?? null);
  // made once: they are the same on every fire, and nothing changes them
  const above = threshold(t.above);
  const below = threshold(t.below);
  const info = (entityId: string) => ({ entity_id: entityId, above, below, attribute: t.attribute ?? null });
  const options = { attribute: t.attribute, value_template: t.value_template };
  /** what a value_template sees; none is made for a trigger without one (most of them) */
  const NO_VARS = {};
  const templateVars = (entityId: string) =>
    t.value_template === undefined ? NO_VARS : { ...vars, trigger: { platform: 'numeric_state', ...info(entityId) } };

  // what the last inRange read and why it was out of range (kept here, not in an object per change)
  let read: unknown = null;
  let why: WhyCode = Why.notNumber;
  let detail: unknown = null;
  const inRange = (entityId: string, state: State | null | undefined): boolean => {
    if (!state) return false;
    const reading = readNumeric(rt.states, rt.templates, entityId, options, templateVars(entityId));
    read = reading.raw;
    const range = checkRange(rt.states, reading.value, bounds);
    why = reading.value === null ? Why.notNumber : Why.outOfRange;
    detail = reading.value === null ? reading : range;
    return range.pass;
  };
  // each evaluation is noted ("why didn't it fire?"): references and a code, see evaluations.ts for the cost
  const { evaluations: ev, idx } = base;
  const watched = (s: State | null): unknown =>
    !s ? null : t.attribute === undefined ? s.state : (s.attributes[t.attribute] ?? null);

  for (const id of t.entity_id) if (!inRange(id, rt.states.get(id))) armed.add(id);

  const onChange = (change: StateChange): void => {
    const { entity_id: entityId, old_state: oldState, new_state: newState } = change;
    if (!newState) {
      ev?.add(idx, entityId, watched(oldState), null, Why.entityRemoved, null, rt.clock.now().toISOString());
      return;
    }
    const at = newState.last_updated;
    if (!inRange(entityId, newState)) {
      armed.add(entityId);
      const held = holds.cancel(entityId);
      if (held >= 0) ev?.add(idx, entityId, watched(oldState), read, Why.waitCancelled, held, at);
      ev?.add(idx, entityId, watched(oldState), read, why, detail, at);
      return;
    }
    if (!armed.delete(entityId)) {
      const still = holds.has(entityId) ? Why.alreadyWaiting : Why.noCrossing;
      ev?.add(idx, entityId, watched(oldState), read, still, null, at);
      return;
    }
    // the states as templates see them are made when something reads them (a template, a stored trace)
    const { templates } = rt;
    const description = `numeric state of ${entityId}`;
    const variables = {
      ...triggerHead(base, description),
      ...info(entityId),
      get from_state() {
        return oldState ? templates.stateObject(oldState) : null;
      },
      get to_state() {
        return templates.stateObject(newState);
      },
      for: null as PyTimedelta | null,
    };
    const from = ev ? watched(oldState) : null;
    if (!t.for) {
      ev?.add(idx, entityId, from, read, Why.fired, null, at);
      fire(fireWith(base, variables, change.context));
      return;
    }
    let ms: number;
    try {
      ms = resolveDuration(t.for, rt.templates, { ...vars, trigger: { ...variables, platform: 'numeric_state' } });
    } catch (err) {
      const message = err instanceof Error ? err.message : String(err);
      rt.log.warn("numeric_state trigger: cannot work out 'for'", { entity_id: entityId, err: message });
      ev?.add(idx, entityId, from, read, Why.forError, message, at);
      return;
    }
    ev?.add(idx, entityId, from, read, Why.waiting, ms, at);
    const to = read;
    // leaving the range re-arms the entity and cancels the hold (above); staying in range keeps it
    holds.start(
      entityId,
      ms,
      () => true,
      () => {
        ev?.add(idx, entityId, from, to, Why.heldFired, ms, rt.clock.now().toISOString());
        fire(fireOf(base, description, { ...variables, for: new PyTimedelta(ms) }, change.context));
      },
    );
  };

  const offs = t.entity_id.map((id) => rt.index.watchEntity(id, onChange));
  return {
    stop() {
      for (const off of offs) off();
      holds.clear();
    },
  };
};
