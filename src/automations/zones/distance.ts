/**
 * Distances and "is it in the zone" as Home Assistant works them out:
 * - `util/location.py` `vincenty(point1, point2)`: Vincenty's inverse formula on the WGS 84 ellipsoid (at most 200
 *   iterations, converged below 1e-12), in kilometres rounded to 6 decimals, None when it does not converge;
 *   `distance(lat1, lon1, lat2, lon2)` is that in metres.
 * - `components/zone/__init__.py` `in_zone(zone, latitude, longitude, radius)`: false for an unavailable zone,
 *   else `distance - radius < zone radius` (`radius` is the tracker's GPS accuracy).
 * - `helpers/location.py` `has_location(state)`: latitude and longitude attributes are floats. JSON cannot tell
 *   32.0 from 32, so any finite number counts here.
 */
import type { State } from '../../core/state.js';
import { STATE_UNAVAILABLE } from '../../core/state.js';

const AXIS_A = 6378137;
const FLATTENING = 1 / 298.257223563;
const AXIS_B = 6356752.314245;
const MAX_ITERATIONS = 200;
const CONVERGENCE_THRESHOLD = 1e-12;

const radians = (deg: number): number => (deg * Math.PI) / 180;

/** Vincenty's inverse formula: the distance in kilometres (6 decimals), undefined when it does not converge. */
export function vincenty(point1: readonly [number, number], point2: readonly [number, number]): number | undefined {
  if (point1[0] === point2[0] && point1[1] === point2[1]) return 0;
  const u1 = Math.atan((1 - FLATTENING) * Math.tan(radians(point1[0])));
  const u2 = Math.atan((1 - FLATTENING) * Math.tan(radians(point2[0])));
  const l = radians(point2[1] - point1[1]);
  let lambda = l;
  const [sinU1, cosU1, sinU2, cosU2] = [Math.sin(u1), Math.cos(u1), Math.sin(u2), Math.cos(u2)];
  let sinSigma = 0;
  let cosSigma = 0;
  let sigma = 0;
  let cosSqAlpha = 0;
  let cos2SigmaM = 0;
  let converged = false;
  for (let i = 0; i < MAX_ITERATIONS; i++) {
    const sinLambda = Math.sin(lambda);
    const cosLambda = Math.cos(lambda);
    sinSigma = Math.sqrt((cosU2 * sinLambda) ** 2 + (cosU1 * sinU2 - sinU1 * cosU2 * cosLambda) ** 2);
    if (sinSigma === 0) return 0; // coincident points
    cosSigma = sinU1 * sinU2 + cosU1 * cosU2 * cosLambda;
    sigma = Math.atan2(sinSigma, cosSigma);
    const sinAlpha = (cosU1 * cosU2 * sinLambda) / sinSigma;
    cosSqAlpha = 1 - sinAlpha ** 2;
    // Python's ZeroDivisionError on an equatorial line becomes 0, as Home Assistant catches it
    cos2SigmaM = cosSqAlpha === 0 ? 0 : cosSigma - (2 * sinU1 * sinU2) / cosSqAlpha;
    const c = (FLATTENING / 16) * cosSqAlpha * (4 + FLATTENING * (4 - 3 * cosSqAlpha));
    const previous = lambda;
    lambda =
      l +
      (1 - c) *
        FLATTENING *
        sinAlpha *
        (sigma + c * sinSigma * (cos2SigmaM + c * cosSigma * (-1 + 2 * cos2SigmaM ** 2)));
    if (Math.abs(lambda - previous) < CONVERGENCE_THRESHOLD) {
      converged = true;
      break;
    }
  }
  if (!converged) return undefined;
  const uSq = (cosSqAlpha * (AXIS_A ** 2 - AXIS_B ** 2)) / AXIS_B ** 2;
  const a = 1 + (uSq / 16384) * (4096 + uSq * (-768 + uSq * (320 - 175 * uSq)));
  const b = (uSq / 1024) * (256 + uSq * (-128 + uSq * (74 - 47 * uSq)));
  const deltaSigma =
    b *
    sinSigma *
    (cos2SigmaM +
      (b / 4) *
        (cosSigma * (-1 + 2 * cos2SigmaM ** 2) -
          (b / 6) * cos2SigmaM * (-3 + 4 * sinSigma ** 2) * (-3 + 4 * cos2SigmaM ** 2)));
  const km = (AXIS_B * a * (sigma - deltaSigma)) / 1000;
  return Math.round(km * 1e6) / 1e6;
}

/** `util/location.py` `distance`: metres between two points, undefined when Vincenty does not converge. */
export function distance(lat1: number, lon1: number, lat2: number, lon2: number): number | undefined {
  const km = vincenty([lat1, lon1], [lat2, lon2]);
  return km === undefined ? undefined : km * 1000;
}

const isCoordinate = (v: unknown): v is number => typeof v === 'number' && Number.isFinite(v);

/** `helpers/location.py` `has_location`. */
export function hasLocation(state: State | null | undefined): boolean {
  return !!state && isCoordinate(state.attributes['latitude']) && isCoordinate(state.attributes['longitude']);
}

/** `zone.in_zone`: whether a point (with `radius`, the GPS accuracy) is in the zone whose state this is. */
export function inZone(zone: State, latitude: number, longitude: number, radius = 0): boolean {
  if (zone.state === STATE_UNAVAILABLE) return false;
  const { latitude: zLat, longitude: zLon, radius: zRadius } = zone.attributes;
  if (!isCoordinate(zLat) || !isCoordinate(zLon) || typeof zRadius !== 'number') return false;
  const metres = distance(latitude, longitude, zLat, zLon);
  return metres !== undefined && metres - radius < zRadius;
}
