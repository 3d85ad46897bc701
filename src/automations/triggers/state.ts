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
import { fireOf, Holds, type ArmFunction } from './types.js';

type StateTrigger = Extract<Trigger, { trigger: 'state' }>;

const same = (a: unknown, b: unknown): boolean => a === b || JSON.stringify(a) === JSON.stringify(b);

export const armState: ArmFunction<StateTrigger> = (t, base, rt, vars, fire) => {
  const matchAll = t.from === undefined && t.to === undefined && t.not_from === undefined && t.not_to === undefined;
  const watchedValue = (s: State | null | undefined): unknown =>
    !s ? null : t.attribute === undefined ? s.state : (s.attributes[t.attribute] ?? null);
  const allowed = (
    value: unknown,
    wanted: string[] | null | undefined,
    unwanted: string[] | null | undefined,
  ): boolean => {
    if (wanted !== undefined && wanted !== null && !matchesState(value, wanted)) return false;
    return !(unwanted !== undefined && unwanted !== null && matchesState(value, unwanted));
  };
  const holds = new Holds();

  const onChange = (change: StateChange): void => {
    const { entity_id: entityId, old_state: oldState, new_state: newState } = change;
    const oldValue = watchedValue(oldState);
    const newValue = watchedValue(newState);
    holds.check(entityId, newState ? newValue : undefined);
    if (t.attribute !== undefined && same(oldValue, newValue)) return;
    if (!allowed(oldValue, t.from, t.not_from) || !allowed(newValue, t.to, t.not_to)) return;
    if (!matchAll && same(oldValue, newValue)) return;
    if (holds.has(entityId)) return;
    const variables = {
      entity_id: entityId,
      from_state: oldState ? rt.templates.stateObject(oldState) : null,
      to_state: newState ? rt.templates.stateObject(newState) : null,
      attribute: t.attribute ?? null,
      for: null as PyTimedelta | null,
    };
    const description = `state of ${entityId}`;
    if (!t.for) {
      fire(fireOf(base, description, variables, change.context));
      return;
    }
    let ms: number;
    try {
      ms = resolveDuration(t.for, rt.templates, { ...vars, trigger: { ...variables, platform: 'state' } });
    } catch (err) {
      rt.log.warn("state trigger: cannot work out 'for'", {
        entity_id: entityId,
        err: err instanceof Error ? err.message : String(err),
      });
      return;
    }
    // only from (no to): it must stay away from the old value; otherwise it must keep the new one
    const stays =
      t.from !== undefined && t.to === undefined
        ? (v: unknown) => v !== undefined && !same(v, oldValue)
        : (v: unknown) => v !== undefined && same(v, newValue);
    holds.start(entityId, ms, stays, () =>
      fire(fireOf(base, description, { ...variables, for: new PyTimedelta(ms) }, change.context)),
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
