// The ESP32 bridge: listens to every device topic under bridge_prefix, keeps a DeviceSession per device,
// turns capabilities into registry devices and entities, data and status into states, errors and
// silence into alerts, and remembers capabilities and metrics in SQLite. Bad messages are counted per
// device and dropped; nothing a device sends can take the bridge down.
import type { AlertStore } from '../../core/alerts.js';
import type { Clock } from '../../core/clock.js';
import { createContext } from '../../core/context.js';
import type { Unsubscribe } from '../../core/event-bus.js';
import type { Logger } from '../../core/logger.js';
import type { BridgeDeviceStore, IncomingMessage, MessageBus, Service } from '../../core/ports.js';
import type { Registry } from '../../core/registry.js';
import type { StateStore } from '../../core/state-store.js';
import {
  decodeBridgeMessage,
  decodeMessage,
  deviceTopic,
  parseBridgeTopic,
  switchyardSubscriptions,
  type BridgeMessage,
  type DeviceError,
  type SensorData,
} from '../../protocol/esp32/index.js';
import { DeviceSession, registryDeviceId } from './device-session.js';
import { actuatorValue, diagnosticValues, sensorValue } from './values.js';

export interface BridgeDeps {
  messages: MessageBus;
  registry: Registry;
  states: StateStore;
  alerts: AlertStore;
  store: BridgeDeviceStore;
  clock: Clock;
  log: Logger;
  bridgePrefix: string;
  deviceTimeoutS: number;
  rooms: readonly string[];
  /** called with every actuator status that carries a request_id (command confirmation) */
  onConfirmation?: (
    deviceId: string,
    actuatorId: string,
    requestId: string,
    ok: boolean,
    message: string | undefined,
  ) => void;
  /** called with every sensor reading once its state is written (a read request's answer carries its request_id) */
  onReading?: (deviceId: string, sensorId: string, message: SensorData) => void;
  /** called with every error message a device sends (one with a request_id may refuse a read request) */
  onDeviceError?: (deviceId: string, error: DeviceError) => void;
}

export interface Esp32Bridge extends Service {
  session(deviceId: string): DeviceSession | undefined;
  sessions(): DeviceSession[];
  /** forgets a device: entities, registry, stored record, and its retained capabilities and status */
  removeDevice(deviceId: string): Promise<void>;
}

export function createEsp32Bridge(deps: BridgeDeps): Esp32Bridge {
  const { log, registry, states } = deps;
  const sessions = new Map<string, DeviceSession>();
  const disposers: Unsubscribe[] = [];
  let timer: NodeJS.Timeout | undefined;

  const sessionOf = (deviceId: string) => {
    let s = sessions.get(deviceId);
    if (!s) {
      s = new DeviceSession(deviceId);
      sessions.set(deviceId, s);
    }
    return s;
  };

  const save = (s: DeviceSession) => {
    if (!s.caps) return;
    deps.store.save({
      device_id: s.deviceId,
      capabilities: s.caps as unknown as Record<string, unknown>,
      metrics: { ...s.metrics, online: s.online, counters: s.counters },
      last_seen: s.lastSeen === null ? null : new Date(s.lastSeen).toISOString(),
    });
  };

  const bad = (topic: string, reason: string) => {
    const t = parseBridgeTopic(topic, deps.bridgePrefix);
    if (t.ok) sessionOf(t.deviceId).counters.bad_messages++;
    log.warn('bad device message', { topic, reason });
  };

  const handle = (m: IncomingMessage) => {
    if (m.payload.length === 0) return; // a cleared retained message
    const decoded = decodeBridgeMessage(m.topic, m.payload, deps.bridgePrefix);
    if (!decoded.ok) return bad(m.topic, decoded.reason);
    const s = sessionOf(decoded.deviceId);
    s.counters.messages++;
    s.lastSeen = deps.clock.now().getTime();
    const context = createContext(s.origin);
    if (s.timedOut && decoded.kind !== 'status') {
      // a device that was silent talks again: it is alive
      s.timedOut = false;
      s.online = true;
      s.write(states, undefined, context);
    }
    apply(s, decoded, context);
    if (decoded.kind === 'status' && !m.retain) offlineAlerts(s, decoded.message.reason);
  };

  /**
   * A device seen going offline (its Last Will, or its own offline status) raises one alert, and coming back
   * resolves it with an alert saying so (issue 21). A retained status at start is how things are, not news.
   */
  const offlineAlerts = (s: DeviceSession, reason: string | undefined) => {
    const device_id = registryDeviceId(s.deviceId);
    if (!s.online && s.offlineAlert === undefined) {
      const why = reason === 'lwt' ? 'its connection was lost (Last Will)' : `it said so (${reason ?? 'no reason'})`;
      const alert = deps.alerts.raise({
        severity: 'warning',
        type: 'device_offline',
        message: `${s.name} went offline: ${why}`,
        device_id,
        entity_id: null,
      });
      s.offlineAlert = alert.id;
    } else if (s.online && s.offlineAlert !== undefined) {
      deps.alerts.acknowledge(s.offlineAlert);
      s.offlineAlert = undefined;
      deps.alerts.raise({
        severity: 'info',
        type: 'device_online',
        message: `${s.name} is back online`,
        device_id,
        entity_id: null,
      });
    }
  };

  const apply = (s: DeviceSession, msg: BridgeMessage, context: ReturnType<typeof createContext>) => {
    switch (msg.kind) {
      case 'capabilities': {
        s.applyCapabilities(msg.message, registry, deps.rooms);
        s.write(states, undefined, context);
        save(s);
        log.info('device announced', { device_id: s.deviceId, features: s.features.size });
        return;
      }
      case 'status': {
        const { state, reason, v: _v, ...metrics } = msg.message;
        s.online = state === 'online';
        s.timedOut = false;
        if (state === 'online') s.metrics = { ...s.metrics, ...metrics };
        for (const [key, value] of diagnosticValues(msg.message)) s.values.set(key, value);
        s.write(states, undefined, context);
        save(s);
        if (!s.online) log.info('device offline', { device_id: s.deviceId, reason });
        return;
      }
      case 'sensor-data': {
        if (!s.features.has(msg.sensorId))
          return bad(
            `${deps.bridgePrefix}/${s.deviceId}/sensors/${msg.sensorId}/data`,
            `unknown sensor '${msg.sensorId}'`,
          );
        s.values.set(msg.sensorId, sensorValue(msg.message.value, msg.message.quality));
        s.write(states, msg.sensorId, context);
        deps.onReading?.(s.deviceId, msg.sensorId, msg.message);
        return;
      }
      case 'actuator-status': {
        const actuator = s.features.get(msg.actuatorId)?.actuator;
        if (!actuator)
          return bad(
            `${deps.bridgePrefix}/${s.deviceId}/actuators/${msg.actuatorId}/status`,
            `unknown actuator '${msg.actuatorId}'`,
          );
        const value = actuatorValue(actuator, msg.message, deps.clock.now());
        if (value) {
          s.values.set(msg.actuatorId, value);
          s.write(states, msg.actuatorId, context);
        }
        if (msg.message.request_id) {
          deps.onConfirmation?.(
            s.deviceId,
            msg.actuatorId,
            msg.message.request_id,
            msg.message.result === 'ok',
            msg.message.message ?? msg.message.error_code,
          );
        }
        return;
      }
      case 'error': {
        s.counters.errors++;
        const e = msg.message;
        const featureId = e.sensor_id ?? e.actuator_id;
        deps.alerts.raise({
          severity: e.severity,
          type: 'device_error',
          message: `${s.name}: ${e.code}: ${e.message}`,
          device_id: registryDeviceId(s.deviceId),
          entity_id: featureId ? (s.entityIds.get(featureId) ?? null) : null,
        });
        deps.onDeviceError?.(s.deviceId, e);
        return;
      }
      case 'actuator-cmd':
      case 'sensor-read':
        return; // what Switchyard itself sends (its filters do not cover these topics)
    }
  };

  const checkTimeouts = () => {
    const now = deps.clock.now().getTime();
    for (const s of sessions.values()) {
      if (!s.online || s.lastSeen === null || now - s.lastSeen < deps.deviceTimeoutS * 1000) continue;
      s.online = false;
      s.timedOut = true;
      s.write(states, undefined, createContext(s.origin));
      save(s);
      deps.alerts.raise({
        severity: 'warning',
        type: 'device_timeout',
        message: `${s.name} sent nothing for ${deps.deviceTimeoutS} s and is marked offline`,
        device_id: registryDeviceId(s.deviceId),
        entity_id: null,
      });
      log.warn('device silent past the timeout', { device_id: s.deviceId, timeout_s: deps.deviceTimeoutS });
    }
  };

  return {
    name: 'esp32',
    session: (id) => sessions.get(id),
    sessions: () => [...sessions.values()].filter((s) => s.caps !== undefined),
    async start() {
      for (const record of deps.store.load()) {
        const caps = decodeMessage('capabilities', JSON.stringify(record.capabilities));
        if (!caps.ok) {
          log.warn('stored device capabilities no longer valid; dropping them', {
            device_id: record.device_id,
            reason: caps.reason,
          });
          continue;
        }
        const s = sessionOf(record.device_id);
        s.applyCapabilities(caps.message, registry, deps.rooms);
        const { online: _o, counters: _c, ...metrics } = record.metrics as Record<string, unknown>;
        s.metrics = metrics;
        s.lastSeen = record.last_seen ? Date.parse(record.last_seen) : null;
        for (const [key, id] of s.entityIds) {
          const st = states.get(id);
          if (st && st.state !== 'unavailable') s.values.set(key, { state: st.state, attributes: {} });
        }
        s.write(states);
      }
      const handler = (m: IncomingMessage) => handle(m);
      for (const filter of switchyardSubscriptions(deps.bridgePrefix))
        disposers.push(await deps.messages.subscribe(filter, handler, { qos: 1 }));
      timer = setInterval(checkTimeouts, Math.min(5_000, (deps.deviceTimeoutS * 1000) / 4));
      timer.unref();
      log.info('esp32 bridge started', { prefix: deps.bridgePrefix, known_devices: sessions.size });
    },
    async stop() {
      if (timer) clearInterval(timer);
      for (const off of disposers.splice(0)) off();
      for (const s of sessions.values()) save(s);
    },
    async removeDevice(deviceId) {
      const s = sessions.get(deviceId);
      if (!s) return;
      for (const entityId of s.entityIds.values()) {
        registry.removeEntity(entityId);
        states.remove(entityId);
      }
      registry.removeDevice(registryDeviceId(deviceId));
      deps.store.remove(deviceId);
      sessions.delete(deviceId);
      // clear what the broker keeps for it, or its retained capabilities would bring it back at the next start
      for (const kind of ['capabilities', 'status'] as const) {
        await deps.messages.publish(deviceTopic(deps.bridgePrefix, deviceId, kind), '', { qos: 1, retain: true });
      }
      log.info('device removed', { device_id: deviceId });
    },
  };
}
