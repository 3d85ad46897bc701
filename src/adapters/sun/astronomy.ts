/**
 * The domain's `SunCalculator` on astronomy-engine (the one place that library is imported).
 *
 * Home Assistant computes with astral: sunrise and sunset when the sun's upper limb meets the horizon with standard
 * refraction (its centre 0.833° below), twilights when the centre passes -6/-12/-18°, the elevation with refraction.
 * astronomy-engine's `SearchRiseSet` is that definition (top of the disc, 34′ refraction at the horizon),
 * `SearchAltitude` the twilights, `Horizon(..., 'normal')` the refracted elevation. The home's elevation is what
 * astral makes of it, the observer's height above the horizon (`adjust_to_horizon`, the dip of the horizon): here
 * the observer stands that many metres above sea-level ground (`metersAboveGround`); 0 or below adds nothing.
 * The two agree to within a quarter of a minute at mid latitudes (measured in test/adapters/sun/).
 */
import { Body, Equator, Horizon, Observer, SearchAltitude, SearchHourAngle, SearchRiseSet } from 'astronomy-engine';
import type { HomeLocation, SunCalculator, SunEvent } from '../../automations/sun.js';

const DAY_MS = 86_400_000;

export function createSunCalculator(location: HomeLocation): SunCalculator {
  const height = Math.max(0, location.elevation);
  const observer = new Observer(location.latitude, location.longitude, height);
  const find = (event: SunEvent, start: Date, limitDays: number): Date | undefined => {
    switch (event.kind) {
      case 'sunrise':
      case 'sunset':
        return SearchRiseSet(Body.Sun, observer, event.kind === 'sunrise' ? +1 : -1, start, limitDays, height)?.date;
      case 'dawn':
      case 'dusk': {
        const direction = event.kind === 'dawn' ? +1 : -1;
        return SearchAltitude(Body.Sun, observer, direction, start, limitDays, -event.depression)?.date;
      }
      case 'noon':
      case 'midnight': {
        const found = SearchHourAngle(Body.Sun, observer, event.kind === 'noon' ? 0 : 12, start, +1).time.date;
        return found.getTime() - start.getTime() <= limitDays * DAY_MS ? found : undefined;
      }
    }
  };
  return {
    position(epochMs) {
      const at = new Date(epochMs);
      const { ra, dec } = Equator(Body.Sun, at, observer, true, true);
      const { altitude, azimuth } = Horizon(at, observer, ra, dec, 'normal');
      return { elevation: altitude, azimuth };
    },
    next(event, afterMs, limitDays) {
      return find(event, new Date(afterMs), limitDays)?.getTime();
    },
  };
}
