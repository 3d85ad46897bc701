// The add-on's status: health, entity/device/alert/automation counts, message rates, memory.
import { z } from 'zod';
import type { UseCaseDeps } from './deps.js';

export const GetSystemStatusInput = z.object({});

export const GetSystemStatusOutput = z.object({
  status: z.enum(['ok', 'degraded']),
  version: z.string(),
  uptime_s: z.number(),
  mqtt: z.object({ connected: z.boolean(), broker: z.string() }),
  database: z.object({ ok: z.boolean() }),
  entities: z.object({
    total: z.number().int(),
    unavailable: z.number().int(),
    by_domain: z.record(z.string(), z.number().int()),
  }),
  devices: z.object({
    total: z.number().int(),
    online: z
      .number()
      .int()
      .describe('devices with at least one available entity (ESP32 devices: connected and reporting)'),
    offline: z.number().int().describe('devices whose entities are all unavailable (ESP32 devices: offline or silent)'),
    offline_ids: z.array(z.string()).describe('the first 20 offline device ids, for get_device'),
    by_source: z.record(z.string(), z.number().int()),
  }),
  alerts: z.object({ active: z.number().int() }),
  automations: z.object({ total: z.number().int(), enabled: z.number().int(), with_errors: z.number().int() }),
  messages: z
    .object({
      received_total: z.number().int(),
      published_total: z.number().int(),
      received_per_s: z.number().describe('MQTT messages received per second, mean of the last 10 s'),
      published_per_s: z.number(),
      state_changes_per_s: z.number().describe('entity state changes per second, mean of the last 10 s'),
    })
    .optional(),
  history: z
    .object({
      rows_written: z.number().int(),
      rows_pending: z
        .number()
        .int()
        .describe('changes waiting to be written; a growing number means the database cannot keep up'),
    })
    .optional(),
  conversation_requests: z
    .object({
      request_topic: z.string(),
      response_topic: z.string(),
      received: z.number().int().describe('requests received on the request topic since the start'),
      answered: z.number().int().describe('answers published (error answers to refused requests included)'),
      in_flight: z.number().int(),
      refused: z
        .record(z.string(), z.number().int())
        .describe('refused requests by reason: too_large, bad_json, invalid, bad_response_topic, busy, failed, …'),
      last_refusal: z
        .object({ reason: z.string(), message: z.string(), id: z.string().nullable(), at: z.string() })
        .nullable(),
    })
    .optional()
    .describe('spoken commands over MQTT (voice satellites)'),
  process: z
    .object({
      rss_mb: z.number(),
      heap_used_mb: z.number().describe('live JavaScript objects and garbage not yet collected'),
      heap_total_mb: z.number().describe('heap reserved by V8'),
      external_mb: z.number().describe('memory outside the JavaScript heap held by JavaScript objects (buffers)'),
      event_loop_delay_p99_ms: z
        .number()
        .describe('99th percentile of event-loop delay in the current minute; above ~10 ms automations react late'),
      active_resources: z
        .number()
        .optional()
        .describe('handles and requests keeping the event loop alive (sockets, timers); growing without end is a leak'),
      bus_listeners: z.number().optional().describe('listeners on the core event bus; growing without end is a leak'),
      live_listeners: z
        .number()
        .optional()
        .describe("listeners of the panel's live MQTT explorer and log streams; 0 when none is open"),
    })
    .optional(),
});

const round1 = (x: number) => Math.round(x * 10) / 10;

const OFFLINE_SHOWN = 20;

function anyAvailable(deps: UseCaseDeps, deviceId: string, unavailable: ReadonlySet<string>): boolean {
  for (const id of deps.registry.deviceEntityIds(deviceId)) if (!unavailable.has(id)) return true;
  return false;
}

export function getSystemStatus(deps: UseCaseDeps) {
  const health = deps.health();
  // cheap at tens of thousands of entities (this is polled, 60 ms at 40,000 when it walked them all): counts
  // kept by the registry and the state store, and a look at the unavailable ones only
  const byDomain: Record<string, number> = {};
  let total = 0;
  for (const [domain, n] of [...deps.registry.domainCounts()].sort(([a], [b]) => a.localeCompare(b))) {
    byDomain[domain] = n;
    total += n;
  }
  const unavailableIds = deps.states.unavailableIds();
  let unavailable = 0;
  for (const id of unavailableIds) if (deps.registry.entity(id)) unavailable++;
  const devices = deps.registry.devices();
  const bySource: Record<string, number> = {};
  for (const d of devices) bySource[d.source] = (bySource[d.source] ?? 0) + 1;
  // a device is online when its owner says so (ESP32 sessions), else when any of its entities is available
  // the first 20 offline ids in sorted order, without sorting them all (thousands when a network is down)
  const firstOffline: string[] = [];
  let offline = 0;
  for (const d of devices) {
    const live = deps.deviceDetails?.(d.id)?.online;
    const online = typeof live === 'boolean' ? live : anyAvailable(deps, d.id, unavailableIds);
    if (online) continue;
    offline++;
    if (firstOffline.length === OFFLINE_SHOWN && d.id >= (firstOffline[OFFLINE_SHOWN - 1] as string)) continue;
    let at = firstOffline.length;
    while (at > 0 && (firstOffline[at - 1] as string) > d.id) at--;
    firstOffline.splice(at, 0, d.id);
    if (firstOffline.length > OFFLINE_SHOWN) firstOffline.pop();
  }
  const runtime = deps.runtime?.();
  const mb = (bytes: number) => Math.round(bytes / 10485.76) / 100;
  const automations = deps.automations.list();
  return {
    status: health.status,
    version: health.version,
    uptime_s: health.uptime_s,
    mqtt: { connected: health.mqtt.connected, broker: health.mqtt.broker },
    database: { ok: health.database.ok },
    entities: { total, unavailable, by_domain: byDomain },
    devices: {
      total: devices.length,
      online: devices.length - offline,
      offline,
      offline_ids: firstOffline,
      by_source: bySource,
    },
    alerts: { active: deps.alerts.list({ active: true, limit: 1000 }).length },
    automations: {
      total: automations.length,
      enabled: automations.filter((a) => a.enabled).length,
      with_errors: automations.filter((a) => a.error_count > 0).length,
    },
    ...(deps.conversationRequests ? { conversation_requests: deps.conversationRequests() } : {}),
    ...(runtime
      ? {
          messages: {
            ...runtime.messages,
            received_per_s: round1(runtime.messages.received_per_s),
            published_per_s: round1(runtime.messages.published_per_s),
            state_changes_per_s: round1(runtime.state_changes.per_s),
          },
          history: { ...runtime.history },
          process: {
            rss_mb: mb(runtime.process.rss_bytes),
            heap_used_mb: mb(runtime.process.heap_used_bytes),
            heap_total_mb: mb(runtime.process.heap_total_bytes),
            external_mb: mb(runtime.process.external_bytes),
            event_loop_delay_p99_ms: runtime.process.event_loop_delay_p99_ms,
            active_resources: runtime.process.active_resources,
            bus_listeners: runtime.process.bus_listeners,
            ...(runtime.process.live_listeners !== undefined ? { live_listeners: runtime.process.live_listeners } : {}),
          },
        }
      : {}),
  };
}
