/**
 * Discovery payload parsing as HA's discovery.py does it: size bound, UTF-8 + JSON object only, empty
 * payload = removal, `migrate_discovery`, abbreviation expansion, origin check, device-based discovery
 * (validated root, `cmps` split into per-component configs with the shared options merged in) and the
 * `~` base topic per component config. Errors are returned as values, never thrown.
 */
import { isUtf8 } from 'node:buffer';
import { z } from 'zod';
import { applyTopicBase, expandAbbreviations, isJsonObject, type JsonObject } from './abbreviations.js';
import {
  availabilityShape,
  checkAvailabilityExclusive,
  deviceSchema,
  formatIssues,
  haString,
  originSchema,
  positiveInt,
  publishTopic,
  qosSchema,
  subscribeTopic,
} from './common-schema.js';
import { discoveryIdOf, SUPPORTED_COMPONENTS, type DiscoveryTopic } from './discovery-topic.js';

/** Root options of a device payload that every component inherits unless it sets them itself (SHARED_OPTIONS). */
export const SHARED_OPTIONS: readonly string[] = [
  'availability',
  'availability_mode',
  'availability_template',
  'availability_topic',
  'command_topic',
  'encoding',
  'message_expiry_interval',
  'payload_available',
  'payload_not_available',
  'qos',
  'state_topic',
];

export interface DiscoveredComponent {
  /** Platform, e.g. 'sensor' (for device payloads: the entry's `platform`/`p`). */
  readonly component: string;
  readonly nodeId?: string;
  readonly objectId: string;
  /** HA's discovery id; `(component, discoveryId)` identifies the item. */
  readonly discoveryId: string;
  /** Expanded config with `~` applied, or null when a device payload lists the component with only `p` (remove it). */
  readonly config: JsonObject | null;
}

export type DiscoveryPayloadResult =
  /** Empty payload: remove the item, or for a device topic every component discovered from it. */
  | { readonly ok: true; readonly kind: 'remove' }
  /** `{"migrate_discovery": true}`: unload the item(s) but keep their registry entries. */
  | { readonly ok: true; readonly kind: 'migrate' }
  | { readonly ok: true; readonly kind: 'discovered'; readonly components: readonly DiscoveredComponent[] }
  | { readonly ok: false; readonly reason: string };

const fail = (reason: string): DiscoveryPayloadResult => ({ ok: false, reason });

const componentEntry = z.looseObject({
  platform: haString.refine((p) => SUPPORTED_COMPONENTS.has(p), 'expected a platform Home Assistant supports'),
});

/** DEVICE_DISCOVERY_SCHEMA: strict root (voluptuous' default PREVENT_EXTRA). */
const deviceDiscoverySchema = z
  .strictObject({
    ...availabilityShape,
    device: deviceSchema,
    origin: originSchema,
    components: z.record(z.string(), componentEntry),
    state_topic: subscribeTopic.optional(),
    command_topic: publishTopic.optional(),
    qos: qosSchema.optional(),
    encoding: haString.optional(),
    message_expiry_interval: positiveInt.optional(),
  })
  .superRefine(checkAvailabilityExclusive);

function decode(raw: Buffer | string, maxBytes: number): string | DiscoveryPayloadResult {
  const size = typeof raw === 'string' ? Buffer.byteLength(raw) : raw.length;
  if (size > maxBytes) return fail(`Discovery payload is ${size} bytes, more than the limit of ${maxBytes} bytes.`);
  if (typeof raw === 'string') return raw;
  // checked first, then decoded: cheaper than a fatal TextDecoder per message in a storm of thousands
  if (!isUtf8(raw)) return fail('Discovery payload is not valid UTF-8.');
  const text = raw.toString('utf8');
  // a leading byte order mark is dropped, as TextDecoder does
  return text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
}

/** HA's `_async_process_discovery_migration`: exactly `{"migrate_discovery": true}` (or `migr_discvry`). */
function isMigration(payload: JsonObject): boolean {
  const keys = Object.keys(payload);
  if (keys.length !== 1) return false;
  const key = keys[0];
  return (key === 'migrate_discovery' || key === 'migr_discvry') && payload[key] === true;
}

function singleComponent(topic: DiscoveryTopic, payload: JsonObject): DiscoveryPayloadResult {
  const expanded = expandAbbreviations(payload);
  if ('origin' in expanded) {
    const origin = originSchema.safeParse(expanded.origin);
    if (!origin.success) {
      return fail(
        `Unable to parse origin information from discovery message: ${formatIssues(origin.error.issues)} (in 'origin').`,
      );
    }
  }
  const component: DiscoveredComponent = {
    component: topic.component,
    ...(topic.nodeId === undefined ? {} : { nodeId: topic.nodeId }),
    objectId: topic.objectId,
    discoveryId: topic.discoveryId,
    config: applyTopicBase(expanded),
  };
  return { ok: true, kind: 'discovered', components: [component] };
}

function deviceComponents(topic: DiscoveryTopic, payload: JsonObject): DiscoveryPayloadResult {
  const root = expandAbbreviations(payload);
  const checked = deviceDiscoverySchema.safeParse(root);
  if (!checked.success) {
    return fail(
      `Invalid MQTT device discovery payload for '${topic.objectId}': ${formatIssues(checked.error.issues)}.`,
    );
  }
  const components: DiscoveredComponent[] = [];
  for (const [id, entry] of Object.entries(root.components as Record<string, JsonObject>)) {
    const { platform, ...rest } = entry;
    const objectId = topic.nodeId === undefined ? id : `${topic.nodeId} ${id}`;
    let config: JsonObject | null = null;
    if (Object.keys(rest).length > 0) {
      const merged: JsonObject = { ...rest, device: root.device, origin: root.origin };
      for (const option of SHARED_OPTIONS) {
        if (option in root && !(option in merged)) merged[option] = root[option];
      }
      config = applyTopicBase(merged);
    }
    components.push({
      component: String(platform),
      nodeId: topic.objectId,
      objectId,
      discoveryId: discoveryIdOf(topic.objectId, objectId),
      config,
    });
  }
  return { ok: true, kind: 'discovered', components };
}

/**
 * Parses the payload of a discovery topic (see parseDiscoveryTopic). `maxBytes` bounds the raw size.
 * Only a JSON object is accepted; an empty payload means removal.
 */
export function parseDiscoveryPayload(
  topic: DiscoveryTopic,
  raw: Buffer | string,
  maxBytes: number,
): DiscoveryPayloadResult {
  const text = decode(raw, maxBytes);
  if (typeof text !== 'string') return text;
  if (text === '') return { ok: true, kind: 'remove' };
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (err) {
    return fail(`Discovery payload is not valid JSON: ${(err as Error).message}.`);
  }
  if (!isJsonObject(parsed)) {
    const what = Array.isArray(parsed) ? 'an array' : parsed === null ? 'null' : `a ${typeof parsed}`;
    return fail(`Discovery payload must be a JSON object, got ${what}.`);
  }
  if (isMigration(parsed)) return { ok: true, kind: 'migrate' };
  return topic.deviceDiscovery ? deviceComponents(topic, parsed) : singleComponent(topic, parsed);
}
