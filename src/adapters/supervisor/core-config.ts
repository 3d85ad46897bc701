// The home's location from Home Assistant's core config: GET <SUPERVISOR_URL>/core/api/config with the add-on's
// SUPERVISOR_TOKEN (the Supervisor proxies Home Assistant's REST API; the manifest needs `homeassistant_api: true`).
// Home Assistant answers its `/api/config` as is: {latitude, longitude, elevation, time_zone, unit_system, …}.
import { z } from 'zod';
import type { HomeLocation } from '../../automations/sun.js';
import type { Settings } from '../../config/settings.js';
import type { Logger } from '../../core/logger.js';

const CoreConfig = z.object({
  latitude: z.number().min(-90).max(90),
  longitude: z.number().min(-180).max(180),
  elevation: z.number().optional(),
  time_zone: z.string().min(1).optional(),
  // zone.home's radius and name (`hass.config.radius`, `location_name`); a bad value is left out, not fatal
  radius: z.number().min(0).optional().catch(undefined),
  location_name: z.string().min(1).optional().catch(undefined),
});

export type CoreLocation = z.output<typeof CoreConfig>;

/** One attempt: the location, or why not and whether another attempt may help. */
export type CoreConfigAnswer = { ok: true; location: CoreLocation } | { ok: false; retry: boolean; reason: string };

export interface CoreConfigOptions {
  /** base URL of the Supervisor API, e.g. http://supervisor */
  readonly url: string;
  readonly token: string;
  readonly fetch?: typeof globalThis.fetch;
  /** per-request time limit in ms (default 5000) */
  readonly timeoutMs?: number;
}

/**
 * Asks once. 200 with a location → it; 5xx, a refused connection or a timeout → retry (Home Assistant's core
 * may not be up yet: an add-on with `startup: services` starts before it); 401/403/404 or a malformed answer →
 * no retry. Never logs the token.
 */
export async function fetchCoreLocation(opts: CoreConfigOptions): Promise<CoreConfigAnswer> {
  const endpoint = `${opts.url.replace(/\/+$/, '')}/core/api/config`;
  let res: Response;
  try {
    res = await (opts.fetch ?? globalThis.fetch)(endpoint, {
      headers: { authorization: `Bearer ${opts.token}`, accept: 'application/json' },
      signal: AbortSignal.timeout(opts.timeoutMs ?? 5_000),
    });
  } catch (err) {
    return { ok: false, retry: true, reason: `not reachable: ${err instanceof Error ? err.message : String(err)}` };
  }
  const text = await res.text().catch(() => '');
  if (res.status >= 500) return { ok: false, retry: true, reason: `HTTP ${res.status}` };
  if (res.status !== 200) {
    const hint = res.status === 401 || res.status === 403 ? ' (does config.yaml declare homeassistant_api?)' : '';
    return { ok: false, retry: false, reason: `HTTP ${res.status}${hint}` };
  }
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    return { ok: false, retry: false, reason: 'the answer is not JSON' };
  }
  const parsed = CoreConfig.safeParse(body);
  if (!parsed.success) return { ok: false, retry: false, reason: 'the answer has no valid latitude/longitude' };
  return { ok: true, location: parsed.data };
}

export type LocationSettings = Pick<Settings, 'latitude' | 'longitude' | 'elevation' | 'time_zone'>;

/** The settings' location fields win over the core config's, field by field. */
export function mergeLocation(settings: LocationSettings, core: CoreLocation | undefined): HomeLocation | undefined {
  const latitude = settings.latitude ?? core?.latitude;
  const longitude = settings.longitude ?? core?.longitude;
  if (latitude === undefined || longitude === undefined) return undefined;
  const time_zone = settings.time_zone ?? core?.time_zone;
  return {
    latitude,
    longitude,
    elevation: settings.elevation ?? core?.elevation ?? 0,
    time_zone,
    ...(core?.radius !== undefined ? { radius: core.radius } : {}),
    ...(core?.location_name !== undefined ? { name: core.location_name } : {}),
  };
}

export interface WaitForLocationOptions extends CoreConfigOptions {
  readonly log: Logger;
  /** attempts while Home Assistant is not answering (default 60) */
  readonly attempts?: number;
  /** pause between attempts in ms (default 5000) */
  readonly delayMs?: number;
  /** stops the waiting (the app stops) */
  readonly signal?: AbortSignal;
}

/** Asks until Home Assistant answers (or the attempts run out, or the signal fires); undefined when it never did. */
export async function waitForCoreLocation(opts: WaitForLocationOptions): Promise<CoreLocation | undefined> {
  const attempts = opts.attempts ?? 60;
  for (let attempt = 1; attempt <= attempts && !opts.signal?.aborted; attempt++) {
    const answer = await fetchCoreLocation(opts);
    if (answer.ok) return answer.location;
    if (!answer.retry || attempt === attempts) {
      opts.log.warn("could not read the home's location from Home Assistant's core config", {
        reason: answer.reason,
        attempts: attempt,
      });
      return undefined;
    }
    await new Promise((resolve) => setTimeout(resolve, opts.delayMs ?? 5_000).unref());
  }
  return undefined;
}
