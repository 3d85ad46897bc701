/**
 * The zone trigger (`components/zone/trigger.py`): on a state change of one of the entities, when the old state
 * (if any) and the new state (if any) both have a location, the zone is looked up now (a missing zone: a warning
 * naming the automation, and nothing fires); `enter` fires when the old state was not in the zone and the new one
 * is, `leave` the other way round (`condition.zone` decides, with the entity's GPS accuracy). The `trigger`
 * variable has platform, entity_id, from_state, to_state, zone (the zone's state), event and description
 * ("<entity> entering <zone name>").
 */
import type { Trigger } from '../model.js';
import type { State } from '../../core/state.js';
import { hasLocation } from '../zones/distance.js';
import { zoneMatch, ZoneConditionError } from '../zones/condition.js';
import type { StateChange } from '../trigger-index.js';
import { timeOf, Why } from '../evaluations.js';
import { fireOf, type ArmFunction } from './types.js';

type ZoneTrigger = Extract<Trigger, { trigger: 'zone' }>;

const DESCRIPTION = { enter: 'entering', leave: 'leaving' } as const;

export const armZone: ArmFunction<ZoneTrigger> = (t, base, rt, _vars, fire) => {
  const matches = (zone: State, state: State | null): boolean => {
    if (!state) return false;
    try {
      return zoneMatch(rt.states, zone, state);
    } catch (err) {
      // Home Assistant's trigger lets the condition's error escape into its log; nothing fires
      if (!(err instanceof ZoneConditionError)) throw err;
      rt.log.warn('zone trigger: cannot tell whether the entity is in the zone', {
        zone: t.zone,
        entity_id: state.entity_id,
        err: err.message,
      });
      return false;
    }
  };
  // each evaluation is noted ("why didn't it fire?"), with the states as the watched values
  const { evaluations: ev, idx } = base;
  const onChange = (change: StateChange): void => {
    const { entity_id: entityId, old_state: from, new_state: to } = change;
    const at = ev ? timeOf(change, rt.clock) : '';
    if ((from && !hasLocation(from)) || (to && !hasLocation(to))) {
      ev?.add(idx, entityId, from?.state ?? null, to?.state ?? null, Why.noLocation, null, at);
      return;
    }
    const zone = rt.states.get(t.zone);
    if (!zone) {
      rt.log.warn(`automation is referencing non-existing zone '${t.zone}' in a zone trigger`, { zone: t.zone });
      ev?.add(idx, entityId, from?.state ?? null, to?.state ?? null, Why.zoneMissing, null, at);
      return;
    }
    const fromMatch = matches(zone, from);
    const toMatch = matches(zone, to);
    const happened = t.event === 'enter' ? !fromMatch && toMatch : fromMatch && !toMatch;
    ev?.add(idx, entityId, from?.state ?? null, to?.state ?? null, happened ? Why.fired : Why.zoneNoEvent, null, at);
    if (!happened) return;
    const name = zone.attributes['friendly_name'] ?? zone.entity_id;
    const description = `${entityId} ${DESCRIPTION[t.event]} ${String(name)}`;
    const variables = {
      entity_id: entityId,
      from_state: from ? rt.templates.stateObject(from) : null,
      to_state: to ? rt.templates.stateObject(to) : null,
      zone: rt.templates.stateObject(zone),
      event: t.event,
    };
    fire(fireOf(base, description, variables, change.context));
  };
  const offs = t.entity_id.map((id) => rt.index.watchEntity(id, onChange));
  return {
    stop() {
      for (const off of offs) off();
    },
  };
};
