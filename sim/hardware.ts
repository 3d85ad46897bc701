// The pretend hardware of a simulated ESP32: three sensors that drift (two of them temperatures, to prove
// that readings are keyed by sensor id and not by type), one actuator of each kind, and device metrics.
// Pure and deterministic for a given seed; the MQTT side lives in simulated-device.ts.
import {
  decodeMessage,
  encodeCapabilities,
  SENSOR_READ_FEATURE,
  type ActuatorCommand,
  type Capabilities,
  type MessageInput,
} from '../src/protocol/esp32/index.js';

/** A small seeded PRNG (mulberry32), so a device's readings can be replayed. */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** FNV-1a of a string: the default seed, so each device id drifts differently but repeatably. */
export function hashString(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 0x01000193) >>> 0;
  return h;
}

type SensorSpec = MessageInput<'capabilities'>['sensors'] extends (infer S)[] | undefined ? S : never;
type ActuatorSpec = MessageInput<'capabilities'>['actuators'] extends (infer A)[] | undefined ? A : never;

interface Drift {
  readonly start: number;
  readonly stepMax: number;
  readonly min: number;
  readonly max: number;
}

export const SIM_SENSORS: readonly (SensorSpec & { drift: Drift })[] = [
  {
    id: 'temp_air',
    type: 'temperature',
    name: 'Air temperature',
    unit: '°C',
    min: -40,
    max: 85,
    step: 0.1,
    drift: { start: 21, stepMax: 0.15, min: 15, max: 28 },
  },
  {
    id: 'temp_fridge',
    type: 'temperature',
    name: 'Fridge temperature',
    unit: '°C',
    min: -40,
    max: 85,
    step: 0.1,
    drift: { start: 4.5, stepMax: 0.1, min: 2, max: 8 },
  },
  {
    id: 'humidity',
    type: 'humidity',
    name: 'Humidity',
    unit: '%',
    min: 0,
    max: 100,
    step: 0.1,
    drift: { start: 45, stepMax: 0.5, min: 20, max: 80 },
  },
];

export const SIM_ACTUATORS: readonly ActuatorSpec[] = [
  { id: 'relay', kind: 'switch', name: 'Relay' },
  { id: 'lamp', kind: 'dimmer', name: 'Lamp', min: 0, max: 100, step: 1 },
  { id: 'setpoint', kind: 'number', name: 'Target temperature', unit: '°C', min: 5, max: 30, step: 0.5 },
  { id: 'identify', kind: 'button', name: 'Identify' },
  { id: 'mode', kind: 'select', name: 'Mode', options: ['eco', 'comfort', 'boost'] },
];

/** The state of one actuator, shaped like the body of its actuator status (a button counts its presses). */
export type ActuatorState =
  | { kind: 'switch'; state: boolean }
  | { kind: 'dimmer'; state: boolean; level: number }
  | { kind: 'number'; state: number }
  | { kind: 'select'; state: string }
  | { kind: 'button'; presses: number };

export function initialActuatorStates(): Record<string, ActuatorState> {
  return {
    relay: { kind: 'switch', state: false },
    lamp: { kind: 'dimmer', state: false, level: 50 },
    setpoint: { kind: 'number', state: 20 },
    identify: { kind: 'button', presses: 0 },
    mode: { kind: 'select', state: 'eco' },
  };
}

/**
 * The next state after a command that validateCommand accepted. A dimmer `set` above its minimum turns it on
 * at that level; `set` to the minimum turns it off and keeps the last level for the next `on`.
 */
export function applyCommand(
  current: ActuatorState,
  command: Pick<ActuatorCommand, 'action' | 'value'>,
  dimmerMin = 0,
): ActuatorState {
  const { action, value } = command;
  switch (current.kind) {
    case 'switch': {
      const next =
        action === 'on' ? true : action === 'off' ? false : action === 'toggle' ? !current.state : value === true;
      return { kind: 'switch', state: next };
    }
    case 'dimmer': {
      if (action === 'set' && typeof value === 'number') {
        return value > dimmerMin ? { kind: 'dimmer', state: true, level: value } : { ...current, state: false };
      }
      const on = action === 'on' ? true : action === 'off' ? false : !current.state;
      return { ...current, state: on };
    }
    case 'number':
      return typeof value === 'number' ? { kind: 'number', state: value } : current;
    case 'select':
      return typeof value === 'string' ? { kind: 'select', state: value } : current;
    case 'button':
      return { kind: 'button', presses: current.presses + 1 };
  }
}

/** Sensor readings that take a bounded random walk each tick. */
export function createSensorBank(random: () => number): {
  readings(): Record<string, number>;
  tick(): Record<string, number>;
} {
  const values: Record<string, number> = {};
  const round = (v: number) => Math.round(v * 10) / 10;
  for (const s of SIM_SENSORS) values[s.id] = round(s.drift.start + (random() - 0.5) * 2 * s.drift.stepMax * 5);
  return {
    readings: () => ({ ...values }),
    tick() {
      for (const s of SIM_SENSORS) {
        const current = values[s.id] ?? s.drift.start;
        const next = current + (random() * 2 - 1) * s.drift.stepMax;
        values[s.id] = round(Math.min(s.drift.max, Math.max(s.drift.min, next)));
      }
      return { ...values };
    },
  };
}

/** Heap and signal strength that wander a little, like a real board's. */
export function createMetrics(
  random: () => number,
  deviceId: string,
): { sample(uptimeS: number, firmwareVersion: string): MessageInput<'status'> } {
  let freeHeap = 180_000 + Math.floor(random() * 20_000);
  let minFreeHeap = freeHeap;
  let rssi = -55 - Math.floor(random() * 15);
  const ip = `192.0.2.${(hashString(deviceId) % 250) + 2}`; // TEST-NET-1: documentation addresses
  return {
    sample(uptimeS, firmwareVersion) {
      freeHeap = Math.max(20_000, Math.min(240_000, freeHeap + Math.floor((random() - 0.5) * 4_000)));
      minFreeHeap = Math.min(minFreeHeap, freeHeap);
      rssi = Math.max(-90, Math.min(-30, rssi + Math.round((random() - 0.5) * 4)));
      return {
        state: 'online',
        uptime_s: uptimeS,
        free_heap: freeHeap,
        min_free_heap: minFreeHeap,
        rssi,
        firmware_version: firmwareVersion,
        ip,
      };
    },
  };
}

/** The capabilities message of a simulated device, normalised as a receiver decodes it. */
export function capabilitiesFor(deviceId: string, firmwareVersion: string, sensorRead = true): Capabilities {
  const body: MessageInput<'capabilities'> = {
    device_id: deviceId,
    firmware_version: firmwareVersion,
    name: `Simulated ESP32 ${deviceId}`,
    model: 'switchyard-sim',
    manufacturer: 'Switchyard',
    sensors: SIM_SENSORS.map(({ drift: _drift, ...s }) => s),
    actuators: [...SIM_ACTUATORS],
    ...(sensorRead ? { features: [SENSOR_READ_FEATURE] } : {}),
  };
  const decoded = decodeMessage('capabilities', encodeCapabilities(body));
  if (!decoded.ok) throw new Error(decoded.reason);
  return decoded.message;
}
