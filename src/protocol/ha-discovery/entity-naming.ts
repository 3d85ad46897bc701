/**
 * HA's naming rules for MQTT entities (has_entity_name = True since 2023.8; mqtt/entity.py
 * `_set_entity_name`, helpers/entity.py, entity_platform.py, entity_registry.py):
 * - `name` present (string or null) is used as is; null (or "" when there is a device) marks the device's
 *   main feature, whose friendly name is the device name;
 * - `name` absent: binary_sensor, button, event, number and sensor (not `enum`) with a device_class are
 *   named after the device class; otherwise the platform default ("MQTT Sensor", …; device_tracker: none);
 * - friendly name = "<device name> <entity name>" when the entity belongs to a named device;
 * - entity_id: `default_entity_id` (object part), else `object_id`, else the slug of the friendly name,
 *   else "mqtt_<unique_id>", else "unnamed_device"; taken ids get `_2`, `_3`, ….
 */

/** `_default_name` of each MQTT platform class (note HA's own spelling for the basic light). */
export const DEFAULT_ENTITY_NAMES: Readonly<Record<string, string | null>> = {
  binary_sensor: 'MQTT Binary sensor',
  button: 'MQTT Button',
  climate: 'MQTT HVAC',
  cover: 'MQTT Cover',
  device_tracker: null,
  event: 'MQTT Event',
  fan: 'MQTT Fan',
  light: 'MQTT LightEntity',
  lock: 'MQTT Lock',
  number: 'MQTT Number',
  select: 'MQTT Select',
  sensor: 'MQTT Sensor',
  switch: 'MQTT Switch',
};
const LIGHT_SCHEMA_NAMES: Readonly<Record<string, string>> = {
  json: 'MQTT JSON Light',
  template: 'MQTT Template Light',
};

const SHARED_MEASUREMENT_NAMES: Readonly<Record<string, string>> = {
  absolute_humidity: 'Absolute humidity',
  apparent_power: 'Apparent power',
  aqi: 'Air quality index',
  area: 'Area',
  atmospheric_pressure: 'Atmospheric pressure',
  battery: 'Battery',
  blood_glucose_concentration: 'Blood glucose concentration',
  carbon_dioxide: 'Carbon dioxide',
  carbon_monoxide: 'Carbon monoxide',
  conductivity: 'Conductivity',
  current: 'Current',
  data_rate: 'Data rate',
  data_size: 'Data size',
  distance: 'Distance',
  duration: 'Duration',
  energy: 'Energy',
  energy_storage: 'Stored energy',
  frequency: 'Frequency',
  gas: 'Gas',
  humidity: 'Humidity',
  illuminance: 'Illuminance',
  irradiance: 'Irradiance',
  moisture: 'Moisture',
  monetary: 'Balance',
  nitrogen_dioxide: 'Nitrogen dioxide',
  nitrogen_monoxide: 'Nitrogen monoxide',
  nitrous_oxide: 'Nitrous oxide',
  ozone: 'Ozone',
  ph: 'pH',
  pm1: 'PM1',
  pm10: 'PM10',
  pm25: 'PM2.5',
  pm4: 'PM4',
  power: 'Power',
  power_factor: 'Power factor',
  precipitation: 'Precipitation',
  precipitation_intensity: 'Precipitation intensity',
  pressure: 'Pressure',
  reactive_energy: 'Reactive energy',
  reactive_power: 'Reactive power',
  signal_strength: 'Signal strength',
  sound_pressure: 'Sound pressure',
  speed: 'Speed',
  sulphur_dioxide: 'Sulphur dioxide',
  temperature: 'Temperature',
  volatile_organic_compounds: 'Volatile organic compounds',
  volatile_organic_compounds_parts: 'Volatile organic compounds parts',
  voltage: 'Voltage',
  volume: 'Volume',
  volume_flow_rate: 'Volume flow rate',
  volume_storage: 'Stored volume',
  water: 'Water',
  weight: 'Weight',
  wind_direction: 'Wind direction',
  wind_speed: 'Wind speed',
};

/** English device-class names (the `entity_component` translations of each domain). */
export const DEVICE_CLASS_NAMES: Readonly<Record<string, Readonly<Record<string, string>>>> = {
  sensor: { ...SHARED_MEASUREMENT_NAMES, date: 'Date', timestamp: 'Timestamp' },
  number: SHARED_MEASUREMENT_NAMES,
  binary_sensor: {
    battery: 'Battery',
    battery_charging: 'Charging',
    carbon_monoxide: 'Carbon monoxide',
    cold: 'Cold',
    connectivity: 'Connectivity',
    door: 'Door',
    garage_door: 'Garage door',
    gas: 'Gas',
    heat: 'Heat',
    light: 'Light',
    lock: 'Lock',
    moisture: 'Moisture',
    motion: 'Motion',
    moving: 'Moving',
    occupancy: 'Occupancy',
    opening: 'Opening',
    plug: 'Plug',
    power: 'Power',
    presence: 'Presence',
    problem: 'Problem',
    running: 'Running',
    safety: 'Safety',
    smoke: 'Smoke',
    sound: 'Sound',
    tamper: 'Tamper',
    update: 'Update',
    vibration: 'Vibration',
    window: 'Window',
  },
  button: { identify: 'Identify', restart: 'Restart', update: 'Update' },
  event: { button: 'Button', doorbell: 'Doorbell', motion: 'Motion' },
};

export function defaultEntityName(domain: string, lightSchema?: string): string | null {
  if (domain === 'light' && lightSchema && LIGHT_SCHEMA_NAMES[lightSchema])
    return LIGHT_SCHEMA_NAMES[lightSchema] ?? null;
  return DEFAULT_ENTITY_NAMES[domain] ?? null;
}

export interface EntityNameInput {
  readonly domain: string;
  /** `undefined` = the key was absent; `null` = explicitly null. */
  readonly name?: string | null | undefined;
  readonly deviceClass?: string | null | undefined;
  /** True when the config has a `device` block. */
  readonly hasDevice?: boolean;
  /** Light `schema` (basic/json/template) for the default name. */
  readonly lightSchema?: string | undefined;
}

/** The entity's own name, or null when the entity is the device's main feature / has no name. */
export function entityName(input: EntityNameInput): string | null {
  const { domain, name, deviceClass } = input;
  if (name !== undefined) return name === null || (name === '' && input.hasDevice) ? null : name;
  const byClass = deviceClass && (domain !== 'sensor' || deviceClass !== 'enum') && DEVICE_CLASS_NAMES[domain];
  if (byClass) return byClass[deviceClass] ?? null;
  return defaultEntityName(domain, input.lightSchema);
}

/**
 * Friendly name as HA shows it: "<device> <entity>" when both exist, the device name for a main-feature
 * entity, else the entity name (null when there is none).
 */
export function friendlyName(deviceName: string | null | undefined, name: string | null): string | null {
  if (!deviceName) return name;
  return name ? `${deviceName} ${name}` : deviceName;
}

const FOLD: Readonly<Record<string, string>> = {
  ß: 'ss',
  æ: 'ae',
  Æ: 'AE',
  ø: 'o',
  Ø: 'O',
  œ: 'oe',
  Œ: 'OE',
  ł: 'l',
  Ł: 'L',
  đ: 'd',
  Đ: 'D',
  ð: 'd',
  Ð: 'D',
  þ: 'th',
  Þ: 'TH',
  ı: 'i',
  ħ: 'h',
  ŧ: 't',
  '°': 'deg',
  µ: 'u',
  '€': 'EUR',
  '£': 'PS',
  '×': 'x',
};

// biome-ignore lint/suspicious/noControlCharactersInRegex: Python's str.isascii(), the whole 0–127 range
const ASCII = /^[\x00-\x7f]*$/;

/**
 * homeassistant.util.slugify: ASCII-fold (unidecode-like for common letters), lower-case, drop commas
 * between digits, every other run of non-alphanumerics → `_`, trimmed. Empty input → "", otherwise an
 * empty result → "unknown".
 */
export function slugify(text: string | null | undefined, separator = '_'): string {
  if (text === null || text === undefined || text === '') return '';
  // plain ASCII (nearly every id and name) has nothing to fold: skip the per-character pass
  const folded = ASCII.test(text)
    ? text
    : [...text.normalize('NFKD')]
        .map((ch) => FOLD[ch] ?? ch)
        .join('')
        .replace(/[\u0300-\u036f]/g, '');
  const slug = folded
    .toLowerCase()
    .replace(/(?<=\d),(?=\d)/g, '')
    .replace(/[^a-z0-9]+/g, separator)
    .split(separator)
    .filter(Boolean)
    .join(separator);
  return slug === '' ? 'unknown' : slug;
}

export interface ObjectIdInput {
  readonly defaultEntityId?: string | undefined;
  readonly objectId?: string | undefined;
  readonly friendlyName?: string | null | undefined;
  readonly uniqueId?: string | undefined;
}

/** The object part of the entity_id HA would suggest (before de-duplication). */
export function suggestedObjectId(input: ObjectIdInput): string {
  if (input.defaultEntityId) {
    const dot = input.defaultEntityId.indexOf('.');
    const part = dot >= 0 ? input.defaultEntityId.slice(dot + 1) : input.defaultEntityId;
    const slug = slugify(part);
    if (slug) return slug;
  }
  const slug = input.objectId ? slugify(input.objectId) : '';
  if (slug) return slug;
  if (input.friendlyName) return slugify(input.friendlyName);
  if (input.uniqueId) return slugify(`mqtt_${input.uniqueId}`);
  return 'unnamed_device';
}

/** `domain.objectId`, or with `_2`, `_3`, … appended while `taken` says the id exists (max 255 chars). */
export function uniqueEntityId(domain: string, objectId: string, taken: (entityId: string) => boolean): string {
  const preferred = `${domain}.${objectId}`.slice(0, 255);
  let candidate = preferred;
  for (let tries = 2; taken(candidate); tries += 1) {
    candidate = `${preferred.slice(0, 255 - String(tries).length - 1)}_${tries}`;
  }
  return candidate;
}
