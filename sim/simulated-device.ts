// One simulated ESP32 speaking the bridge protocol (firmware/protocol/PROTOCOL.md) over its own mqtt.js
// connection, as the firmware does: Last Will = retained offline status; on every connect it subscribes to
// its commands, then publishes capabilities, an online status and each actuator's status (all retained);
// sensor data every intervalMs (QoS 0); a status with metrics every statusIntervalMs; commands are checked,
// run and confirmed with their request_id; refused ones get result "error" plus an error message. It lists
// the sensor_read feature and answers read requests with a reading now (read-requests.ts), unless
// `sensorRead: false` makes it an older device that neither lists nor subscribes to them.
import mqtt, { type MqttClient } from 'mqtt';
import {
  actuatorTopic,
  decodeMessage,
  deviceCommandFilter,
  deviceReadFilter,
  deviceTopic,
  encodeActuatorStatus,
  encodeCapabilities,
  encodeError,
  encodeSensorData,
  encodeStatus,
  lastWill,
  parseBridgeTopic,
  PUBLISH_OPTIONS,
  REMEMBERED_REQUEST_IDS,
  sensorDataTopic,
  validateCommand,
  type MessageInput,
  type MessageKind,
} from '../src/protocol/esp32/index.js';
import {
  applyCommand,
  capabilitiesFor,
  createMetrics,
  createSensorBank,
  hashString,
  initialActuatorStates,
  seededRandom,
} from './hardware.js';
import { answerReadRequest, clip, salvageRequestId, type ReceivedRead } from './read-requests.js';

export type { ReceivedRead };

import type { ReceivedCommand, SimulatedDevice, SimulatedDeviceOptions, SimulatedDeviceState } from './device-types.js';

export type { ReceivedCommand, SimulatedDevice, SimulatedDeviceOptions, SimulatedDeviceState } from './device-types.js';

export function createSimulatedDevice(options: SimulatedDeviceOptions): SimulatedDevice {
  const { url, deviceId } = options;
  const prefix = options.prefix ?? 'devices';
  const intervalMs = options.intervalMs ?? 5_000;
  const statusIntervalMs = options.statusIntervalMs ?? intervalMs * 6;
  const firmwareVersion = options.firmwareVersion ?? '0.1.0-sim';
  const log = options.log ?? (() => {});
  const random = seededRandom(options.seed ?? hashString(deviceId));
  const sensors = createSensorBank(random);
  const metrics = createMetrics(random, deviceId);
  const sensorRead = options.sensorRead ?? true;
  const capabilities = capabilitiesFor(deviceId, firmwareVersion, sensorRead);
  const actuators = initialActuatorStates();
  const commandsReceived: ReceivedCommand[] = [];
  const readsReceived: ReceivedRead[] = [];
  /** request_id → how it was answered (QoS 1 may deliver a command twice) */
  const answered = new Map<string, { actuatorId: string; answer: Partial<MessageInput<'actuator-status'>> }>();
  const startedAt = Date.now();
  let client: MqttClient | undefined;
  let timers: NodeJS.Timeout[] = [];

  const uptimeS = () => Math.floor((Date.now() - startedAt) / 1000);

  function publish(
    kind: MessageKind,
    topic: string,
    payload: string,
    qos = PUBLISH_OPTIONS[kind].qos,
  ): Promise<unknown> {
    const { retain } = PUBLISH_OPTIONS[kind];
    if (!client?.connected) return Promise.resolve();
    return client
      .publishAsync(topic, payload, { qos, retain })
      .catch((err: unknown) => log(`${deviceId}: publish to ${topic} failed: ${String(err)}`));
  }

  /** Publishes an actuator's current state (plus `extra`); resolves on PUBACK. */
  function publishActuator(id: string, extra: Partial<MessageInput<'actuator-status'>> = {}): Promise<unknown> {
    const state = actuators[id];
    if (!state) throw new Error(`no actuator ${id}`);
    const body = state.kind === 'button' ? { kind: 'button' as const } : state;
    const payload = encodeActuatorStatus({ ...body, ...extra } as MessageInput<'actuator-status'>);
    return publish('actuator-status', actuatorTopic(prefix, deviceId, id, 'status'), payload);
  }

  /** Publishes an error message once `after` (the refusing actuator status) is acknowledged, so the order is fixed. */
  function publishError(body: MessageInput<'error'>, after: Promise<unknown> = Promise.resolve()): void {
    void after.then(() => publish('error', deviceTopic(prefix, deviceId, 'error'), encodeError(body)));
  }

  function publishReadings(values: Record<string, number>): void {
    for (const [id, value] of Object.entries(values)) {
      void publish('sensor-data', sensorDataTopic(prefix, deviceId, id), encodeSensorData({ value, ts: Date.now() }));
    }
  }

  function remember(requestId: string, actuatorId: string, answer: Partial<MessageInput<'actuator-status'>>): void {
    answered.set(requestId, { actuatorId, answer });
    while (answered.size > REMEMBERED_REQUEST_IDS) answered.delete(answered.keys().next().value as string);
  }

  function onMessage(topic: string, raw: Buffer): void {
    const t = parseBridgeTopic(topic, prefix);
    if (!t.ok || t.deviceId !== deviceId) return;
    if (t.kind === 'actuator-cmd') onCommand(t.actuatorId, raw);
    if (t.kind === 'sensor-read' && sensorRead) {
      const read = answerReadRequest(
        {
          deviceId,
          ignore: device.ignoreReads,
          read: (id) => sensors.readings()[id],
          publishReading: (id, payload) =>
            void publish('sensor-data', sensorDataTopic(prefix, deviceId, id), payload, 1),
          publishError: (body) => publishError(body),
        },
        t.sensorId,
        raw,
      );
      readsReceived.push(read);
    }
  }

  function onCommand(actuatorId: string, raw: Buffer): void {
    const payload = raw.toString('utf8');
    const record = (r: Omit<ReceivedCommand, 'actuatorId' | 'payload'>) =>
      commandsReceived.push({ actuatorId, payload, ...r });
    const capability = capabilities.actuators.find((a) => a.id === actuatorId);
    const decoded = decodeMessage('actuator-cmd', raw);
    if (!decoded.ok) {
      const requestId = salvageRequestId(payload);
      const code = decoded.reason.startsWith('v: unsupported') ? 'unsupported_version' : 'invalid_command';
      record({ outcome: 'error', errorCode: code, reason: decoded.reason, ...(requestId ? { requestId } : {}) });
      const extra = requestId ? { request_id: requestId } : {};
      const message = clip(decoded.reason);
      const answer =
        capability && requestId
          ? publishActuator(actuatorId, { ...extra, result: 'error', error_code: code, message })
          : undefined;
      publishError({ severity: 'warning', code, message, actuator_id: actuatorId, ...extra }, answer);
      return;
    }
    const command = decoded.message;
    const requestId = command.request_id;
    const earlier = answered.get(requestId);
    if (earlier) {
      record({ requestId, outcome: 'duplicate' });
      void publishActuator(earlier.actuatorId, earlier.answer); // the original result, with the state as it is now
      return;
    }
    if (!capability) {
      const reason = `no actuator '${actuatorId}' on device '${deviceId}'`;
      record({ requestId, outcome: 'error', errorCode: 'unknown_actuator', reason });
      publishError({
        severity: 'warning',
        code: 'unknown_actuator',
        message: reason,
        request_id: requestId,
        actuator_id: actuatorId,
      });
      return;
    }
    if (device.ignoreCommands) {
      record({ requestId, outcome: 'ignored' });
      return;
    }
    const check = validateCommand(capability, command);
    if (!check.ok) {
      record({ requestId, outcome: 'error', errorCode: check.code, reason: check.reason });
      const refusal = {
        request_id: requestId,
        result: 'error' as const,
        error_code: check.code,
        message: clip(check.reason),
      };
      remember(requestId, actuatorId, refusal);
      const answer = publishActuator(actuatorId, refusal);
      publishError(
        {
          severity: 'warning',
          code: check.code,
          message: refusal.message,
          request_id: requestId,
          actuator_id: actuatorId,
        },
        answer,
      );
      return;
    }
    const current = actuators[actuatorId];
    if (!current) return;
    actuators[actuatorId] = applyCommand(current, command, capability.kind === 'dimmer' ? capability.min : 0);
    record({ requestId, outcome: 'ok' });
    log(
      `${deviceId}: ${actuatorId} ${command.action}${command.value !== undefined ? ` ${String(command.value)}` : ''} (${requestId})`,
    );
    remember(requestId, actuatorId, { request_id: requestId });
    void publishActuator(actuatorId, { request_id: requestId });
  }

  async function onConnect(): Promise<void> {
    const c = client;
    if (!c) return;
    log(`${deviceId}: connected to ${url}`);
    const filters = [deviceCommandFilter(prefix, deviceId)];
    if (sensorRead) filters.push(deviceReadFilter(prefix, deviceId)); // one SUBSCRIBE, one round trip
    await c.subscribeAsync(filters, { qos: 1 });
    await publish('capabilities', deviceTopic(prefix, deviceId, 'capabilities'), encodeCapabilities(capabilities));
    await publish(
      'status',
      deviceTopic(prefix, deviceId, 'status'),
      encodeStatus(metrics.sample(uptimeS(), firmwareVersion)),
    );
    for (const id of Object.keys(actuators)) await publishActuator(id);
    publishReadings(sensors.readings());
  }

  function clearTimers(): void {
    for (const t of timers) clearInterval(t);
    timers = [];
  }

  const device: SimulatedDevice = {
    deviceId,
    capabilities,
    commandsReceived,
    readsReceived,
    ignoreCommands: false,
    ignoreReads: false,
    get state(): SimulatedDeviceState {
      return {
        connected: client?.connected === true,
        sensors: sensors.readings(),
        actuators: structuredClone(actuators),
      };
    },

    async start() {
      if (client) throw new Error(`${deviceId} already started`);
      const will = lastWill(prefix, deviceId);
      const c = mqtt.connect(url, {
        clientId: deviceId,
        clean: true,
        keepalive: 30,
        reconnectPeriod: options.reconnectPeriodMs ?? 1_000,
        connectTimeout: 10_000,
        will: { topic: will.topic, payload: Buffer.from(will.payload), qos: will.qos, retain: will.retain },
        ...(options.username !== undefined ? { username: options.username } : {}),
        ...(options.password !== undefined ? { password: options.password } : {}),
      });
      client = c;
      c.on('message', onMessage);
      const first = new Promise<void>((resolve, reject) => {
        c.once('connect', () => resolve());
        if ((options.reconnectPeriodMs ?? 1_000) === 0) c.once('error', reject);
      });
      c.on(
        'connect',
        () => void onConnect().catch((err: unknown) => log(`${deviceId}: announce failed: ${String(err)}`)),
      );
      c.on('error', (err) => log(`${deviceId}: ${err.message}`));
      c.on('offline', () => log(`${deviceId}: offline, reconnecting`));
      await first;
      if (intervalMs > 0) timers.push(setInterval(() => publishReadings(sensors.tick()), intervalMs));
      if (statusIntervalMs > 0)
        timers.push(
          setInterval(
            () =>
              void publish(
                'status',
                deviceTopic(prefix, deviceId, 'status'),
                encodeStatus(metrics.sample(uptimeS(), firmwareVersion)),
              ),
            statusIntervalMs,
          ),
        );
    },

    tick() {
      const values = sensors.tick();
      publishReadings(values);
      return Object.keys(values).length;
    },

    async stop() {
      clearTimers();
      const c = client;
      if (!c) return;
      if (c.connected) {
        // A clean DISCONNECT discards the Last Will, so say "offline" first.
        const last = { ...metrics.sample(uptimeS(), firmwareVersion), state: 'offline' as const, reason: 'shutdown' };
        await publish('status', deviceTopic(prefix, deviceId, 'status'), encodeStatus(last));
        await c.endAsync();
      } else {
        c.end(true);
      }
      log(`${deviceId}: stopped`);
    },

    kill() {
      clearTimers();
      client?.end(true); // destroys the socket without a DISCONNECT packet
      log(`${deviceId}: killed`);
    },
  };
  return device;
}
