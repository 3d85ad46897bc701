// A simulated device's answer to a read request (`<prefix>/<device_id>/sensors/<sensor_id>/read`, PROTOCOL.md
// §5.5), as the firmware gives it: the sensor's reading now, on its data topic with the request's request_id
// (QoS 1); an unknown sensor or an undecodable request gets an error message instead.
import {
  decodeMessage,
  encodeSensorData,
  MAX_ERROR_MESSAGE_LENGTH,
  REQUEST_ID_PATTERN,
  type MessageInput,
} from '../src/protocol/esp32/index.js';

export interface ReceivedRead {
  readonly sensorId: string;
  readonly payload: string;
  readonly requestId?: string;
  /** `ignored` while ignoreReads is on */
  readonly outcome: 'ok' | 'error' | 'ignored';
  readonly errorCode?: string;
}

export interface ReadRequestContext {
  readonly deviceId: string;
  /** the sensor's value now, undefined for a sensor the device does not have */
  read(sensorId: string): number | undefined;
  /** publishes the answer on the sensor's data topic at QoS 1 */
  publishReading(sensorId: string, payload: string): void;
  publishError(body: MessageInput<'error'>): void;
  readonly ignore: boolean;
}

/** Error texts are at most 256 characters on the wire. */
export const clip = (text: string): string =>
  text.length > MAX_ERROR_MESSAGE_LENGTH ? `${text.slice(0, MAX_ERROR_MESSAGE_LENGTH - 3)}...` : text;

/** The request_id of a request that failed to decode, when one can still be read from it. */
export function salvageRequestId(payload: string): string | undefined {
  try {
    const obj: unknown = JSON.parse(payload);
    const id = obj !== null && typeof obj === 'object' ? (obj as Record<string, unknown>).request_id : undefined;
    return typeof id === 'string' && REQUEST_ID_PATTERN.test(id) ? id : undefined;
  } catch {
    return undefined;
  }
}

/** Answers one read request and says how. */
export function answerReadRequest(ctx: ReadRequestContext, sensorId: string, raw: Buffer): ReceivedRead {
  const payload = raw.toString('utf8');
  const decoded = decodeMessage('sensor-read', raw);
  if (!decoded.ok) {
    const requestId = salvageRequestId(payload);
    const code = decoded.reason.startsWith('v: unsupported') ? 'unsupported_version' : 'invalid_command';
    ctx.publishError({
      severity: 'warning',
      code,
      message: clip(decoded.reason),
      sensor_id: sensorId,
      ...(requestId ? { request_id: requestId } : {}),
    });
    return { sensorId, payload, outcome: 'error', errorCode: code, ...(requestId ? { requestId } : {}) };
  }
  const requestId = decoded.message.request_id;
  const value = ctx.read(sensorId);
  if (value === undefined) {
    ctx.publishError({
      severity: 'warning',
      code: 'unknown_sensor',
      message: `sensor: device '${ctx.deviceId}' has no sensor '${sensorId}'`,
      request_id: requestId,
      sensor_id: sensorId,
    });
    return { sensorId, payload, requestId, outcome: 'error', errorCode: 'unknown_sensor' };
  }
  if (ctx.ignore) return { sensorId, payload, requestId, outcome: 'ignored' };
  ctx.publishReading(sensorId, encodeSensorData({ value, ts: Date.now(), request_id: requestId }));
  return { sensorId, payload, requestId, outcome: 'ok' };
}
