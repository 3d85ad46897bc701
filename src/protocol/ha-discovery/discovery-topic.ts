/**
 * Home Assistant MQTT discovery topics:
 *   `<prefix>/<component>/[<node_id>/]<object_id>/config`   (one entity / item per topic)
 *   `<prefix>/device/[<node_id>/]<object_id>/config`         (device-based discovery, HA >= 2024.11)
 *
 * HA matches the part after the prefix with
 * `(?P<component>\w+)/(?:(?P<node_id>[a-zA-Z0-9_-]+)/)?(?P<object_id>[a-zA-Z0-9_-]+)/config`
 * and only subscribes to components it supports. Identity of an item ("discovery hash") is
 * `(component, discovery_id)` with `discovery_id = "<node_id> <object_id>"` or just `<object_id>`.
 */

export const DEFAULT_DISCOVERY_PREFIX = 'homeassistant';

/** Component name used for device-based discovery payloads. */
export const DEVICE_DISCOVERY_COMPONENT = 'device';

/** HA's SUPPORTED_COMPONENTS (homeassistant/components/mqtt/const.py, 2025/2026 releases). */
export const SUPPORTED_COMPONENTS: ReadonlySet<string> = new Set([
  'alarm_control_panel',
  'binary_sensor',
  'button',
  'camera',
  'climate',
  'cover',
  'date',
  'datetime',
  'device_automation',
  'device_tracker',
  'event',
  'fan',
  'humidifier',
  'image',
  'infrared',
  'lawn_mower',
  'light',
  'lock',
  'notify',
  'number',
  'scene',
  'select',
  'sensor',
  'siren',
  'switch',
  'tag',
  'text',
  'time',
  'update',
  'vacuum',
  'valve',
  'water_heater',
]);

const ID_PATTERN = /^[a-zA-Z0-9_-]+$/;
const COMPONENT_PATTERN = /^\w+$/;

export interface DiscoveryTopic {
  readonly ok: true;
  /** The discovery prefix the topic was parsed with. */
  readonly prefix: string;
  /** Platform (`sensor`, `light`, …) or `device` for device-based discovery. */
  readonly component: string;
  readonly nodeId?: string;
  readonly objectId: string;
  /** `"<node_id> <object_id>"` or `"<object_id>"`, as HA builds it. */
  readonly discoveryId: string;
  /** True for `<prefix>/device/…/config`. */
  readonly deviceDiscovery: boolean;
}

export interface DiscoveryTopicError {
  readonly ok: false;
  readonly reason: string;
  /** a topic Home Assistant would ignore (a component it does not know included) */
  readonly code: 'topic';
}

export type DiscoveryTopicResult = DiscoveryTopic | DiscoveryTopicError;

function fail(reason: string): DiscoveryTopicError {
  return { ok: false, reason, code: 'topic' };
}

/** Builds HA's discovery id from the topic's node id and object id. */
export function discoveryIdOf(nodeId: string | undefined, objectId: string): string {
  return nodeId === undefined ? objectId : `${nodeId} ${objectId}`;
}

/**
 * The node id level of `<prefix>/<component>/<node_id>/<object_id>/config`, unchecked (another level for a topic
 * without one): for a look at every message of a flood, where parseDiscoveryTopic would validate each.
 */
export function nodeIdOf(topic: string): string {
  return topic.split('/').at(-3) ?? '';
}

/**
 * Parses a discovery config topic. Every failure names the offending part of the topic.
 * Unsupported components are rejected because HA never subscribes to them.
 */
export function parseDiscoveryTopic(topic: string, prefix: string = DEFAULT_DISCOVERY_PREFIX): DiscoveryTopicResult {
  const head = `${prefix}/`;
  if (!topic.startsWith(head)) {
    return fail(`Topic '${topic}' does not start with the discovery prefix '${prefix}/'.`);
  }
  const levels = topic.slice(head.length).split('/');
  if (levels[levels.length - 1] !== 'config') {
    return fail(`Topic '${topic}' does not end with '/config'.`);
  }
  const ids = levels.slice(0, -1);
  if (ids.length < 2 || ids.length > 3) {
    return fail(
      `Topic '${topic}' must be '${prefix}/<component>/[<node_id>/]<object_id>/config' ` +
        `but has ${ids.length} level(s) between the prefix and 'config'.`,
    );
  }
  const component = ids[0] ?? '';
  if (!COMPONENT_PATTERN.test(component)) {
    return fail(`The component '${component}' in topic '${topic}' may only contain letters, digits and '_'.`);
  }
  const deviceDiscovery = component === DEVICE_DISCOVERY_COMPONENT;
  if (!deviceDiscovery && !SUPPORTED_COMPONENTS.has(component)) {
    return fail(`The component '${component}' in topic '${topic}' is not an MQTT platform Home Assistant supports.`);
  }
  const nodeId = ids.length === 3 ? ids[1] : undefined;
  const objectId = ids[ids.length - 1] ?? '';
  if (nodeId !== undefined && !ID_PATTERN.test(nodeId)) {
    return fail(`The node_id '${nodeId}' in topic '${topic}' may only contain the characters [a-zA-Z0-9_-].`);
  }
  if (!ID_PATTERN.test(objectId)) {
    return fail(`The object_id '${objectId}' in topic '${topic}' may only contain the characters [a-zA-Z0-9_-].`);
  }
  return {
    ok: true,
    prefix,
    component,
    ...(nodeId === undefined ? {} : { nodeId }),
    objectId,
    discoveryId: discoveryIdOf(nodeId, objectId),
    deviceDiscovery,
  };
}

/** Builds a discovery config topic (the inverse of {@link parseDiscoveryTopic}). */
export function buildDiscoveryTopic(
  component: string,
  objectId: string,
  nodeId?: string,
  prefix: string = DEFAULT_DISCOVERY_PREFIX,
): string {
  return nodeId === undefined
    ? `${prefix}/${component}/${objectId}/config`
    : `${prefix}/${component}/${nodeId}/${objectId}/config`;
}
