// A large Zigbee2MQTT network: the device kinds of the discovery storm and more, so every platform
// Zigbee2MQTT announces is there (sensor, binary_sensor, switch, light, cover, climate, fan, lock, select,
// number, button, event, text, update, siren, scene, valve, and device_automation triggers, which are not
// entities), with Zigbee2MQTT's own templates (the truncating text sensor, the update entity's
// installed/latest version, the hvac_action dict with a None key). Every device also announces its
// firmware update entity, as Zigbee2MQTT 2.x does.
import { battery, binary, identify, KINDS, linkquality, number, onOffSwitch, select, sensor } from './z2m.js';
import type { DeviceCtx, DiscoveryConfig, EntitySpec, Kind, Props } from './z2m.js';

const textSensor = (prop: string): EntitySpec => ({
  platform: 'sensor',
  prop,
  config: () => ({
    value_template: `{{ value_json.${prop} | default('',True) | string | truncate(254, True, '', 0) }}`,
    icon: 'mdi:text',
  }),
});

const update: EntitySpec = {
  platform: 'update',
  prop: 'update',
  config: (d) => ({
    name: null,
    device_class: 'firmware',
    entity_category: 'config',
    entity_picture: 'https://github.com/Koenkk/zigbee2mqtt/raw/master/images/logo.png',
    command_topic: 'zigbee2mqtt/bridge/request/device/ota_update/update',
    payload_install: `{"id": "${d.ieee}"}`,
    value_template: "{{ value_json['update']['installed_version'] }}",
    latest_version_topic: d.state,
    latest_version_template: "{{ value_json['update']['latest_version'] }}",
    json_attributes_topic: d.state,
    json_attributes_template:
      "{\"in_progress\": {{ iif(value_json['update']['state'] == 'updating', 'true', 'false') }} }",
  }),
};

const text = (prop: string): EntitySpec => ({
  platform: 'text',
  prop,
  config: (d) => ({
    command_topic: `${d.set}/${prop}`,
    value_template: `{{ value_json.${prop} }}`,
    entity_category: 'config',
    max: 255,
  }),
});

const EXTRA_KINDS: Kind[] = [
  {
    manufacturer: 'Yale',
    model: 'Assure lock',
    model_id: 'YRD226HA2619',
    entities: [
      {
        platform: 'lock',
        prop: 'state',
        config: (d) => ({
          command_topic: d.set,
          value_template: '{{ value_json.state }}',
          payload_lock: 'LOCK',
          payload_unlock: 'UNLOCK',
          state_locked: 'LOCK',
          state_unlocked: 'UNLOCK',
        }),
      },
      battery,
      textSensor('action_source_name'),
      select('sound_volume', ['silent_mode', 'low_volume', 'high_volume']),
      number('auto_relock_time', 0, 3600, 's'),
      linkquality,
    ],
  },
  {
    manufacturer: 'Heiman',
    model: 'Smart siren',
    model_id: 'HS2WD-E',
    entities: [
      {
        platform: 'siren',
        prop: 'warning',
        config: (d) => ({
          command_topic: `${d.set}/warning`,
          available_tones: ['stop', 'burglar', 'fire', 'emergency', 'police_panic', 'fire_panic', 'emergency_panic'],
          support_duration: true,
          support_volume_set: false,
          state_value_template: "{{ 'ON' if value_json.warning_state else 'OFF' }}",
          command_template:
            '{"mode": "{{ tone | default(\'emergency\') if value == \'ON\' else \'stop\' }}", "duration": {{ duration | default(10) }}}',
        }),
      },
      battery,
      binary('battery_low', 'battery', true, false, { entity_category: 'diagnostic' }),
      linkquality,
    ],
  },
  {
    manufacturer: 'Tuya',
    model: 'Universal smart IR remote control',
    model_id: 'ZS06',
    entities: [
      textSensor('learned_ir_code'),
      text('ir_code_to_send'),
      onOffSwitch('learn_ir_code', 'ON', 'OFF', { entity_category: 'config' }),
      linkquality,
    ],
  },
  {
    manufacturer: 'Sonoff',
    model: 'Zigbee water valve',
    model_id: 'SWV',
    entities: [
      {
        platform: 'valve',
        prop: 'state',
        config: (d) => ({
          command_topic: d.set,
          value_template: '{{ value_json.state }}',
          payload_open: 'ON',
          payload_close: 'OFF',
          state_open: 'ON',
          state_closed: 'OFF',
        }),
      },
      sensor('flow', 'm³/h', 'volume_flow_rate'),
      battery,
      binary('water_leak', 'moisture'),
      linkquality,
    ],
  },
  {
    manufacturer: 'Zigbee2MQTT',
    model: 'Group',
    model_id: 'group',
    entities: [
      {
        platform: 'light',
        prop: 'light',
        config: (d) => ({
          schema: 'json',
          command_topic: d.set,
          brightness: true,
          brightness_scale: 254,
          supported_color_modes: ['xy', 'color_temp'],
        }),
      },
      ...[1, 2, 3].map(
        (n): EntitySpec => ({
          platform: 'scene',
          prop: `scene_${n}`,
          config: (d) => ({ command_topic: d.set, payload_on: `{ "scene_recall": ${n} }` }),
        }),
      ),
    ],
  },
  {
    manufacturer: 'Philips',
    model: 'Hue dimmer switch',
    model_id: '324131092621',
    entities: [
      {
        platform: 'event',
        prop: 'action',
        config: () => ({
          event_types: DIMMER_ACTIONS,
          value_template: "{{ {'event_type': value_json.action} | to_json }}",
        }),
      },
      battery,
      identify,
      linkquality,
    ],
    extra: (d, device, ieee) => DIMMER_ACTIONS.map((action) => trigger(d, device, ieee, action)),
  },
];

const DIMMER_ACTIONS = ['on_press', 'on_hold', 'on_press_release', 'off_press', 'up_press', 'down_press', 'off_hold'];

function trigger(d: DeviceCtx, device: Props, ieee: string, action: string): DiscoveryConfig {
  const payload = {
    automation_type: 'trigger',
    type: 'action',
    subtype: action,
    payload: action,
    topic: `${d.state}/action`,
    device,
    origin: { name: 'Zigbee2MQTT', sw: '2.1.0' },
  };
  return {
    topic: `device_automation/${ieee}/action_${action}/config`,
    payload: JSON.stringify(payload),
    platform: 'device_automation',
  };
}

const lastSeen = sensor('last_seen', null, 'timestamp', {
  entity_category: 'diagnostic',
  state_class: undefined,
  enabled_by_default: false,
});

/** every kind, each announcing its firmware update and last_seen too, and identify where it has none */
export const LARGE_KINDS: readonly Kind[] = [...KINDS, ...EXTRA_KINDS].map((k) => ({
  ...k,
  entities: [...k.entities, update, lastSeen, ...(k.entities.some((e) => e.prop === 'identify') ? [] : [identify])],
}));

/** the JSON state a device of this kind publishes on its state topic (every property it announces) */
export function stateFor(kind: Kind, n: number): Props {
  const state: Props = {
    linkquality: 100 + (n % 150),
    battery: 50 + (n % 50),
    last_seen: new Date(Date.UTC(2026, 11, 5, 12, 0, n % 60)).toISOString(),
    update: { state: 'idle', installed_version: 16843009, latest_version: 16843009 + (n % 3 === 0 ? 1 : 0) },
    state: kind.model_id === 'YRD226HA2619' ? 'LOCK' : n % 2 === 0 ? 'ON' : 'OFF',
    brightness: n % 255,
    color_temp: 300,
    position: n % 101,
    local_temperature: 20.5,
    occupied_heating_setpoint: 21,
    system_mode: 'heat',
    running_state: n % 2 === 0 ? 'idle' : 'heat',
    fan_state: 'ON',
    fan_mode: String(1 + (n % 9)),
    warning_state: false,
  };
  for (const e of kind.entities) if (!(e.prop in state)) state[e.prop] = valueFor(e, n);
  return state;
}

function valueFor(e: EntitySpec, n: number): unknown {
  switch (e.platform) {
    case 'sensor':
      return e.prop.includes('ir_code') || e.prop.includes('name')
        ? `code-${n}-${'x'.repeat(n % 300)}`
        : 20 + (n % 10) / 2;
    case 'binary_sensor':
      return n % 2 === 0;
    case 'switch':
    case 'lock':
    case 'valve':
      return e.prop === 'state' ? (n % 2 === 0 ? 'ON' : 'OFF') : 'OFF';
    case 'select':
      return 'low';
    case 'number':
      return n % 60;
    case 'text':
      return `text ${n}`;
    default:
      return undefined;
  }
}
