// One simulated ESP32 speaking the bridge protocol (firmware/protocol/PROTOCOL.md) over its own mqtt.js
// connection, as the firmware does: Last Will = retained offline status; on every connect it subscribes to
// its commands, then publishes capabilities, an online status and each actuator's status (all retained);
// sensor data every intervalMs (QoS 0); a status with metrics every statusIntervalMs; commands are checked,
// run and confirmed with their request_id; refused ones get result "error" plus an error message.
import mqtt, { type MqttClient } from 'mqtt';
import {
  actuatorTopic,
  decodeMessage,
  deviceCommandFilter,
  deviceTopic,
  encodeActuatorStatus,
  encodeCapabilities,
  encodeError,
  encodeSensorData,
  encodeStatus,
  lastWill,
  MAX_ERROR_MESSAGE_LENGTH,
  parseBridgeTopic,
  PUBLISH_OPTIONS,
  REMEMBERED_REQUEST_IDS,
  REQUEST_ID_PATTERN,
  sensorDataTopic,
  validateCommand,
  type Capabilities,
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
  type ActuatorState,
} from './hardware.js';

export interface SimulatedDeviceOptions {
  url: string;
  deviceId: string;
  /** the bridge_prefix; default `devices` */
  prefix?: string;
  /** sensor data period; default 5000 ms; 0 = only when tick() is called (benchmarks drive the rate) */
  intervalMs?: number;
  /** status (metrics) period; default 6 × intervalMs */
  statusIntervalMs?: number;
  firmwareVersion?: string;
  username?: string;
  password?: string;
  /** seed of the random walk; default derived from deviceId */
  seed?: number;
  /** mqtt.js reconnect period; default 1000 ms, 0 = do not reconnect */
  reconnectPeriodMs?: number;
  log?: (line: string) => void;
}

export interface ReceivedCommand {
  readonly actuatorId: string;
  readonly payload: string;
  readonly requestId?: string;
  /** `ignored` while ignoreCommands is on; `duplicate` for a request_id already answered */
  readonly outcome: 'ok' | 'error' | 'ignored' | 'duplicate';
  readonly errorCode?: string;
  readonly reason?: string;
}

export interface SimulatedDeviceState {
  readonly connected: boolean;
  readonly sensors: Readonly<Record<string, number>>;
  readonly actuators: Readonly<Record<string, ActuatorState>>;
}

export interface SimulatedDevice {
  readonly deviceId: string;
  readonly capabilities: Capabilities;
  readonly state: SimulatedDeviceState;
  readonly commandsReceived: readonly ReceivedCommand[];
  /** while true, valid commands are recorded but never run nor answered (to test command timeouts) */
  ignoreCommands: boolean;
  /** connects and resolves on the first CONNACK */
  start(): Promise<void>;
  /** publishes one reading of every sensor now (QoS 0), as the interval timer does; returns how many */
  tick(): number;
  /** publishes a retained offline status, then disconnects cleanly */
  stop(): Promise<void>;
  /** drops the socket without DISCONNECT, as a power cut would: the broker publishes the Last Will */
  kill(): void;
}

/** Error texts are at most 256 characters on the wire. */
const clip = (text: string): string =>
  text.length > MAX_ERROR_MESSAGE_LENGTH ? `${text.slice(0, MAX_ERROR_MESSAGE_LENGTH - 3)}...` : text;

/** The request_id of a command that failed to decode, when one can still be read from it. */
function salvageRequestId(payload: string): string | undefined {
  try {
    const obj: unknown = JSON.parse(payload);
    const id = obj !== null && typeof obj === 'object' ? (obj as Record<string, unknown>).request_id : undefined;
    return typeof id === 'string' && REQUEST_ID_PATTERN.test(id) ? id : undefined;
  } catch {
    return undefined;
  }
}

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
  const capabilities = capabilitiesFor(deviceId, firmwareVersion);
  const actuators = initialActuatorStates();
  const commandsReceived: ReceivedCommand[] = [];
  /** request_id → how it was answered (QoS 1 may deliver a command twice) */
  const answered = new Map<string, { actuatorId: string; answer: Partial<MessageInput<'actuator-status'>> }>();
  const startedAt = Date.now();
  let client: MqttClient | undefined;
  let timers: NodeJS.Timeout[] = [];

  const uptimeS = () => Math.floor((Date.now() - startedAt) / 1000);

  function publish(kind: MessageKind, topic: string, payload: string): Promise<unknown> {
    const { qos, retain } = PUBLISH_OPTIONS[kind];
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

  function onCommand(topic: string, raw: Buffer): void {
    const t = parseBridgeTopic(topic, prefix);
    if (!t.ok || t.kind !== 'actuator-cmd' || t.deviceId !== deviceId) return;
    const actuatorId = t.actuatorId;
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
    await c.subscribeAsync(deviceCommandFilter(prefix, deviceId), { qos: 1 });
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
    ignoreCommands: false,
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
      c.on('message', onCommand);
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
