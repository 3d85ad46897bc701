// Finds the MQTT broker Home Assistant's Supervisor hands out (the Mosquitto add-on) through its services API:
// GET <SUPERVISOR_URL>/services/mqtt with the add-on's SUPERVISOR_TOKEN. Uses the global fetch, no library.
import type { Logger } from '../../core/logger.js';
import { toSupervisorMqtt, type SupervisorMqtt } from './mqtt-service.js';

export type { SupervisorMqtt } from './mqtt-service.js';

export interface FindSupervisorMqttOptions {
  /** base URL of the Supervisor API; default $SUPERVISOR_URL or http://supervisor */
  url?: string;
  /** the add-on's SUPERVISOR_TOKEN */
  token: string;
  fetch?: typeof globalThis.fetch;
  /** extra attempts while the Supervisor is unreachable, slow, answers 5xx or "not ready" (default 10) */
  retries?: number;
  /** pause between attempts in ms (default 2000) */
  delayMs?: number;
  /** per-request time limit in ms (default 5000) */
  timeoutMs?: number;
  /**
   * extra attempts while the answer is 400 "Service not enabled" (default 0). At boot the Mosquitto add-on
   * registers its service only once its port is open, so a caller that would rather wait for it can raise this.
   */
  notEnabledRetries?: number;
  log: Logger;
}

/** Why an attempt did not give a broker; `retry` says whether another attempt may help. */
type Outcome = { ok: true; mqtt: SupervisorMqtt } | { ok: false; retry: boolean; notEnabled?: boolean; reason: string };

/**
 * The Supervisor's MQTT service, or undefined when there is none to use (then the caller falls back to the
 * embedded broker):
 * - 200 `{result:"ok", data:{host, port, ssl, username, password, addon|app, protocol}}` → the broker;
 * - 400 "Service not enabled" (no broker add-on registered) → undefined (after `notEnabledRetries`);
 * - 400 "System is not ready …", 5xx, a timeout or a refused connection → retried `retries` times, then undefined;
 * - 401/403 (e.g. "No access to mqtt service!": `services: [mqtt:want]` missing) and 404 → undefined at once;
 * - a malformed record → undefined at once.
 * Never logs the token or the broker password.
 */
export async function findSupervisorMqtt(opts: FindSupervisorMqttOptions): Promise<SupervisorMqtt | undefined> {
  const base = (opts.url ?? process.env.SUPERVISOR_URL ?? 'http://supervisor').replace(/\/+$/, '');
  const endpoint = `${base}/services/mqtt`;
  const retries = opts.retries ?? 10;
  const notEnabledRetries = opts.notEnabledRetries ?? 0;
  const delayMs = opts.delayMs ?? 2_000;
  const log = opts.log;
  let failures = 0;
  let notEnabled = 0;
  for (let attempt = 1; ; attempt++) {
    const outcome = await ask(endpoint, opts);
    if (outcome.ok) {
      log.info('using the MQTT broker from the Supervisor', {
        url: outcome.mqtt.url,
        provider: outcome.mqtt.provider,
        username: outcome.mqtt.username,
        attempt,
      });
      return outcome.mqtt;
    }
    const more = outcome.notEnabled ? notEnabled++ < notEnabledRetries : outcome.retry && failures++ < retries;
    if (!more) {
      const fields = { endpoint, reason: outcome.reason, attempts: attempt };
      if (outcome.notEnabled)
        log.info(
          'no MQTT service is registered with the Supervisor (is the Mosquitto add-on installed and started?); using the embedded broker',
          fields,
        );
      else log.warn('could not get the MQTT service from the Supervisor; using the embedded broker', fields);
      return undefined;
    }
    log.info('Supervisor MQTT service not available yet; retrying', {
      endpoint,
      reason: outcome.reason,
      attempt,
      delay_ms: delayMs,
    });
    await new Promise((r) => setTimeout(r, delayMs));
  }
}

async function ask(endpoint: string, opts: FindSupervisorMqttOptions): Promise<Outcome> {
  const doFetch = opts.fetch ?? globalThis.fetch;
  let res: Response;
  try {
    res = await doFetch(endpoint, {
      headers: { authorization: `Bearer ${opts.token}`, accept: 'application/json' },
      signal: AbortSignal.timeout(opts.timeoutMs ?? 5_000),
    });
  } catch (err) {
    return { ok: false, retry: true, reason: `Supervisor not reachable: ${describeError(err)}` };
  }
  let body: unknown;
  let raw = '';
  try {
    raw = await res.text();
    body = raw === '' ? undefined : JSON.parse(raw);
  } catch (err) {
    if (raw === '') return { ok: false, retry: true, reason: `reading the answer failed: ${describeError(err)}` };
    body = undefined;
  }
  const envelope = (typeof body === 'object' && body !== null ? body : {}) as {
    result?: unknown;
    message?: unknown;
    data?: unknown;
  };
  const message = typeof envelope.message === 'string' ? envelope.message : raw.slice(0, 200);
  const status = `HTTP ${res.status}${message ? ` "${message}"` : ''}`;

  if (res.status >= 200 && res.status < 300) {
    if (envelope.result !== 'ok') return { ok: false, retry: false, reason: `${status}: not a {"result":"ok"} answer` };
    try {
      return { ok: true, mqtt: toSupervisorMqtt(envelope.data) };
    } catch (err) {
      return { ok: false, retry: false, reason: describeError(err) };
    }
  }
  if (res.status >= 500) return { ok: false, retry: true, reason: `Supervisor error ${status}` };
  if (res.status === 400 && /not enabled/i.test(message))
    return { ok: false, retry: false, notEnabled: true, reason: `no MQTT provider: ${status}` };
  if (res.status === 400 && /not ready/i.test(message))
    return { ok: false, retry: true, reason: `Supervisor not ready: ${status}` };
  if (res.status === 403)
    return {
      ok: false,
      retry: false,
      reason: `no access (does config.yaml declare services: [mqtt:want]?): ${status}`,
    };
  if (res.status === 401) return { ok: false, retry: false, reason: `token refused: ${status}` };
  if (res.status === 404) return { ok: false, retry: false, reason: `no MQTT service endpoint: ${status}` };
  return { ok: false, retry: false, reason: `unexpected answer ${status}` };
}

function describeError(err: unknown): string {
  if (!(err instanceof Error)) return String(err);
  const cause = (err as { cause?: unknown }).cause;
  const code =
    typeof cause === 'object' && cause !== null && 'code' in cause
      ? String((cause as { code: unknown }).code)
      : undefined;
  if (err.name === 'TimeoutError') return 'timed out';
  return code ? `${err.message} (${code})` : err.message;
}
