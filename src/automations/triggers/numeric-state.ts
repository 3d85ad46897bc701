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
import { fireOf, Holds, type ArmFunction } from './types.js';

type NumericTrigger = Extract<Trigger, { trigger: 'numeric_state' }>;

export const armNumericState: ArmFunction<NumericTrigger> = (t, base, rt, vars, fire) => {
  const armed = new Set<string>();
  const holds = new Holds();
  const bounds = { above: t.above, below: t.below };
  // Home Assistant coerces numeric thresholds to float: `{{ trigger.below }}` renders 10.0 for `below: 10`
  const threshold = (bound: number | string | undefined) =>
    typeof bound === 'number' ? new PyFloat(bound) : (bound ?? null);
  const info = (entityId: string) => ({
    entity_id: entityId,
    above: threshold(t.above),
    below: threshold(t.below),
    attribute: t.attribute ?? null,
  });

  const inRange = (entityId: string, state: State | null | undefined): boolean => {
    if (!state) return false;
    const reading = readNumeric(
      rt.states,
      rt.templates,
      entityId,
      { attribute: t.attribute, value_template: t.value_template },
      {
        ...vars,
        trigger: { platform: 'numeric_state', ...info(entityId) },
      },
    );
    return checkRange(rt.states, reading.value, bounds).pass;
  };

  for (const id of t.entity_id) if (!inRange(id, rt.states.get(id))) armed.add(id);

  const onChange = (change: StateChange): void => {
    const { entity_id: entityId, old_state: oldState, new_state: newState } = change;
    if (!newState) return;
    if (!inRange(entityId, newState)) {
      armed.add(entityId);
      holds.cancel(entityId);
      return;
    }
    if (!armed.delete(entityId)) return;
    const variables = {
      ...info(entityId),
      from_state: oldState ? rt.templates.stateObject(oldState) : null,
      to_state: rt.templates.stateObject(newState),
      for: null as PyTimedelta | null,
    };
    const description = `numeric state of ${entityId}`;
    if (!t.for) {
      fire(fireOf(base, description, variables, change.context));
      return;
    }
    let ms: number;
    try {
      ms = resolveDuration(t.for, rt.templates, { ...vars, trigger: { ...variables, platform: 'numeric_state' } });
    } catch (err) {
      rt.log.warn("numeric_state trigger: cannot work out 'for'", {
        entity_id: entityId,
        err: err instanceof Error ? err.message : String(err),
      });
      return;
    }
    // leaving the range re-arms the entity and cancels the hold (above); staying in range keeps it
    holds.start(
      entityId,
      ms,
      () => true,
      () => fire(fireOf(base, description, { ...variables, for: new PyTimedelta(ms) }, change.context)),
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
