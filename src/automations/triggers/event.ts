/**
 * The event trigger listens on Switchyard's own event bus: `switchyard_alert` (every alert raised),
 * `state_changed`, `automation_triggered`, and the events `event` actions fire. `event_data` must be
 * a subset of the event's data. The homeassistant trigger fires when Switchyard starts or stops.
 */
import type { Trigger } from '../model.js';
import { fireOf, type ArmFunction } from './types.js';

type EventTrigger = Extract<Trigger, { trigger: 'event' }>;
type LifecycleTrigger = Extract<Trigger, { trigger: 'homeassistant' }>;

function contains(data: unknown, wanted: unknown): boolean {
  if (wanted === null || typeof wanted !== 'object')
    return data === wanted || (data !== undefined && data !== null && String(data) === String(wanted));
  if (data === null || typeof data !== 'object') return false;
  if (Array.isArray(wanted))
    return Array.isArray(data) && wanted.length === data.length && wanted.every((w, i) => contains(data[i], w));
  return Object.entries(wanted).every(([k, w]) => contains((data as Record<string, unknown>)[k], w));
}

export const armEvent: ArmFunction<EventTrigger> = (t, base, rt, vars, fire) => {
  const wanted = t.event_data ? rt.templates.renderValue(t.event_data, vars) : undefined;
  // Switchyard's events carry no user, so a context filter (user_id …) never matches
  const matchesContext = t.context === undefined || Object.keys(t.context).length === 0;
  const offs = t.event_type.map((type) =>
    rt.index.watchEvent(type, (event) => {
      if (!matchesContext || (wanted !== undefined && !contains(event.data, wanted))) return;
      const variables = {
        event: {
          event_type: event.event_type,
          data: event.data,
          origin: 'LOCAL',
          time_fired: event.time_fired,
          context: event.context ? { id: event.context.id, parent_id: event.context.parentId, user_id: null } : null,
        },
      };
      fire(fireOf(base, `event '${event.event_type}'`, variables, event.context));
    }),
  );
  return {
    stop() {
      for (const off of offs) off();
    },
  };
};

export const armLifecycle: ArmFunction<LifecycleTrigger> = (t, base, rt, _vars, fire) => {
  const off = rt.index.onLifecycle(t.event, () =>
    fire(fireOf(base, `Switchyard ${t.event === 'start' ? 'starting' : 'stopping'}`, { event: t.event }, null)),
  );
  return { stop: off };
};
