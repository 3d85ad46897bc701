// Home Assistant's `homeassistant.update_entity` on ESP32 entities: a sensor of a device that lists the
// `sensor_read` feature is asked for a reading now (PROTOCOL.md §5.5) and the call resolves once the
// reading that echoes the request_id has set the state; a refusal (an error message with the request_id)
// or silence past the timeout fails it. Actuators report every change on a retained status topic, so
// their state is current; devices without the feature are told apart, never skipped silently.
import type { RefreshResult } from '../../core/commands.js';
import { NotFoundError, UnavailableError } from '../../core/errors.js';
import type { Entity } from '../../core/model.js';
import type { MessageBus } from '../../core/ports.js';
import {
  encodeReadRequest,
  PUBLISH_OPTIONS,
  SENSOR_READ_FEATURE,
  sensorTopic,
  type DeviceError,
  type SensorData,
} from '../../protocol/esp32/index.js';
import type { Esp32Bridge } from './bridge.js';

export interface SensorReadsDeps {
  bridge: Esp32Bridge;
  messages: MessageBus;
  bridgePrefix: string;
  /** how long a device has to answer a read request (the command confirmation timeout) */
  timeoutMs: number;
  /** a fresh request_id per request */
  nextRequestId: () => string;
}

export interface SensorReads {
  refresh(entity: Entity): Promise<RefreshResult>;
  /** a reading arrived (after its state was written): settles the request it answers */
  reading(deviceId: string, sensorId: string, message: SensorData): void;
  /** an error message arrived: one naming a pending read's request_id refuses it */
  deviceError(deviceId: string, error: DeviceError): void;
  readonly pending: number;
  /** fails every pending read (Switchyard is stopping) */
  stop(): void;
}

interface PendingRead {
  readonly deviceId: string;
  readonly sensorId: string;
  readonly timer: NodeJS.Timeout;
  resolve(message: SensorData): void;
  reject(err: Error): void;
}

const describeValue = (m: SensorData) =>
  m.value === null ? 'no value' : `${JSON.stringify(m.value)}${m.quality !== 'good' ? ` (${m.quality})` : ''}`;

export function createSensorReads(deps: SensorReadsDeps): SensorReads {
  const pending = new Map<string, PendingRead>();

  const settle = (requestId: string): PendingRead | undefined => {
    const p = pending.get(requestId);
    if (!p) return undefined;
    clearTimeout(p.timer);
    pending.delete(requestId);
    return p;
  };

  const locate = (entity: Entity) => {
    const { device_id: deviceId, feature: key } = entity.config as { device_id?: string; feature?: string };
    const session = deviceId ? deps.bridge.session(deviceId) : undefined;
    const feature = key ? session?.features.get(key) : undefined;
    if (!session || !feature) throw new NotFoundError(`${entity.entity_id} is not a feature of a known ESP32 device`);
    return { session, feature };
  };

  const notRefreshed = (entity: Entity, how: string): RefreshResult => ({
    entity_id: entity.entity_id,
    refreshed: false,
    how,
  });

  return {
    get pending() {
      return pending.size;
    },

    async refresh(entity) {
      const { session, feature } = locate(entity);
      if (feature.actuator) {
        return notRefreshed(
          entity,
          `${session.name} reports ${feature.actuator.kind} '${feature.key}' on a retained status topic at every change: its state is current`,
        );
      }
      if (!feature.sensor) {
        return notRefreshed(
          entity,
          `${feature.name} comes with ${session.name}'s periodic status; it cannot be read on request`,
        );
      }
      if (!session.online) {
        throw new UnavailableError(`${session.name} is offline; it cannot be asked for a reading of '${feature.key}'`);
      }
      if (!session.caps?.features?.includes(SENSOR_READ_FEATURE)) {
        return notRefreshed(
          entity,
          `${session.name} (firmware ${session.caps?.firmware_version ?? 'unknown'}) does not support reading on request (its capabilities do not list '${SENSOR_READ_FEATURE}'); the state is its last reading`,
        );
      }
      const requestId = deps.nextRequestId();
      const topic = sensorTopic(deps.bridgePrefix, session.deviceId, feature.key, 'read');
      const payload = encodeReadRequest({ request_id: requestId });
      const { qos, retain } = PUBLISH_OPTIONS['sensor-read'];
      const answer = new Promise<SensorData>((resolve, reject) => {
        const timer = setTimeout(() => {
          if (!settle(requestId)) return;
          reject(
            new UnavailableError(
              `${session.name} did not answer the read request for '${feature.key}' within ${deps.timeoutMs} ms (request ${requestId})`,
            ),
          );
        }, deps.timeoutMs);
        timer.unref();
        pending.set(requestId, { deviceId: session.deviceId, sensorId: feature.key, timer, resolve, reject });
      });
      answer.catch(() => undefined); // awaited below; a timeout during the publish is not unhandled
      try {
        await deps.messages.publish(topic, payload, { qos, retain });
      } catch (err) {
        settle(requestId);
        throw err;
      }
      const message = await answer;
      if (message.value === null) {
        throw new UnavailableError(
          `${session.name} could not read '${feature.key}' (quality ${message.quality}, request ${requestId})`,
        );
      }
      return {
        entity_id: entity.entity_id,
        refreshed: true,
        how: `asked ${session.name} for a reading of '${feature.key}': ${describeValue(message)}`,
        published: [{ topic, payload, qos, retain }],
      };
    },

    reading(deviceId, sensorId, message) {
      const id = message.request_id;
      const p = id ? pending.get(id) : undefined;
      if (!id || !p || p.deviceId !== deviceId || p.sensorId !== sensorId) return;
      settle(id)?.resolve(message);
    },

    deviceError(deviceId, error) {
      const id = error.request_id;
      const p = id ? pending.get(id) : undefined;
      if (!id || !p || p.deviceId !== deviceId) return;
      // a failed read sends null/bad first, then a sensor_failure error: the reading settles it
      settle(id)?.reject(
        new UnavailableError(
          `the device refused the read request for '${p.sensorId}': ${error.code}: ${error.message}`,
        ),
      );
    },

    stop() {
      for (const id of [...pending.keys()]) settle(id)?.reject(new UnavailableError('Switchyard is stopping'));
    },
  };
}
