/**
 * What discovery turns into alerts (issue 21): devices and announcers going offline, and floods of discovery
 * messages.
 *
 * Going offline. An availability topic that the entities of several devices share is an announcer's
 * (Zigbee2MQTT's `zigbee2mqtt/bridge/state`, a gateway's LWT): when it says "offline" while Switchyard listens,
 * every device behind it is unavailable at once, which is one alert, not one per device. A topic of one device
 * (ESPHome's and Tasmota's Last Will, Zigbee2MQTT's `<device>/availability`) going offline is that device
 * dropping off: one alert for it. Either way, when the topic says it is back, the alert is resolved and a second
 * one says so. A retained payload read at start is how things are, not news.
 */
import type { AlertStore } from '../../core/alerts.js';
import type { DiagnosticsLog } from './diagnostics.js';
import type { Logger } from '../../core/logger.js';
import type { IncomingMessage, MessageBus } from '../../core/ports.js';
import type { AvailabilitySource } from '../../protocol/ha-discovery/components/index.js';
import { payloadVariables } from '../../protocol/template/index.js';

/** devices sharing an availability topic that make it an announcer's */
export const ANNOUNCER_DEVICES = 2;

interface Watched {
  readonly source: AvailabilitySource;
  readonly name: string;
  readonly devices: Set<string>;
  watching: boolean;
  alert: number | undefined;
}

export interface AnnouncerWatch {
  /** an entity of `deviceId` (announced by `origin`) listens to these availability sources */
  note(sources: readonly AvailabilitySource[], deviceId: string | null, origin: string | undefined): void;
  stop(): void;
}

export function createAnnouncerWatch(deps: {
  messages: MessageBus;
  alerts?: Pick<AlertStore, 'raise' | 'acknowledge'> | undefined;
  log: Logger;
  /** a device's name for the alert (the registry's) */
  deviceName?: (deviceId: string) => string | undefined;
}): AnnouncerWatch {
  const topics = new Map<string, Watched>();

  const onMessage = (m: IncomingMessage): void => {
    const w = topics.get(m.topic);
    if (!w || m.retain) return;
    let value = m.payload.toString('utf8');
    try {
      if (w.source.template) value = w.source.template.render(payloadVariables(value));
    } catch {
      return; // the entities' own trackers report a failing availability template
    }
    const single = w.devices.size < ANNOUNCER_DEVICES ? ([...w.devices][0] as string) : undefined;
    const what = single ? `${deps.deviceName?.(single) ?? single} (${m.topic})` : `${w.name} (${m.topic})`;
    const kind = single ? 'device' : 'announcer';
    if (value === w.source.payloadNotAvailable && w.alert === undefined) {
      const message = single
        ? `${what} dropped off: its entities are unavailable`
        : `${what} went offline: the ${w.devices.size} devices it announces are unavailable`;
      deps.log.warn(message);
      w.alert = deps.alerts?.raise({
        severity: 'warning',
        type: `${kind}_offline`,
        message,
        device_id: single ?? null,
        entity_id: null,
      }).id;
      w.alert ??= -1;
    } else if (value === w.source.payloadAvailable && w.alert !== undefined) {
      if (w.alert >= 0) deps.alerts?.acknowledge(w.alert);
      w.alert = undefined;
      const message = `${what} is back online`;
      deps.log.info(message);
      deps.alerts?.raise({
        severity: 'info',
        type: `${kind}_online`,
        message,
        device_id: single ?? null,
        entity_id: null,
      });
    }
  };

  return {
    note(sources, deviceId, origin) {
      if (deviceId === null) return;
      for (const source of sources) {
        let w = topics.get(source.topic);
        if (!w) {
          w = { source, name: origin ?? 'an announcer', devices: new Set(), watching: false, alert: undefined };
          topics.set(source.topic, w);
        }
        w.devices.add(deviceId);
        if (!w.watching) {
          w.watching = true;
          deps.messages
            .subscribe(source.topic, onMessage)
            .catch((err: unknown) =>
              deps.log.warn('cannot watch an availability topic', { topic: source.topic, err: String(err) }),
            );
        }
      }
    },
    stop() {
      for (const [topic, w] of topics) if (w.watching) deps.messages.unsubscribe(topic, onMessage);
      topics.clear();
    },
  };
}

/**
 * A flood: messages the bounded queue cannot hold are dropped unread, each counted as a `dropped` diagnostic, with
 * one `discovery_flood` alert per flood (a flood ends when the queue has been quiet: the end of its bulk load).
 */
export function createFloodWatch(deps: {
  diagnostics: DiagnosticsLog;
  alerts?: Pick<AlertStore, 'raise'> | undefined;
  log: Logger;
}): { onDrop(m: IncomingMessage): void; onBulk(busy: boolean): void } {
  let flooded = false;
  return {
    onDrop(m) {
      const reason = 'dropped unread: too many discovery messages waiting';
      deps.diagnostics.add('discovery', m.topic, reason, undefined, '', 'dropped');
      if (flooded) return;
      flooded = true;
      const message =
        'MQTT discovery is flooded: messages are dropped unread (GET /api/discovery/diagnostics?code=dropped)';
      deps.log.warn(message, { topic: m.topic });
      deps.alerts?.raise({ severity: 'warning', type: 'discovery_flood', message, device_id: null, entity_id: null });
    },
    onBulk(busy) {
      if (!busy) flooded = false;
    },
  };
}
