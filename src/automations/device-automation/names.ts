/**
 * The type names of Home Assistant's device automations for entity domains, as its `device_trigger.py`,
 * `device_condition.py` and `device_action.py` files spell them (home-assistant/core, `homeassistant/components/
 * <domain>/`). Only names here; what each means is in `triggers.ts`, `conditions.ts`, `actions.ts`.
 */

/** Domains whose device automations are `device_automation/toggle_entity.py`'s (turned_on/off, is_on/off, turn_on/off/toggle). */
export const TOGGLE_DOMAINS = ['light', 'switch', 'fan', 'humidifier', 'remote', 'siren'] as const;

/**
 * binary_sensor/device_trigger.py `ENTITY_TRIGGERS`: per device class the pair [on, off] (the trigger fires on
 * `to: "on"` / `to: "off"`). The lock class is the other way round: "not_locked" is on.
 */
export const BINARY_SENSOR_TRIGGER_PAIRS: readonly (readonly [string, string])[] = [
  ['bat_low', 'not_bat_low'],
  ['charging', 'not_charging'],
  ['co', 'no_co'],
  ['cold', 'not_cold'],
  ['connected', 'not_connected'],
  ['opened', 'not_opened'],
  ['gas', 'no_gas'],
  ['hot', 'not_hot'],
  ['light', 'no_light'],
  ['not_locked', 'locked'],
  ['moist', 'not_moist'],
  ['motion', 'no_motion'],
  ['moving', 'not_moving'],
  ['occupied', 'not_occupied'],
  ['plugged_in', 'not_plugged_in'],
  ['powered', 'not_powered'],
  ['present', 'not_present'],
  ['problem', 'no_problem'],
  ['running', 'not_running'],
  ['unsafe', 'not_unsafe'],
  ['smoke', 'no_smoke'],
  ['sound', 'no_sound'],
  ['tampered', 'not_tampered'],
  ['update', 'no_update'],
  ['vibration', 'no_vibration'],
  ['turned_on', 'turned_off'],
];

/** binary_sensor/device_condition.py `IS_ON` / `IS_OFF` as [on, off] pairs. */
export const BINARY_SENSOR_CONDITION_PAIRS: readonly (readonly [string, string])[] = [
  ['is_bat_low', 'is_not_bat_low'],
  ['is_charging', 'is_not_charging'],
  ['is_co', 'is_no_co'],
  ['is_cold', 'is_not_cold'],
  ['is_connected', 'is_not_connected'],
  ['is_gas', 'is_no_gas'],
  ['is_hot', 'is_not_hot'],
  ['is_light', 'is_no_light'],
  ['is_not_locked', 'is_locked'],
  ['is_moist', 'is_not_moist'],
  ['is_motion', 'is_no_motion'],
  ['is_moving', 'is_not_moving'],
  ['is_occupied', 'is_not_occupied'],
  ['is_open', 'is_not_open'],
  ['is_plugged_in', 'is_not_plugged_in'],
  ['is_powered', 'is_not_powered'],
  ['is_present', 'is_not_present'],
  ['is_problem', 'is_no_problem'],
  ['is_running', 'is_not_running'],
  ['is_smoke', 'is_no_smoke'],
  ['is_sound', 'is_no_sound'],
  ['is_tampered', 'is_not_tampered'],
  ['is_update', 'is_no_update'],
  ['is_unsafe', 'is_not_unsafe'],
  ['is_vibration', 'is_no_vibration'],
  ['is_on', 'is_off'],
];

/**
 * sensor/device_trigger.py `TRIGGER_SCHEMA` types (one per device class, `value` without one); the conditions
 * (sensor/device_condition.py) are `is_<type>`, except that there is no `is_area`, `is_blood_glucose_concentration`,
 * `is_energy_distance` and `is_wind_direction`.
 */
export const SENSOR_TRIGGER_TYPES = [
  'apparent_power',
  'aqi',
  'area',
  'atmospheric_pressure',
  'battery_level',
  'blood_glucose_concentration',
  'carbon_monoxide',
  'carbon_dioxide',
  'conductivity',
  'current',
  'data_rate',
  'data_size',
  'distance',
  'duration',
  'energy',
  'energy_distance',
  'frequency',
  'gas',
  'humidity',
  'illuminance',
  'irradiance',
  'moisture',
  'monetary',
  'nitrogen_dioxide',
  'nitrogen_monoxide',
  'nitrous_oxide',
  'ozone',
  'ph',
  'pm1',
  'pm10',
  'pm25',
  'power',
  'power_factor',
  'precipitation',
  'precipitation_intensity',
  'pressure',
  'reactive_power',
  'signal_strength',
  'sound_pressure',
  'speed',
  'sulphur_dioxide',
  'temperature',
  'volatile_organic_compounds',
  'volatile_organic_compounds_parts',
  'voltage',
  'volume',
  'volume_flow_rate',
  'water',
  'weight',
  'wind_direction',
  'wind_speed',
  'value',
] as const;

const NO_SENSOR_CONDITION = new Set(['area', 'blood_glucose_concentration', 'energy_distance', 'wind_direction']);
export const SENSOR_CONDITION_TYPES = SENSOR_TRIGGER_TYPES.filter((t) => !NO_SENSOR_CONDITION.has(t)).map(
  (t) => `is_${t}`,
);

/** climate/const.py HVAC_MODES */
export const HVAC_MODES = ['off', 'heat', 'cool', 'heat_cool', 'auto', 'dry', 'fan_only'] as const;

/** lock/device_trigger.py (2024.x: open and opening added); the conditions are `is_<state>` */
export const LOCK_STATES = ['jammed', 'locked', 'locking', 'open', 'opening', 'unlocked', 'unlocking'] as const;

/** cover/device_trigger.py state triggers → the state they wait for */
export const COVER_TRIGGER_STATES: Readonly<Record<string, string>> = {
  opened: 'open',
  closed: 'closed',
  opening: 'opening',
  closing: 'closing',
};

/** cover position triggers and conditions → the attribute they read */
export const COVER_POSITION_ATTRIBUTES: Readonly<Record<string, string>> = {
  position: 'current_position',
  tilt_position: 'current_tilt_position',
};
