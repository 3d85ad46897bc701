// Home Assistant MQTT discovery configs for Switchyard's own devices, built the way Zigbee2MQTT builds
// its own: one retained config per entity under <prefix>/<component>/switchyard_<device>/<feature>/config,
// a full device block with via_device = the Switchyard bridge, origin, stable unique ids, and
// availability on both the bridge status and the device status (availability_mode: all).
import { slugify } from '../../protocol/ha-discovery/entity-naming.js';
import type { Capabilities } from '../../protocol/esp32/index.js';
import { deviceName, type Feature } from './features.js';

export const SWITCHYARD_BASE = 'switchyard';
export const BRIDGE_STATUS_TOPIC = `${SWITCHYARD_BASE}/status`;
export const BRIDGE_IDENTIFIER = 'switchyard_bridge';
export const NODE_PREFIX = 'switchyard_';

export interface AnnounceContext {
  discoveryPrefix: string;
  bridgePrefix: string;
  version: string;
}

export interface DiscoveryMessage {
  readonly topic: string;
  readonly payload: Record<string, unknown>;
}

export const stateTopic = (deviceId: string, key: string) => `${SWITCHYARD_BASE}/${deviceId}/${key}`;
export const commandTopic = (deviceId: string, key: string) => `${SWITCHYARD_BASE}/${deviceId}/${key}/set`;
export const commandFilter = () => `${SWITCHYARD_BASE}/+/+/set`;

/** The entity id Switchyard gives a feature, the same one it suggests to Home Assistant. */
export function featureEntityId(caps: Capabilities, feature: Feature): string {
  return `${feature.domain}.${slugify(`${deviceName(caps)} ${feature.name}`)}`;
}

const origin = (ctx: AnnounceContext) => ({ name: 'Switchyard', sw_version: ctx.version });

function deviceBlock(caps: Capabilities) {
  return {
    identifiers: [`${NODE_PREFIX}${caps.device_id}`],
    name: deviceName(caps),
    manufacturer: caps.manufacturer ?? 'Espressif',
    model: caps.model ?? 'ESP32',
    sw_version: caps.firmware_version,
    ...(caps.hw_version ? { hw_version: caps.hw_version } : {}),
    via_device: BRIDGE_IDENTIFIER,
  };
}

function platformKeys(caps: Capabilities, f: Feature): Record<string, unknown> {
  const id = caps.device_id;
  const a = f.actuator;
  switch (f.domain) {
    case 'sensor':
    case 'binary_sensor':
      return { state_topic: stateTopic(id, f.key) };
    case 'switch':
      return { state_topic: stateTopic(id, f.key), command_topic: commandTopic(id, f.key) };
    case 'light':
      return {
        schema: 'json',
        state_topic: stateTopic(id, f.key),
        command_topic: commandTopic(id, f.key),
        brightness: true,
        brightness_scale: 255,
        supported_color_modes: ['brightness'],
      };
    case 'number':
      return a?.kind === 'number'
        ? {
            state_topic: stateTopic(id, f.key),
            command_topic: commandTopic(id, f.key),
            min: a.min,
            max: a.max,
            step: a.step,
            mode: 'box',
          }
        : {};
    case 'select':
      return a?.kind === 'select'
        ? { state_topic: stateTopic(id, f.key), command_topic: commandTopic(id, f.key), options: a.options }
        : {};
    case 'button':
      return { command_topic: commandTopic(id, f.key), payload_press: 'PRESS' };
  }
}

/** The discovery config of one feature. */
export function featureConfig(ctx: AnnounceContext, caps: Capabilities, f: Feature): DiscoveryMessage {
  const id = caps.device_id;
  const payload: Record<string, unknown> = {
    name: f.name,
    unique_id: `${NODE_PREFIX}${id}_${f.key}`,
    default_entity_id: featureEntityId(caps, f),
    ...platformKeys(caps, f),
    ...(f.device_class ? { device_class: f.device_class } : {}),
    ...(f.unit ? { unit_of_measurement: f.unit } : {}),
    ...(f.state_class ? { state_class: f.state_class } : {}),
    ...(f.entity_category ? { entity_category: f.entity_category } : {}),
    ...(f.icon ? { icon: f.icon } : {}),
    availability: [
      { topic: BRIDGE_STATUS_TOPIC },
      { topic: `${ctx.bridgePrefix}/${id}/status`, value_template: '{{ value_json.state }}' },
    ],
    availability_mode: 'all',
    device: deviceBlock(caps),
    origin: origin(ctx),
  };
  return { topic: `${ctx.discoveryPrefix}/${f.domain}/${NODE_PREFIX}${id}/${f.key}/config`, payload };
}

/** The bridge itself, as Zigbee2MQTT announces its own: a connectivity sensor on switchyard/status. */
export function bridgeConfig(ctx: AnnounceContext): DiscoveryMessage {
  return {
    topic: `${ctx.discoveryPrefix}/binary_sensor/${BRIDGE_IDENTIFIER}/connection_state/config`,
    payload: {
      name: 'Connection state',
      unique_id: `${BRIDGE_IDENTIFIER}_connection_state`,
      default_entity_id: 'binary_sensor.switchyard_connection_state',
      state_topic: BRIDGE_STATUS_TOPIC,
      payload_on: 'online',
      payload_off: 'offline',
      device_class: 'connectivity',
      entity_category: 'diagnostic',
      device: {
        identifiers: [BRIDGE_IDENTIFIER],
        name: 'Switchyard',
        manufacturer: 'Switchyard',
        model: 'Bridge',
        sw_version: ctx.version,
      },
      origin: origin(ctx),
    },
  };
}

/** What the entity's state topic carries, in the payloads its config declares. */
export function statePayload(f: Feature, state: string, attributes: Readonly<Record<string, unknown>>): string | null {
  if (f.domain === 'button') return null;
  if (state === 'unavailable') return null;
  if (state === 'unknown') return f.domain === 'light' ? JSON.stringify({ state: null }) : 'None';
  switch (f.domain) {
    case 'binary_sensor':
    case 'switch':
      return state === 'on' ? 'ON' : 'OFF';
    case 'light':
      return JSON.stringify({
        state: state === 'on' ? 'ON' : 'OFF',
        brightness: attributes.brightness ?? null,
        color_mode: 'brightness',
      });
    default:
      return state;
  }
}
