/**
 * The `sun` trigger, as Home Assistant's `components/sun/trigger.py`: `async_track_sunrise` / `async_track_sunset`
 * (`helpers/event.py`) wait for `get_astral_event_next(event, offset)` and, after each firing, plan the next one.
 * Its `trigger` variable: `platform: sun`, `event`, `offset` (a timedelta) and `description` ("sunset", or
 * "sunset with offset").
 * Without the home's location there is nothing to plan: the trigger is not set up (the automation's diagnostic
 * says why); while the location is still on its way (the add-on asks Home Assistant), it waits for it.
 */
import { PyTimedelta } from '../../protocol/template/datetime-value.js';
import type { Trigger } from '../model.js';
import { LOCATION_PENDING, NO_LOCATION, nextSunEvent, type HomeSun } from '../sun.js';
import { at, type Timer } from '../timers.js';
import { fireOf, type ArmFunction } from './types.js';

type SunTrigger = Extract<Trigger, { trigger: 'sun' }>;

const SAME_EVENT_MS = 60_000;

export const armSun: ArmFunction<SunTrigger> = (t, base, rt, _vars, fire) => {
  const source = rt.sun;
  if (!source) throw new Error(`sun trigger: ${NO_LOCATION}`);
  const description = t.offset ? `${t.event} with offset` : t.event;
  const variables = { event: t.event, offset: new PyTimedelta(t.offset) };
  let timer: Timer | undefined;
  let stopped = false;
  const plan = (sun: HomeSun, after: number): void => {
    const when = nextSunEvent(sun, t.event, after, t.offset);
    if (when === undefined) {
      rt.log.warn(`sun trigger: no ${t.event} within a year at this location`, { trigger: base.id });
      return;
    }
    timer = at(rt.clock, when, () => {
      if (stopped) return;
      // the next one after this (a search started at this event may find it again, give or take a second)
      plan(sun, when + SAME_EVENT_MS);
      fire(fireOf(base, description, variables, null));
    });
  };
  if (!source.current()) rt.log.info(`sun trigger: ${LOCATION_PENDING}`, { trigger: base.id });
  const cancel = source.ready((sun) => plan(sun, rt.clock.now().getTime()));
  return {
    stop() {
      stopped = true;
      cancel();
      timer?.cancel();
    },
  };
};
