// Control of ESP32 actuators: Home Assistant's actions (turn_on, set_value, select_option, press, …)
// become protocol commands with a fresh request_id; the device's status with that id confirms them, and
// a command left unconfirmed past the timeout raises an alert. Home Assistant's own commands, sent to
// the command topics Switchyard announced, go through the same path. `homeassistant.update_entity`
// (refresh) asks a sensor for a reading (readings.ts).
import { randomBytes } from 'node:crypto';
import type { AlertStore } from '../../core/alerts.js';
import type { ActionHandler, ActionSpec, AllowedActions, CommandRouter } from '../../core/commands.js';
import { createContext, type Context } from '../../core/context.js';
import { NotFoundError, UnavailableError, ValidationError } from '../../core/errors.js';
import type { Logger } from '../../core/logger.js';
import type { Entity } from '../../core/model.js';
import type { IncomingMessage, MessageBus } from '../../core/ports.js';
import type { State } from '../../core/state.js';
import type { StateStore } from '../../core/state-store.js';
import {
  actuatorTopic,
  encodeCommand,
  validateCommand,
  type ActuatorCapability,
  type ActuatorCommand,
} from '../../protocol/esp32/index.js';
import { BRIGHTNESS_STEPS, steppedBrightness } from '../../protocol/ha-discovery/components/light-common.js';
import type { Esp32Bridge } from './bridge.js';
import { registryDeviceId } from './device-session.js';
import { SWITCHYARD_BASE } from './ha-configs.js';
import { createSensorReads, type SensorReads } from './readings.js';
import { brightnessToLevel } from './values.js';

type DeviceCommand = Pick<ActuatorCommand, 'action' | 'value'>;

const none = {} as const;
const BRIGHTNESS_KEYS = { brightness: 1, brightness_pct: 1, ...BRIGHTNESS_STEPS };

function actionsFor(a: ActuatorCapability): AllowedActions {
  switch (a.kind) {
    case 'switch':
      return {
        turn_on: { description: 'Turn on', params: none },
        turn_off: { description: 'Turn off', params: none },
        toggle: { description: 'Toggle', params: none },
      };
    case 'dimmer': {
      const on: ActionSpec = {
        description: 'Turn on, optionally at a brightness',
        params: {
          brightness: { type: 'number', min: 0, max: 255, integer: true },
          brightness_pct: { type: 'number', min: 0, max: 100 },
          ...BRIGHTNESS_STEPS,
        },
      };
      return {
        turn_on: on,
        turn_off: { description: 'Turn off', params: none },
        toggle: { description: 'Toggle', params: none },
      };
    }
    case 'number':
      return {
        set_value: {
          description: 'Set the value',
          params: {
            value: {
              type: 'number',
              min: a.min,
              max: a.max,
              step: a.step,
              required: true,
              ...(a.unit ? { unit: a.unit } : {}),
            },
          },
        },
      };
    case 'select':
      return {
        select_option: {
          description: 'Select an option',
          params: { option: { type: 'string', options: a.options, required: true } },
        },
      };
    case 'button':
      return { press: { description: 'Press', params: none } };
  }
}

function toDeviceCommand(
  a: ActuatorCapability,
  action: string,
  data: Readonly<Record<string, unknown>>,
  current: State | undefined,
): DeviceCommand {
  const num = (key: string) => {
    const v = data[key];
    if (v === undefined) return undefined;
    if (typeof v !== 'number' || !Number.isFinite(v))
      throw new ValidationError(`${key} must be a number, got ${JSON.stringify(v)}`);
    return v;
  };
  switch (action) {
    case 'turn_on': {
      if (a.kind !== 'dimmer') return { action: 'on' };
      const given = Object.keys(BRIGHTNESS_KEYS).filter((k) => num(k) !== undefined);
      if (given.length > 1)
        throw new ValidationError(`turn_on: use only one of ${Object.keys(BRIGHTNESS_KEYS).join(', ')}`);
      const b =
        steppedBrightness(data, current) ??
        num('brightness') ??
        (num('brightness_pct') !== undefined ? (num('brightness_pct') as number) * 2.55 : undefined);
      if (b === undefined) return { action: 'on' };
      if (b === 0) return { action: 'off' }; // HA: brightness 0 turns the light off
      if (b < 0 || b > 255)
        throw new ValidationError(`brightness must be between 0 and 255 (brightness_pct 0–100), got ${b}`);
      return { action: 'set', value: brightnessToLevel(b, a) };
    }
    case 'turn_off':
      return { action: 'off' };
    case 'toggle':
      return { action: 'toggle' };
    case 'press':
      return { action: 'press' };
    case 'set_value':
      return { action: 'set', value: num('value') };
    case 'select_option':
      return { action: 'set', value: typeof data.option === 'string' ? data.option : String(data.option) };
    default:
      throw new ValidationError(`unsupported action '${action}'`);
  }
}

export interface Esp32CommandsDeps {
  bridge: Esp32Bridge;
  /** current states, for relative brightness changes */
  states: Pick<StateStore, 'get'>;
  messages: MessageBus;
  alerts: AlertStore;
  log: Logger;
  bridgePrefix: string;
  confirmTimeoutMs: number;
}

export interface Esp32Commands extends ActionHandler, Pick<SensorReads, 'reading' | 'deviceError'> {
  /** a device's status confirmed (or refused) a command */
  confirm(deviceId: string, actuatorId: string, requestId: string, ok: boolean, message: string | undefined): void;
  /** subscribes to the command topics announced to Home Assistant, routing them through `router` */
  listen(router: CommandRouter): Promise<() => void>;
  readonly pending: number;
  /** read requests (`homeassistant.update_entity`) waiting for their reading */
  readonly pendingReads: number;
  stop(): void;
}

export function createEsp32Commands(deps: Esp32CommandsDeps): Esp32Commands {
  const pending = new Map<string, { deviceId: string; actuatorId: string; entityId: string; timer: NodeJS.Timeout }>();
  let counter = 0;
  const prefix = randomBytes(3).toString('hex');
  const nextRequestId = () => `sy-${prefix}-${(++counter).toString(36)}`;
  const reads = createSensorReads({
    bridge: deps.bridge,
    messages: deps.messages,
    bridgePrefix: deps.bridgePrefix,
    timeoutMs: deps.confirmTimeoutMs,
    nextRequestId,
  });

  const locate = (entity: Entity) => {
    const { device_id: deviceId, feature } = entity.config as { device_id?: string; feature?: string };
    const session = deviceId ? deps.bridge.session(deviceId) : undefined;
    const actuator = feature ? session?.features.get(feature)?.actuator : undefined;
    if (!session || !actuator || !feature)
      throw new NotFoundError(`${entity.entity_id} is not an actuator of a known device`);
    return { session, actuator, feature };
  };

  return {
    get pending() {
      return pending.size;
    },
    get pendingReads() {
      return reads.pending;
    },
    refresh: (entity, _context: Context) => reads.refresh(entity),
    reading: (deviceId, sensorId, message) => reads.reading(deviceId, sensorId, message),
    deviceError: (deviceId, error) => reads.deviceError(deviceId, error),
    allowedActions(entity) {
      const { actuator } = locate(entity);
      return actionsFor(actuator);
    },
    async execute(entity, action, data, _context: Context) {
      const { session, actuator, feature } = locate(entity);
      const command = toDeviceCommand(actuator, action, data, deps.states.get(entity.entity_id));
      const check = validateCommand(actuator, command);
      if (!check.ok) throw new ValidationError(`${entity.entity_id}: ${check.reason}`);
      if (!session.online) throw new UnavailableError(`${session.name} is offline; the command was not sent`);
      const requestId = nextRequestId();
      const topic = actuatorTopic(deps.bridgePrefix, session.deviceId, feature, 'cmd');
      const payload = encodeCommand({ request_id: requestId, ...command });
      const timer = setTimeout(() => {
        pending.delete(requestId);
        session.counters.command_timeouts++;
        deps.alerts.raise({
          severity: 'warning',
          type: 'command_timeout',
          message: `${session.name} did not confirm '${action}' on ${entity.entity_id} within ${deps.confirmTimeoutMs} ms (request ${requestId})`,
          device_id: registryDeviceId(session.deviceId),
          entity_id: entity.entity_id,
        });
      }, deps.confirmTimeoutMs);
      timer.unref();
      pending.set(requestId, { deviceId: session.deviceId, actuatorId: feature, entityId: entity.entity_id, timer });
      session.counters.commands++;
      await deps.messages.publish(topic, payload, { qos: 1 });
      return {
        entity_id: entity.entity_id,
        action,
        published: [{ topic, payload, qos: 1, retain: false }],
        optimistic: false,
      };
    },
    confirm(deviceId, actuatorId, requestId, ok, message) {
      const p = pending.get(requestId);
      if (!p || p.deviceId !== deviceId || p.actuatorId !== actuatorId) return;
      clearTimeout(p.timer);
      pending.delete(requestId);
      if (!ok) {
        deps.alerts.raise({
          severity: 'warning',
          type: 'command_failed',
          message: `${p.entityId}: the device refused request ${requestId}${message ? `: ${message}` : ''}`,
          device_id: registryDeviceId(deviceId),
          entity_id: p.entityId,
        });
      }
    },
    async listen(router) {
      return deps.messages.subscribe(
        `${SWITCHYARD_BASE}/+/+/set`,
        (m: IncomingMessage) => {
          void fromHomeAssistant(deps, router, m).catch((err: unknown) =>
            deps.log.warn('command from Home Assistant rejected', {
              topic: m.topic,
              err: err instanceof Error ? err.message : String(err),
            }),
          );
        },
        { qos: 1 },
      );
    },
    stop() {
      for (const p of pending.values()) clearTimeout(p.timer);
      pending.clear();
      reads.stop();
    },
  };
}

/** A payload Home Assistant sent to an announced command topic → the same action a REST call would make. */
async function fromHomeAssistant(deps: Esp32CommandsDeps, router: CommandRouter, m: IncomingMessage): Promise<void> {
  const [, deviceId = '', key = ''] = m.topic.split('/');
  const session = deps.bridge.session(deviceId);
  const feature = session?.features.get(key);
  const entityId = session?.entityIds.get(key);
  if (!feature?.actuator || !entityId) throw new NotFoundError(`no actuator behind ${m.topic}`);
  const text = m.payload.toString('utf8');
  const call = (action: string, data: Record<string, unknown> = {}) =>
    router.execute({
      domain: feature.domain,
      action,
      entity_id: entityId,
      data,
      context: createContext('homeassistant'),
    });
  switch (feature.actuator.kind) {
    case 'switch':
      if (text !== 'ON' && text !== 'OFF') throw new ValidationError(`expected ON or OFF, got '${text}'`);
      await call(text === 'ON' ? 'turn_on' : 'turn_off');
      return;
    case 'dimmer': {
      const json = JSON.parse(text) as { state?: string; brightness?: number };
      if (json.state === 'OFF') await call('turn_off');
      else await call('turn_on', json.brightness !== undefined ? { brightness: json.brightness } : {});
      return;
    }
    case 'number':
      await call('set_value', { value: Number(text) });
      return;
    case 'select':
      await call('select_option', { option: text });
      return;
    case 'button':
      await call('press');
      return;
  }
}
