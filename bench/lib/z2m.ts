// Zigbee2MQTT-like Home Assistant discovery configs for the discovery storm and the start-up scenario:
// many devices of common kinds (climate sensors, motion sensors, plugs, bulbs, blinds, radiator valves,
// air purifiers, remotes, door contacts), each announcing several entities the way Zigbee2MQTT does
// (device block with via_device, origin, two availability topics with availability_mode all, one JSON
// state topic per device read through value templates, diagnostics). Every other device uses Home
// Assistant's abbreviations (stat_t, uniq_id, dev.ids, avty, …) as ESPHome and Tasmota do.
import type { MqttClient } from 'mqtt';
import { connect } from './mqtt.js';
import { sleep } from './stats.js';

export interface DiscoveryConfig {
  readonly topic: string;
  readonly payload: string;
  readonly platform: string;
}

export type Props = Record<string, unknown>;
export interface EntitySpec {
  platform: string;
  prop: string;
  config: (d: DeviceCtx) => Props;
}
export interface DeviceCtx {
  name: string;
  ieee: string;
  state: string;
  set: string;
}
export interface Kind {
  manufacturer: string;
  model: string;
  model_id: string;
  entities: EntitySpec[];
  /** configs that are not entities (device_automation triggers), for the device and its identity block */
  extra?: (d: DeviceCtx, device: Props, ieee: string) => DiscoveryConfig[];
}

export const tpl = (prop: string) => `{{ value_json.${prop} }}`;
export const diag = { entity_category: 'diagnostic' };
export const sensor = (
  prop: string,
  unit: string | null,
  deviceClass: string | null,
  extra: Props = {},
): EntitySpec => ({
  platform: 'sensor',
  prop,
  config: () => ({
    ...(deviceClass ? { device_class: deviceClass } : {}),
    ...(unit ? { unit_of_measurement: unit } : {}),
    state_class: 'measurement',
    value_template: tpl(prop),
    ...extra,
  }),
});
export const battery = sensor('battery', '%', 'battery', diag);
export const voltage = sensor('voltage', 'mV', 'voltage', { ...diag, enabled_by_default: false });
export const linkquality = sensor('linkquality', 'lqi', null, {
  ...diag,
  icon: 'mdi:signal',
  enabled_by_default: false,
});
export const onOffSwitch = (prop: string, on = 'ON', off = 'OFF', extra: Props = {}): EntitySpec => ({
  platform: 'switch',
  prop,
  config: (d) => ({
    command_topic: prop === 'state' ? d.set : `${d.set}/${prop}`,
    payload_on: on,
    payload_off: off,
    state_on: on,
    state_off: off,
    value_template: tpl(prop),
    ...extra,
  }),
});
export const select = (prop: string, options: string[], extra: Props = {}): EntitySpec => ({
  platform: 'select',
  prop,
  config: (d) => ({
    command_topic: `${d.set}/${prop}`,
    options,
    value_template: tpl(prop),
    entity_category: 'config',
    ...extra,
  }),
});
export const number = (prop: string, min: number, max: number, unit: string | null, extra: Props = {}): EntitySpec => ({
  platform: 'number',
  prop,
  config: (d) => ({
    command_topic: `${d.set}/${prop}`,
    min,
    max,
    step: 1,
    ...(unit ? { unit_of_measurement: unit } : {}),
    value_template: tpl(prop),
    entity_category: 'config',
    ...extra,
  }),
});
export const binary = (
  prop: string,
  deviceClass: string,
  on: unknown = true,
  off: unknown = false,
  extra: Props = {},
): EntitySpec => ({
  platform: 'binary_sensor',
  prop,
  config: () => ({ device_class: deviceClass, payload_on: on, payload_off: off, value_template: tpl(prop), ...extra }),
});
export const identify: EntitySpec = {
  platform: 'button',
  prop: 'identify',
  config: (d) => ({
    command_topic: `${d.set}/identify`,
    payload_press: 'identify',
    device_class: 'identify',
    entity_category: 'config',
  }),
};
export const powerOn = select('power_on_behavior', ['off', 'on', 'toggle', 'previous'], { icon: 'mdi:power-settings' });

export const KINDS: Kind[] = [
  {
    manufacturer: 'Aqara',
    model: 'Temperature and humidity sensor',
    model_id: 'WSDCGQ11LM',
    entities: [
      sensor('temperature', '°C', 'temperature'),
      sensor('humidity', '%', 'humidity'),
      sensor('pressure', 'hPa', 'atmospheric_pressure'),
      battery,
      voltage,
      linkquality,
    ],
  },
  {
    manufacturer: 'Philips',
    model: 'Hue motion sensor',
    model_id: '9290012607',
    entities: [
      binary('occupancy', 'occupancy'),
      sensor('illuminance', 'lx', 'illuminance'),
      sensor('temperature', '°C', 'temperature'),
      battery,
      select('motion_sensitivity', ['low', 'medium', 'high', 'very_high', 'max']),
      number('occupancy_timeout', 0, 65535, 's'),
      onOffSwitch('led_indication', 'true', 'false', { entity_category: 'config' }),
      linkquality,
    ],
  },
  {
    manufacturer: 'Tuya',
    model: 'Smart plug (with power monitoring)',
    model_id: 'TS011F_plug_1',
    entities: [
      onOffSwitch('state'),
      sensor('power', 'W', 'power'),
      sensor('energy', 'kWh', 'energy', { state_class: 'total_increasing' }),
      sensor('voltage', 'V', 'voltage'),
      sensor('current', 'A', 'current'),
      powerOn,
      onOffSwitch('child_lock', 'LOCK', 'UNLOCK', { entity_category: 'config', icon: 'mdi:account-lock' }),
      linkquality,
    ],
  },
  {
    manufacturer: 'IKEA',
    model: 'TRADFRI bulb E26/E27, white spectrum, globe, opal, 1055/1100 lm',
    model_id: 'LED1732G11',
    entities: [
      {
        platform: 'light',
        prop: 'light',
        config: (d) => ({
          schema: 'json',
          command_topic: d.set,
          brightness: true,
          brightness_scale: 254,
          supported_color_modes: ['color_temp'],
          min_mireds: 250,
          max_mireds: 454,
          effect: true,
          effect_list: ['blink', 'breathe', 'okay', 'channel_change', 'finish_effect', 'stop_effect'],
        }),
      },
      powerOn,
      identify,
      linkquality,
    ],
  },
  {
    manufacturer: 'IKEA',
    model: 'FYRTUR roller blind',
    model_id: 'E1757',
    entities: [
      {
        platform: 'cover',
        prop: 'cover',
        config: (d) => ({
          command_topic: d.set,
          position_topic: d.state,
          set_position_topic: d.set,
          set_position_template: '{ "position": {{ position }} }',
          position_template: tpl('position'),
          value_template: tpl('state'),
          state_open: 'OPEN',
          state_closed: 'CLOSE',
        }),
      },
      battery,
      linkquality,
      identify,
    ],
  },
  {
    manufacturer: 'Danfoss',
    model: 'Ally thermostat',
    model_id: '014G2461',
    entities: [
      {
        platform: 'climate',
        prop: 'climate',
        config: (d) => ({
          current_temperature_topic: d.state,
          current_temperature_template: tpl('local_temperature'),
          temperature_command_topic: `${d.set}/occupied_heating_setpoint`,
          temperature_state_topic: d.state,
          temperature_state_template: tpl('occupied_heating_setpoint'),
          mode_command_topic: `${d.set}/system_mode`,
          mode_state_topic: d.state,
          mode_state_template: tpl('system_mode'),
          modes: ['heat'],
          action_topic: d.state,
          action_template:
            "{% set values = {None:None,'idle':'idle','heat':'heating'} %}{{ values[value_json.running_state] }}",
          min_temp: 5,
          max_temp: 35,
          temp_step: 0.5,
          temperature_unit: 'C',
        }),
      },
      battery,
      number('local_temperature_calibration', -12, 12, '°C'),
      onOffSwitch('child_lock', 'LOCK', 'UNLOCK', { entity_category: 'config' }),
      binary('window_open_external', 'window', true, false),
      select('window_open_feature', ['auto', 'off']),
      linkquality,
    ],
  },
  {
    manufacturer: 'IKEA',
    model: 'STARKVIND air purifier',
    model_id: 'E2007',
    entities: [
      {
        platform: 'fan',
        prop: 'fan',
        config: (d) => ({
          command_topic: `${d.set}/fan_state`,
          state_topic: d.state,
          state_value_template: tpl('fan_state'),
          percentage_command_topic: `${d.set}/fan_mode`,
          percentage_state_topic: d.state,
          percentage_value_template:
            "{{ {'off':0,'1':11,'2':22,'3':33,'4':44,'5':55,'6':66,'7':77,'8':88,'9':100}[value_json.fan_mode] | default('None') }}",
          preset_mode_command_topic: `${d.set}/fan_mode`,
          preset_mode_state_topic: d.state,
          preset_mode_value_template: "{{ value_json.fan_mode if value_json.fan_mode in ['auto'] else 'none' }}",
          preset_modes: ['auto'],
        }),
      },
      sensor('pm25', 'µg/m³', 'pm25'),
      sensor('air_quality', null, null, { state_class: undefined }),
      onOffSwitch('child_lock', 'LOCK', 'UNLOCK', { entity_category: 'config' }),
      onOffSwitch('led_enable', 'true', 'false', { entity_category: 'config' }),
      linkquality,
    ],
  },
  {
    manufacturer: 'IKEA',
    model: 'TRADFRI ON/OFF switch',
    model_id: 'E1743',
    entities: [
      {
        platform: 'event',
        prop: 'action',
        config: () => ({
          event_types: ['on', 'off', 'brightness_move_down', 'brightness_move_up', 'brightness_stop'],
          value_template: "{{ {'event_type': value_json.action} | to_json }}",
          icon: 'mdi:gesture-double-tap',
        }),
      },
      battery,
      linkquality,
    ],
  },
  {
    manufacturer: 'Aqara',
    model: 'Door and window sensor',
    model_id: 'MCCGQ11LM',
    entities: [
      binary('contact', 'door', false, true),
      battery,
      voltage,
      sensor('device_temperature', '°C', 'temperature', diag),
      binary('battery_low', 'battery', true, false, diag),
      linkquality,
    ],
  },
];

const ROOMS = [
  'Living Room',
  'Kitchen',
  'Bedroom',
  'Office',
  'Hallway',
  'Bathroom',
  'Garage',
  'Attic',
  'Basement',
  'Guest Room',
];

/** Home Assistant's abbreviations for the keys the configs above use; applied to every other device. */
const ABBREVIATE: Record<string, string> = {
  availability: 'avty',
  availability_mode: 'avty_mode',
  device: 'dev',
  origin: 'o',
  state_topic: 'stat_t',
  command_topic: 'cmd_t',
  unique_id: 'uniq_id',
  object_id: 'obj_id',
  value_template: 'val_tpl',
  unit_of_measurement: 'unit_of_meas',
  device_class: 'dev_cla',
  state_class: 'stat_cla',
  entity_category: 'ent_cat',
  payload_on: 'pl_on',
  payload_off: 'pl_off',
  options: 'ops',
  payload_press: 'pl_prs',
  enabled_by_default: 'en',
  position_topic: 'pos_t',
  set_position_topic: 'set_pos_t',
  position_template: 'pos_tpl',
  current_temperature_topic: 'curr_temp_t',
  current_temperature_template: 'curr_temp_tpl',
  temperature_command_topic: 'temp_cmd_t',
  temperature_state_topic: 'temp_stat_t',
  mode_command_topic: 'mode_cmd_t',
  mode_state_topic: 'mode_stat_t',
  percentage_command_topic: 'pct_cmd_t',
  percentage_state_topic: 'pct_stat_t',
  state_value_template: 'stat_val_tpl',
  json_attributes_topic: 'json_attr_t',
};
const DEVICE_ABBREVIATE: Record<string, string> = {
  identifiers: 'ids',
  manufacturer: 'mf',
  model: 'mdl',
  model_id: 'mdl_id',
  sw_version: 'sw',
};
const ORIGIN_ABBREVIATE: Record<string, string> = { sw_version: 'sw', support_url: 'url' };

function abbreviate(obj: Props, table: Record<string, string>): Props {
  return Object.fromEntries(Object.entries(obj).map(([k, v]) => [table[k] ?? k, v]));
}

/**
 * `count` discovery configs from Zigbee2MQTT-like devices (the last device may be cut short), in the
 * order a bridge announces them. `idPrefix` keeps the unique ids (and topics) of two sets apart.
 */
export function z2mConfigs(
  count: number,
  prefix = 'homeassistant',
  idPrefix = 'bench',
  kinds: readonly Kind[] = KINDS,
): DiscoveryConfig[] {
  const out: DiscoveryConfig[] = [];
  const bridgeId = `zigbee2mqtt_bridge_0x00124b00${idPrefix.length.toString(16).padStart(8, '0')}`;
  for (let n = 0; out.length < count; n++) {
    const kind = kinds[n % kinds.length] as Kind;
    const room = ROOMS[Math.floor(n / kinds.length) % ROOMS.length] as string;
    const name = `${idPrefix} ${room} ${kind.model_id} ${n}`;
    const ieee = `0x${(0x00158d0000000000n + BigInt(n)).toString(16).padStart(16, '0')}`;
    const d: DeviceCtx = { name, ieee, state: `zigbee2mqtt/${name}`, set: `zigbee2mqtt/${name}/set` };
    const short = n % 2 === 1;
    const device = {
      identifiers: [`zigbee2mqtt_${idPrefix}_${ieee}`],
      manufacturer: kind.manufacturer,
      model: kind.model,
      model_id: kind.model_id,
      name,
      sw_version: `${2 + (n % 3)}.${n % 10}.0`,
      via_device: bridgeId,
    };
    const origin = { name: 'Zigbee2MQTT', sw_version: '1.42.0', support_url: 'https://www.zigbee2mqtt.io' };
    for (const spec of kind.entities) {
      if (out.length >= count) break;
      const objectId = `${idPrefix}_${ieee}_${spec.prop}`;
      const base: Props = {
        availability: [
          { topic: 'zigbee2mqtt/bridge/state', value_template: '{{ value_json.state }}' },
          { topic: `${d.state}/availability`, value_template: '{{ value_json.state }}' },
        ],
        availability_mode: 'all',
        device: short ? abbreviate(device, DEVICE_ABBREVIATE) : device,
        origin: short ? abbreviate(origin, ORIGIN_ABBREVIATE) : origin,
        object_id: objectId,
        unique_id: `${ieee}_${spec.prop}_${idPrefix}_zigbee2mqtt`,
        ...(spec.platform === 'button' ? {} : { state_topic: d.state }),
        ...spec.config(d),
      };
      for (const k of Object.keys(base)) if (base[k] === undefined) delete base[k];
      const config = short ? abbreviate(base, ABBREVIATE) : base;
      out.push({
        topic: `${prefix}/${spec.platform}/${ieee}/${idPrefix}_${spec.prop}/config`,
        payload: JSON.stringify(config),
        platform: spec.platform,
      });
    }
    if (kind.extra && out.length < count)
      out.push(...kind.extra(d, device, ieee).map((c) => ({ ...c, topic: `${prefix}/${c.topic}` })));
  }
  return out;
}

/** Publishes the configs retained with QoS 1 (as Zigbee2MQTT does), without waiting for each PUBACK. */
export async function publishConfigs(client: MqttClient, configs: readonly DiscoveryConfig[]): Promise<void> {
  const pending: Promise<unknown>[] = [];
  for (let i = 0; i < configs.length; i++) {
    const c = configs[i] as DiscoveryConfig;
    pending.push(client.publishAsync(c.topic, c.payload, { qos: 1, retain: true }));
    if (i % 500 === 499) await new Promise((r) => setImmediate(r));
  }
  await Promise.all(pending);
}

/** Removes the retained configs again (an empty retained message clears one), so later scenarios see a clean broker. */
export async function clearConfigs(url: string, configs: readonly DiscoveryConfig[]): Promise<void> {
  const client = await connect(url);
  const pending: Promise<unknown>[] = [];
  for (let i = 0; i < configs.length; i++) {
    pending.push(client.publishAsync((configs[i] as DiscoveryConfig).topic, '', { qos: 1, retain: true }));
    if (i % 500 === 499) await new Promise((r) => setImmediate(r));
  }
  await Promise.all(pending);
  await client.endAsync();
}

/**
 * The floor for a storm: a bare mqtt.js subscriber on `<prefix>/#`. With `publish` it is subscribed
 * first and times the publisher's burst (first publish → last message in); without, the configs are
 * already retained and it times subscribe → the last retained message in.
 */
export async function bareSubscriberMs(
  url: string,
  configs: readonly DiscoveryConfig[],
  publish: boolean,
  prefix = 'homeassistant',
): Promise<number> {
  const sub = await connect(url);
  const topics = new Set(configs.map((c) => c.topic));
  let seen = 0;
  const done = new Promise<void>((r) =>
    sub.on('message', (topic, payload) => {
      if (payload.length > 0 && topics.has(topic) && ++seen === configs.length) r();
    }),
  );
  let t0: number;
  if (publish) {
    await sub.subscribeAsync(`${prefix}/#`, { qos: 1 });
    const pub = await connect(url);
    t0 = performance.now();
    await publishConfigs(pub, configs);
    await done;
    await pub.endAsync();
  } else {
    t0 = performance.now();
    await sub.subscribeAsync(`${prefix}/#`, { qos: 1 });
    await done;
  }
  const ms = performance.now() - t0;
  await sub.endAsync();
  return ms;
}

/**
 * Polls Switchyard until it lists at least `total` entities: through the count in /api/system/status
 * (about 1 ms of Switchyard's time per poll at 10,000 entities), every 250 ms while fewer than 90 % are
 * there and every 25 ms after (but never sooner than 4× the time the last poll took), so polling costs
 * little yet the end is seen within 25 ms at 10,000 entities; the end is
 * confirmed by GET /api/entities. Returns the count listed.
 */
export async function untilEntities(
  get: <T>(path: string) => Promise<T>,
  total: number,
  timeoutMs = 120_000,
): Promise<number> {
  const deadline = performance.now() + timeoutMs;
  for (;;) {
    const t0 = performance.now();
    const status = await get<{ entities: { total: number } }>('/api/system/status');
    // the status walks every entity (tens of ms at 40,000): wait at least 4× what a poll took, so polling
    // never takes more than a fifth of Switchyard's time
    const pollMs = performance.now() - t0;
    if (status.entities.total >= total) {
      const list = await get<{ count: number }>('/api/entities');
      if (list.count >= total) return list.count;
    }
    if (performance.now() > deadline)
      throw new Error(
        `timed out after ${timeoutMs} ms waiting for ${total} entities (${status.entities.total} listed)`,
      );
    await sleep(Math.max(4 * pollMs, status.entities.total < 0.9 * total ? 250 : 25));
  }
}
