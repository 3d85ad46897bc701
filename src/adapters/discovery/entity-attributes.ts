// A discovered entity's attributes: the ones its config shows (as Home Assistant shows them), and how a message's
// attributes join the ones it has — the keys of a json_attributes message replace those the one before set, as
// Home Assistant replaces an entity's JSON attributes whole, so they cannot pile up over messages (issue 21).
import type { Attributes } from '../../core/state.js';
import type { BaseConfig, PlatformModule, StateUpdate } from '../../protocol/ha-discovery/components/index.js';

/** Config keys Home Assistant shows as state attributes when the entity has them. */
const CAPABILITY_ATTRIBUTES = [
  'device_class',
  'unit_of_measurement',
  'state_class',
  'icon',
  'options',
  'min',
  'max',
  'step',
  'mode',
  'min_temp',
  'max_temp',
  'temp_step',
  'modes',
  'fan_modes',
  'preset_modes',
  'swing_modes',
  'event_types',
  'supported_color_modes',
  'effect_list',
  'min_kelvin',
  'max_kelvin',
  'entity_category',
] as const;

/** no keys: one array for every entity whose JSON attributes set none */
export const NO_KEYS: readonly string[] = Object.freeze([]);

/** The attributes an entity's config gives it (capabilities, friendly name, picture). */
export function staticAttributes(
  config: BaseConfig,
  platform: PlatformModule<BaseConfig>,
  entityId: string,
  friendlyName: string | null,
): Attributes {
  const raw = config as unknown as Record<string, unknown>;
  // a plain loop: this runs for each of thousands of entities in a discovery storm
  const out: Record<string, unknown> = {};
  for (const k of CAPABILITY_ATTRIBUTES) {
    const v = raw[k];
    if (v !== undefined && v !== null) out[k] = v;
  }
  if (friendlyName) out.friendly_name = friendlyName;
  // where Home Assistant shows its camera/image proxy, Switchyard serves the picture (unless the config names one)
  if (platform.binary && raw['entity_picture'] === undefined) out.entity_picture = `/api/entities/${entityId}/image`;
  return out;
}

/**
 * The attributes after `update`: merged into `current`, except that the keys the last JSON attributes set
 * (`lastJson`) and this update does not set again are gone when the update carries JSON attributes.
 */
export function nextAttributes(
  current: Readonly<Record<string, unknown>>,
  update: StateUpdate,
  lastJson: readonly string[],
): Readonly<Record<string, unknown>> {
  if (!update.attributes) return current;
  const next: Record<string, unknown> = { ...current, ...update.attributes };
  if (update.jsonKeys !== undefined)
    for (const key of lastJson) if (!Object.hasOwn(update.attributes, key)) delete next[key];
  return next;
}

/** `keys` unless it equals `before` (then `before`, so an entity keeps one array while its keys stay the same) */
export function sameKeys(before: readonly string[], keys: readonly string[]): readonly string[] {
  if (keys.length === 0) return NO_KEYS;
  if (before.length !== keys.length) return keys;
  for (let i = 0; i < keys.length; i++) if (before[i] !== keys[i]) return keys;
  return before;
}
