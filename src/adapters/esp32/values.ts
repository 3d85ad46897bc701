// Device payloads → entity states, in Home Assistant's vocabulary.
import type { ActuatorCapability, ActuatorStatus, DeviceStatus, SensorValue } from '../../protocol/esp32/index.js';
import type { FeatureValue } from './device-session.js';
import { DIAGNOSTIC_FIELDS } from './features.js';

/** shared by every reading without attributes (one per message otherwise); never modified */
const NO_ATTRIBUTES: Record<string, unknown> = Object.freeze({});

export function sensorValue(value: SensorValue, quality: string | undefined): FeatureValue {
  const attributes = quality && quality !== 'good' ? { quality } : NO_ATTRIBUTES;
  if (value === null) return { state: 'unknown', attributes };
  if (typeof value === 'boolean') return { state: value ? 'on' : 'off', attributes };
  return { state: String(value), attributes };
}

/** Dimmer level (min..max) → Home Assistant brightness 0–255, and back. */
export function levelToBrightness(level: number, a: { min: number; max: number }): number {
  return Math.round(((level - a.min) / (a.max - a.min)) * 255);
}

export function brightnessToLevel(brightness: number, a: { min: number; max: number; step: number }): number {
  const raw = a.min + (brightness / 255) * (a.max - a.min);
  const stepped = a.min + Math.round((raw - a.min) / a.step) * a.step;
  return Math.min(a.max, Math.max(a.min, Number(stepped.toFixed(10))));
}

export function actuatorValue(actuator: ActuatorCapability, status: ActuatorStatus, now: Date): FeatureValue | null {
  if (status.result === 'error') return null;
  switch (status.kind) {
    case 'switch':
      return { state: status.state ? 'on' : 'off', attributes: {} };
    case 'dimmer':
      return {
        state: status.state ? 'on' : 'off',
        attributes: {
          color_mode: status.state ? 'brightness' : null,
          brightness: status.state && actuator.kind === 'dimmer' ? levelToBrightness(status.level, actuator) : null,
          level: status.level,
        },
      };
    case 'number':
      return { state: String(status.state), attributes: {} };
    case 'select':
      return { state: status.state, attributes: {} };
    case 'button':
      // a button's state is when it was last pressed, as in Home Assistant
      return { state: (status.ts !== undefined ? new Date(status.ts) : now).toISOString(), attributes: {} };
  }
}

/** The diagnostic values in a status message. */
export function diagnosticValues(status: DeviceStatus): Map<string, FeatureValue> {
  const out = new Map<string, FeatureValue>();
  for (const [key, field] of Object.entries(DIAGNOSTIC_FIELDS)) {
    const v = (status as Record<string, unknown>)[field];
    if (v !== undefined) out.set(key, { state: String(v), attributes: {} });
  }
  return out;
}
