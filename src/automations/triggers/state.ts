/**
 * The state trigger, with Home Assistant's matching rules:
 * - without from/to/not_from/not_to it fires on every change, attribute-only changes included;
 *   with any of them, attribute-only changes are ignored (`to: null` = any state change);
 * - with `attribute`, only changes of that attribute count;
 * - with `for`, the new value must hold that long; a change away from it cancels the wait
 *   (with only `from`, it must stay away from the old value).
 */
import type { State } from '../../core/state.js';
import { matchesState } from '../conditions/match.js';
import { PyTimedelta } from '../../protocol/template/datetime-value.js';
import { resolveDuration } from '../durations.js';
import type { Trigger } from '../model.js';
import type { StateChange } from '../trigger-index.js';
import { timeOf, Why, type WhyCode } from '../evaluations.js';
import { fireOf, fireWith, Holds, triggerHead, type ArmFunction } from './types.js';

type StateTrigger = Extract<Trigger, { trigger: 'state' }>;

const same = (a: unknown, b: unknown): boolean => a === b || JSON.stringify(a) === JSON.stringify(b);

export const armState: ArmFunction<StateTrigger> = (t, base, rt, vars, fire) => {
  const matchAll = t.from === undefined && t.to === undefined && t.not_from === undefined && t.not_to === undefined;
  const watchedValue = (s: State | null | undefined): unknown =>
    !s ? null : t.attribute === undefined ? s.state : (s.attributes[t.attribute] ?? null);
  /** 0 when the value is allowed, else why not (`miss`: not one wanted, `hit`: one unwanted) */
  const refused = (
    value: unknown,
    wanted: string[] | null | undefined,
    unwanted: string[] | null | undefined,
    miss: WhyCode,
    hit: WhyCode,
  ): WhyCode | 0 => {
    if (wanted !== undefined && wanted !== null && !matchesState(value, wanted)) return miss;
    return unwanted !== undefined && unwanted !== null && matchesState(value, unwanted) ? hit : 0;
  };
  const holds = new Holds();
  // each evaluation is noted ("why didn't it fire?"): references and a code, see evaluations.ts for the cost
  const { evaluations: ev, idx } = base;

  const onChange = (change: StateChange): void => {
    const { entity_id: entityId, old_state: oldState, new_state: newState } = change;
    const oldValue = watchedValue(oldState);
    const newValue = watchedValue(newState);
    const at = ev ? timeOf(change, rt.clock) : '';
    const held = holds.check(entityId, newState ? newValue : undefined);
    if (held >= 0) ev?.add(idx, entityId, oldValue, newValue, Why.waitCancelled, held, at);
    const why =
      (t.attribute !== undefined && same(oldValue, newValue) ? Why.attributeUnchanged : 0) ||
      refused(oldValue, t.from, t.not_from, Why.fromMismatch, Why.notFrom) ||
      refused(newValue, t.to, t.not_to, Why.toMismatch, Why.notTo) ||
      (!matchAll && same(oldValue, newValue) ? Why.sameValue : 0) ||
      (holds.has(entityId) ? Why.alreadyWaiting : 0);
    if (why !== 0) {
      ev?.add(idx, entityId, oldValue, newValue, why, null, at);
      return;
    }
    // the states as templates see them are made when something reads them (a template, a stored trace)
    const { templates } = rt;
    const description = `state of ${entityId}`;
    const variables = {
      ...triggerHead(base, description),
      entity_id: entityId,
      get from_state() {
        return oldState ? templates.stateObject(oldState) : null;
      },
      get to_state() {
        return newState ? templates.stateObject(newState) : null;
      },
      attribute: t.attribute ?? null,
      for: null as PyTimedelta | null,
    };
    if (!t.for) {
      ev?.add(idx, entityId, oldValue, newValue, Why.fired, null, at);
      fire(fireWith(base, variables, change.context));
      return;
    }
    let ms: number;
    try {
      ms = resolveDuration(t.for, rt.templates, { ...vars, trigger: { ...variables, platform: 'state' } });
    } catch (err) {
      const message = err instanceof Error ? err.message : String(err);
      rt.log.warn("state trigger: cannot work out 'for'", { entity_id: entityId, err: message });
      ev?.add(idx, entityId, oldValue, newValue, Why.forError, message, at);
      return;
    }
    ev?.add(idx, entityId, oldValue, newValue, Why.waiting, ms, at);
    // only from (no to): it must stay away from the old value; otherwise it must keep the new one
    const stays =
      t.from !== undefined && t.to === undefined
        ? (v: unknown) => v !== undefined && !same(v, oldValue)
        : (v: unknown) => v !== undefined && same(v, newValue);
    holds.start(entityId, ms, stays, () => {
      ev?.add(idx, entityId, oldValue, newValue, Why.heldFired, ms, rt.clock.now().toISOString());
      fire(fireOf(base, description, { ...variables, for: new PyTimedelta(ms) }, change.context));
    });
  };

  const offs = t.entity_id.map((id) => rt.index.watchEntity(id, onChange));
  return {
    stop() {
      for (const off of offs) off();
      holds.clear();
    },
  };
};
