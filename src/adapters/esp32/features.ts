// What Home Assistant sees of one ESP32 device: each sensor, actuator and diagnostic value becomes a
// feature with a domain, a name (Home Assistant 2023.8 rules: no device name in it) and the metadata
// Home Assistant uses (device_class, unit, state_class, ranges, options).
import type { ActuatorCapability, Capabilities, SensorCapability } from '../../protocol/esp32/index.js';

export type FeatureDomain = 'sensor' | 'binary_sensor' | 'switch' | 'light' | 'number' | 'button' | 'select';

export interface Feature {
  /** unique within the device: the sensor or actuator id, or a diagnostic key */
  readonly key: string;
  readonly domain: FeatureDomain;
  readonly name: string;
  readonly source: 'sensor' | 'actuator' | 'diagnostic';
  readonly sensor?: SensorCapability;
  readonly actuator?: ActuatorCapability;
  readonly device_class?: string;
  readonly unit?: string;
  readonly state_class?: 'measurement' | 'total_increasing';
  readonly entity_category?: 'diagnostic';
  readonly icon?: string;
}

/** Sensor `type` → Home Assistant sensor device_class (only the ones whose meaning is unambiguous). */
const SENSOR_CLASSES: Readonly<Record<string, string>> = {
  temperature: 'temperature',
  humidity: 'humidity',
  pressure: 'pressure',
  atmospheric_pressure: 'atmospheric_pressure',
  illuminance: 'illuminance',
  co2: 'carbon_dioxide',
  carbon_dioxide: 'carbon_dioxide',
  voltage: 'voltage',
  current: 'current',
  power: 'power',
  energy: 'energy',
  battery: 'battery',
  pm25: 'pm25',
  pm10: 'pm10',
  moisture: 'moisture',
  distance: 'distance',
  frequency: 'frequency',
  sound_pressure: 'sound_pressure',
  weight: 'weight',
  speed: 'speed',
  volume: 'volume',
};

/** Boolean sensor `type` → binary_sensor device_class. */
const BINARY_CLASSES: Readonly<Record<string, string>> = {
  motion: 'motion',
  occupancy: 'occupancy',
  presence: 'presence',
  door: 'door',
  window: 'window',
  contact: 'opening',
  opening: 'opening',
  leak: 'moisture',
  water_leak: 'moisture',
  smoke: 'smoke',
  vibration: 'vibration',
  button: 'running',
};

const titled = (id: string) => id.replace(/[_-]+/g, ' ').replace(/^\w/, (c) => c.toUpperCase());

function sensorFeature(s: SensorCapability): Feature {
  const name = s.name ?? titled(s.id);
  if (s.value_type === 'boolean') {
    const cls = BINARY_CLASSES[s.type];
    return {
      key: s.id,
      domain: 'binary_sensor',
      name,
      source: 'sensor',
      sensor: s,
      ...(cls ? { device_class: cls } : {}),
    };
  }
  if (s.value_type === 'string') return { key: s.id, domain: 'sensor', name, source: 'sensor', sensor: s };
  const cls = SENSOR_CLASSES[s.type];
  return {
    key: s.id,
    domain: 'sensor',
    name,
    source: 'sensor',
    sensor: s,
    state_class: 'measurement',
    ...(cls ? { device_class: cls } : {}),
    ...(s.unit ? { unit: s.unit } : {}),
  };
}

const ACTUATOR_DOMAINS: Readonly<Record<ActuatorCapability['kind'], FeatureDomain>> = {
  switch: 'switch',
  dimmer: 'light',
  number: 'number',
  button: 'button',
  select: 'select',
};

function actuatorFeature(a: ActuatorCapability): Feature {
  const unit = a.kind === 'number' && a.unit ? { unit: a.unit } : {};
  return {
    key: a.id,
    domain: ACTUATOR_DOMAINS[a.kind],
    name: a.name ?? titled(a.id),
    source: 'actuator',
    actuator: a,
    ...unit,
  };
}

/** Diagnostic values every device reports in its status (a sensor or actuator with the same id wins). */
export const DIAGNOSTICS: readonly Feature[] = [
  {
    key: 'uptime',
    domain: 'sensor',
    name: 'Uptime',
    source: 'diagnostic',
    device_class: 'duration',
    unit: 's',
    state_class: 'total_increasing',
    entity_category: 'diagnostic',
  },
  {
    key: 'free_heap',
    domain: 'sensor',
    name: 'Free heap',
    source: 'diagnostic',
    device_class: 'data_size',
    unit: 'B',
    state_class: 'measurement',
    entity_category: 'diagnostic',
  },
  {
    key: 'rssi',
    domain: 'sensor',
    name: 'Signal strength',
    source: 'diagnostic',
    device_class: 'signal_strength',
    unit: 'dBm',
    state_class: 'measurement',
    entity_category: 'diagnostic',
  },
  {
    key: 'firmware',
    domain: 'sensor',
    name: 'Firmware',
    source: 'diagnostic',
    icon: 'mdi:chip',
    entity_category: 'diagnostic',
  },
];

/** Status field behind each diagnostic feature. */
export const DIAGNOSTIC_FIELDS: Readonly<Record<string, string>> = {
  uptime: 'uptime_s',
  free_heap: 'free_heap',
  rssi: 'rssi',
  firmware: 'firmware_version',
};

export function featuresOf(caps: Capabilities): Feature[] {
  const own = [...caps.sensors.map(sensorFeature), ...caps.actuators.map(actuatorFeature)];
  const taken = new Set(own.map((f) => f.key));
  return [...own, ...DIAGNOSTICS.filter((d) => !taken.has(d.key))];
}

export function deviceName(caps: Capabilities): string {
  return caps.name ?? caps.device_id;
}
