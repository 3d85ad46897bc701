// What a device's flood episode (device-rate.ts) tells a person: one `rate_limited` diagnostic per device that
// counts the messages dropped (GET /api/discovery/diagnostics?code=rate_limited; `counts.seen.rate_limited` is
// the number of messages dropped since start), a warning in the log when the flood starts and one line with
// the count when it ends, and one `device_flood` alert per episode. Nothing here runs per message.
import type { AlertStore } from '../../core/alerts.js';
import type { Logger } from '../../core/logger.js';
import {
  DEFAULT_DEVICE_BURST,
  DEFAULT_DEVICE_RATE,
  DeviceRateLimiter,
  type DeviceBucket,
  type FloodReport,
} from './device-rate.js';
import type { DiagnosticsLog } from './diagnostics.js';

/** The consumer's rate limit: `limit` (rate 0: none) or the defaults, its floods reported as below. */
export function createDeviceRateLimit(deps: {
  diagnostics: DiagnosticsLog;
  alerts?: Pick<AlertStore, 'raise' | 'acknowledge'> | undefined;
  log: Logger;
  limit?: { readonly rate: number; readonly burst: number } | undefined;
}): DeviceRateLimiter {
  const rate = deps.limit?.rate ?? DEFAULT_DEVICE_RATE;
  const burst = deps.limit?.burst ?? DEFAULT_DEVICE_BURST;
  const report = createFloodReport({ ...deps, rate, burst });
  return new DeviceRateLimiter(rate, burst, report, undefined, (err) =>
    deps.log.error('a held message failed', { err: err instanceof Error ? err.stack : String(err) }),
  );
}

export function createFloodReport(deps: {
  diagnostics: DiagnosticsLog;
  alerts?: Pick<AlertStore, 'raise' | 'acknowledge'> | undefined;
  log: Logger;
  rate: number;
  burst: number;
  now?: () => number;
}): FloodReport {
  const now = deps.now ?? (() => performance.now());
  const limit = `more than ${deps.rate} messages/s (burst ${deps.burst})`;
  /** the topic each device's diagnostic is filed under: the topic that started its first flood */
  const topics = new WeakMap<DeviceBucket, string>();
  /** each flooding device's alert, resolved when its flood is over */
  const raised = new WeakMap<DeviceBucket, number>();
  const item = (b: DeviceBucket) => `device ${b.key}`;
  const entityOf = (b: DeviceBucket) => (b.deviceId === null ? b.entityId : undefined);
  const seconds = (b: DeviceBucket) => Math.max(0, Math.round((now() - b.episodeStart) / 100) / 10);
  const fields = (b: DeviceBucket) => ({
    device: b.label,
    ...(b.deviceId === null ? { entity_id: b.entityId } : { device_id: b.deviceId }),
  });
  const note = (b: DeviceBucket, reason: string, count: number) =>
    deps.diagnostics.note('state', topics.get(b) ?? '', reason, entityOf(b), item(b), 'rate_limited', count);

  return {
    start(b, topic) {
      if (!topics.has(b)) topics.set(b, topic);
      const message =
        `${b.label} sends ${limit}: its messages are held back and the latest of each topic is applied as ` +
        'the rate allows (GET /api/discovery/diagnostics?code=rate_limited)';
      deps.log.warn(message, { ...fields(b), topic });
      note(b, `${b.label} sends ${limit}: a flood started, nothing dropped yet`, 0);
      const alert = deps.alerts?.raise({
        severity: 'warning',
        type: 'device_flood',
        message,
        device_id: b.deviceId,
        entity_id: b.deviceId === null ? b.entityId : null,
      });
      if (alert) raised.set(b, alert.id);
    },
    update(b, dropped) {
      const reason =
        `${b.label} sends ${limit}: ${b.episodeDropped} messages dropped in ${seconds(b)} s of flood so far; ` +
        'the latest of each topic is applied as the rate allows';
      note(b, reason, dropped);
    },
    end(b) {
      const reason =
        `${b.label} sent ${limit}: ${b.episodeDropped} messages dropped in a flood of ${seconds(b)} s ` +
        '(until its bucket was full again); the latest of each topic was applied';
      note(b, reason, 0);
      deps.log.warn(`flood over: ${reason}`, { ...fields(b), dropped: b.episodeDropped });
      const alert = raised.get(b);
      raised.delete(b);
      if (alert !== undefined) deps.alerts?.acknowledge(alert);
    },
  };
}
