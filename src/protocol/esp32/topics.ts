/**
 * Topics of the ESP32 bridge protocol, under the `bridge_prefix` setting (default `devices`):
 *
 *   <prefix>/<device_id>/capabilities                       device → Switchyard   QoS 1, retained
 *   <prefix>/<device_id>/status                             device → Switchyard   QoS 1, retained (also the Last Will)
 *   <prefix>/<device_id>/error                              device → Switchyard   QoS 1
 *   <prefix>/<device_id>/sensors/<sensor_id>/data           device → Switchyard   QoS 0
 *   <prefix>/<device_id>/sensors/<sensor_id>/read           Switchyard → device   QoS 1 (devices listing `sensor_read`)
 *   <prefix>/<device_id>/actuators/<actuator_id>/cmd        Switchyard → device   QoS 1
 *   <prefix>/<device_id>/actuators/<actuator_id>/status     device → Switchyard   QoS 1, retained
 */
import { ID_PATTERN, ID_RULE } from './limits.js';

export const MESSAGE_KINDS = [
  'capabilities',
  'status',
  'error',
  'sensor-data',
  'sensor-read',
  'actuator-cmd',
  'actuator-status',
] as const;
export type MessageKind = (typeof MESSAGE_KINDS)[number];

export function isMessageKind(kind: string): kind is MessageKind {
  return (MESSAGE_KINDS as readonly string[]).includes(kind);
}

export interface PublishOptions {
  readonly qos: 0 | 1;
  readonly retain: boolean;
  /** who publishes on the topic */
  readonly publisher: 'device' | 'switchyard';
}

/** QoS, retain flag and publisher of each message kind. */
export const PUBLISH_OPTIONS: Readonly<Record<MessageKind, PublishOptions>> = {
  capabilities: { qos: 1, retain: true, publisher: 'device' },
  status: { qos: 1, retain: true, publisher: 'device' },
  error: { qos: 1, retain: false, publisher: 'device' },
  'sensor-data': { qos: 0, retain: false, publisher: 'device' },
  'sensor-read': { qos: 1, retain: false, publisher: 'switchyard' },
  'actuator-cmd': { qos: 1, retain: false, publisher: 'switchyard' },
  'actuator-status': { qos: 1, retain: true, publisher: 'device' },
};

export type BridgeTopic =
  | { readonly ok: true; readonly deviceId: string; readonly kind: 'capabilities' | 'status' | 'error' }
  | {
      readonly ok: true;
      readonly deviceId: string;
      readonly kind: 'sensor-data' | 'sensor-read';
      readonly sensorId: string;
    }
  | {
      readonly ok: true;
      readonly deviceId: string;
      readonly kind: 'actuator-cmd' | 'actuator-status';
      readonly actuatorId: string;
    };

export type BridgeTopicResult = BridgeTopic | { readonly ok: false; readonly reason: string };

const fail = (reason: string): { ok: false; reason: string } => ({ ok: false, reason });

/** Checks a bridge prefix: non-empty levels, no wildcards. Returns the problem or undefined. */
export function bridgePrefixProblem(prefix: string): string | undefined {
  if (prefix === '') return 'bridge prefix is empty';
  // biome-ignore lint/suspicious/noControlCharactersInRegex: NUL is what MQTT forbids in a topic
  if (/[+#\u0000]/.test(prefix)) return `bridge prefix '${prefix}' contains a wildcard or NUL`;
  if (prefix.split('/').some((level) => level === '')) return `bridge prefix '${prefix}' has an empty topic level`;
  return undefined;
}

function normalisePrefix(prefix: string): string {
  return prefix.replace(/\/+$/, '');
}

function idProblem(what: string, id: string): string | undefined {
  return ID_PATTERN.test(id) ? undefined : `${what} '${id}' is not a valid id (${ID_RULE})`;
}

/**
 * Parses a topic of the bridge protocol. Every failure says which part of the topic is wrong.
 * `bridgePrefix` may span several levels (`home/devices`); a trailing `/` is ignored.
 */
export function parseBridgeTopic(topic: string, bridgePrefix: string): BridgeTopicResult {
  const prefix = normalisePrefix(bridgePrefix);
  const prefixProblem = bridgePrefixProblem(prefix);
  if (prefixProblem) return fail(prefixProblem);
  if (!topic.startsWith(`${prefix}/`)) return fail(`topic '${topic}' is not under the bridge prefix '${prefix}'`);
  const levels = topic.slice(prefix.length + 1).split('/');
  const [deviceId = '', section = '', id = '', leaf = ''] = levels;
  const badDevice = idProblem('device_id', deviceId);
  if (badDevice) return fail(`topic '${topic}': ${badDevice}`);

  if (levels.length === 2) {
    if (section === 'capabilities' || section === 'status' || section === 'error')
      return { ok: true, deviceId, kind: section };
    return fail(`topic '${topic}': unknown device topic '${section}' (expected capabilities, status or error)`);
  }
  if (levels.length === 4 && section === 'sensors') {
    const bad = idProblem('sensor id', id);
    if (bad) return fail(`topic '${topic}': ${bad}`);
    if (leaf === 'data') return { ok: true, deviceId, kind: 'sensor-data', sensorId: id };
    if (leaf === 'read') return { ok: true, deviceId, kind: 'sensor-read', sensorId: id };
    return fail(`topic '${topic}': unknown sensor topic '${leaf}' (expected data or read)`);
  }
  if (levels.length === 4 && section === 'actuators') {
    const bad = idProblem('actuator id', id);
    if (bad) return fail(`topic '${topic}': ${bad}`);
    if (leaf === 'cmd') return { ok: true, deviceId, kind: 'actuator-cmd', actuatorId: id };
    if (leaf === 'status') return { ok: true, deviceId, kind: 'actuator-status', actuatorId: id };
    return fail(`topic '${topic}': unknown actuator topic '${leaf}' (expected cmd or status)`);
  }
  return fail(`topic '${topic}' does not match any bridge topic`);
}

function checkedId(what: string, id: string): string {
  const bad = idProblem(what, id);
  if (bad) throw new TypeError(bad);
  return id;
}

function checkedPrefix(prefix: string): string {
  const p = normalisePrefix(prefix);
  const bad = bridgePrefixProblem(p);
  if (bad) throw new TypeError(bad);
  return p;
}

/** `<prefix>/<device_id>/<capabilities|status|error>`; throws on an invalid prefix or id. */
export function deviceTopic(prefix: string, deviceId: string, kind: 'capabilities' | 'status' | 'error'): string {
  return `${checkedPrefix(prefix)}/${checkedId('device_id', deviceId)}/${kind}`;
}

/** `<prefix>/<device_id>/sensors/<sensor_id>/<data|read>` */
export function sensorTopic(prefix: string, deviceId: string, sensorId: string, leaf: 'data' | 'read'): string {
  return `${checkedPrefix(prefix)}/${checkedId('device_id', deviceId)}/sensors/${checkedId('sensor id', sensorId)}/${leaf}`;
}

/** `<prefix>/<device_id>/sensors/<sensor_id>/data` */
export function sensorDataTopic(prefix: string, deviceId: string, sensorId: string): string {
  return sensorTopic(prefix, deviceId, sensorId, 'data');
}

/** `<prefix>/<device_id>/actuators/<actuator_id>/<cmd|status>` */
export function actuatorTopic(prefix: string, deviceId: string, actuatorId: string, leaf: 'cmd' | 'status'): string {
  return `${checkedPrefix(prefix)}/${checkedId('device_id', deviceId)}/actuators/${checkedId('actuator id', actuatorId)}/${leaf}`;
}

/** The filters Switchyard subscribes to: everything devices publish, for every device. */
export function switchyardSubscriptions(prefix: string): string[] {
  const p = checkedPrefix(prefix);
  return [`${p}/+/capabilities`, `${p}/+/status`, `${p}/+/error`, `${p}/+/sensors/+/data`, `${p}/+/actuators/+/status`];
}

/** The filter a device subscribes to for commands to its own actuators (every device). */
export function deviceCommandFilter(prefix: string, deviceId: string): string {
  return `${checkedPrefix(prefix)}/${checkedId('device_id', deviceId)}/actuators/+/cmd`;
}

/** The second filter, of a device that lists `sensor_read`: read requests for its own sensors. */
export function deviceReadFilter(prefix: string, deviceId: string): string {
  return `${checkedPrefix(prefix)}/${checkedId('device_id', deviceId)}/sensors/+/read`;
}
