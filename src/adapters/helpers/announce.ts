// The helpers as Home Assistant is to see them over MQTT discovery, under one device: input_boolean → switch,
// input_number → number, input_select → select, input_text → text, input_button → button, input_datetime →
// text (MQTT has no date/time platform; a text with the state's pattern can be read and set from Home
// Assistant), counter and timer → sensor (the timer's attributes on a JSON attributes topic).
import { HELPERS_SOURCE } from '../../automations/helpers/helpers.js';
import type { Entity } from '../../core/model.js';
import type { State } from '../../core/state.js';
import type { AnnounceSource, DiscoveryMessage, StateMessage } from '../../protocol/ha-discovery/announce.js';

export interface HelperAnnounceOptions {
  discoveryPrefix: string;
  version: string;
  /** the discovery node of the helpers' configs: must be one Switchyard's own discovery consumer leaves out */
  node: string;
  /** the device the helpers' device is reached through (the Switchyard bridge), if any */
  viaDevice?: string;
  /** Switchyard's birth/will topic */
  availabilityTopic: string;
}

/** `switchyard/helpers/<domain>/<object id>` */
export const HELPER_TOPIC_BASE = 'switchyard/helpers';
const base = (entity: Entity) => `${HELPER_TOPIC_BASE}/${entity.entity_id.replace('.', '/')}`;
/** five levels, so neither topic matches the ESP32 command filter `switchyard/+/+/set` */
export const helperStateTopic = (entity: Entity) => `${base(entity)}/state`;
export const helperCommandTopic = (entity: Entity) => `${base(entity)}/set`;
const attributesTopic = (entity: Entity) => `${base(entity)}/attributes`;

const COMPONENT: Readonly<Record<string, string>> = {
  input_boolean: 'switch',
  input_number: 'number',
  input_select: 'select',
  input_text: 'text',
  input_datetime: 'text',
  input_button: 'button',
  counter: 'sensor',
  timer: 'sensor',
};

const DEFAULT_ICONS: Readonly<Record<string, string>> = { counter: 'mdi:counter', timer: 'mdi:timer-outline' };

/** The pattern of an input_datetime's state, so Home Assistant's text entity only sends what it can take. */
function datetimePattern(config: Readonly<Record<string, unknown>>): string {
  const date = '\\d{4}-\\d{2}-\\d{2}';
  const time = '\\d{2}:\\d{2}(:\\d{2})?';
  if (config['has_date'] && config['has_time']) return `^${date} ${time}$`;
  return config['has_date'] ? `^${date}$` : `^${time}$`;
}

function platformKeys(entity: Entity): Record<string, unknown> {
  const c = entity.config;
  const state = { state_topic: helperStateTopic(entity) };
  const command = { command_topic: helperCommandTopic(entity) };
  switch (entity.domain) {
    case 'input_boolean':
      return { ...state, ...command };
    case 'input_number':
      return {
        ...state,
        ...command,
        min: c['min'],
        max: c['max'],
        step: c['step'],
        mode: c['mode'],
        ...(c['unit_of_measurement'] !== undefined ? { unit_of_measurement: c['unit_of_measurement'] } : {}),
      };
    case 'input_select':
      return { ...state, ...command, options: c['options'] };
    case 'input_text':
      return {
        ...state,
        ...command,
        min: c['min'],
        max: c['max'],
        mode: c['mode'],
        ...(c['pattern'] !== undefined ? { pattern: c['pattern'] } : {}),
      };
    case 'input_datetime':
      return { ...state, ...command, min: 5, max: 19, pattern: datetimePattern(c) };
    case 'input_button':
      return { ...command, payload_press: 'PRESS' };
    case 'timer':
      return { ...state, json_attributes_topic: attributesTopic(entity) };
    default:
      return state;
  }
}

export function createHelperAnnounceSource(options: HelperAnnounceOptions): AnnounceSource {
  const configTopic = (entity: Entity): string | undefined => {
    const component = COMPONENT[entity.domain];
    if (!component) return undefined;
    const object = entity.entity_id.replace('.', '_');
    return `${options.discoveryPrefix}/${component}/${options.node}/${object}/config`;
  };
  return {
    source: HELPERS_SOURCE,
    config(entity): DiscoveryMessage | undefined {
      const topic = configTopic(entity);
      if (!topic) return undefined;
      const icon = entity.config['icon'] ?? DEFAULT_ICONS[entity.domain];
      const component = COMPONENT[entity.domain] as string;
      return {
        topic,
        payload: {
          name: entity.name ?? entity.entity_id.split('.')[1],
          unique_id: `${options.node}_${entity.entity_id.replace('.', '_')}`,
          default_entity_id: `${component}.${entity.entity_id.split('.')[1]}`,
          ...platformKeys(entity),
          ...(icon !== undefined ? { icon } : {}),
          availability: [{ topic: options.availabilityTopic }],
          device: {
            identifiers: [options.node],
            name: 'Switchyard helpers',
            manufacturer: 'Switchyard',
            model: 'Helpers',
            sw_version: options.version,
            ...(options.viaDevice ? { via_device: options.viaDevice } : {}),
          },
          origin: { name: 'Switchyard', sw_version: options.version },
        },
      };
    },
    states(entity, state: State): StateMessage[] {
      if (entity.domain === 'input_button' || state.state === 'unavailable') return [];
      const out: StateMessage[] = [];
      const unknown = state.state === 'unknown';
      if (entity.domain === 'input_boolean')
        out.push({ topic: helperStateTopic(entity), payload: state.state === 'on' ? 'ON' : 'OFF' });
      else if (!unknown || entity.domain === 'input_number' || COMPONENT[entity.domain] === 'sensor')
        out.push({ topic: helperStateTopic(entity), payload: unknown ? 'None' : state.state });
      if (entity.domain === 'timer') {
        const { duration, remaining, finishes_at } = state.attributes as Record<string, unknown>;
        out.push({ topic: attributesTopic(entity), payload: JSON.stringify({ duration, remaining, finishes_at }) });
      }
      return out;
    },
    removedTopic: configTopic,
  };
}
