/**
 * Abbreviation expansion and the `~` base-topic rule of HA MQTT discovery
 * (homeassistant/components/mqtt/discovery.py `_replace_all_abbreviations`, `_replace_topic_base`).
 *
 * Only keys are expanded, never values. Full and abbreviated keys may be mixed; when both spellings of
 * one key are present the abbreviated one wins, as in HA (it pops the short key and assigns the long one).
 * Every function here returns new objects and never mutates its input.
 */
import {
  ABBREVIATIONS,
  DEVICE_ABBREVIATIONS,
  LEGACY_ABBREVIATIONS,
  ORIGIN_ABBREVIATIONS,
} from './abbreviation-tables.js';

export { ABBREVIATIONS, DEVICE_ABBREVIATIONS, LEGACY_ABBREVIATIONS, ORIGIN_ABBREVIATIONS };

export type JsonObject = Record<string, unknown>;

/** Current table plus the keys only older HA releases knew (current wins on a clash). */
export const ENTITY_ABBREVIATIONS: Readonly<Record<string, string>> = Object.freeze({
  ...LEGACY_ABBREVIATIONS,
  ...ABBREVIATIONS,
});

export const TOPIC_BASE_KEY = '~';

export function isJsonObject(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

// Each table as a Map: a lookup in a Map is several times cheaper than Object.hasOwn on a large frozen
// object, and every key of every config of a discovery storm is looked up.
const tableMaps = new WeakMap<object, ReadonlyMap<string, string>>();
function mapOf(table: Readonly<Record<string, string>>): ReadonlyMap<string, string> {
  let map = tableMaps.get(table);
  if (!map) {
    map = new Map(Object.entries(table));
    tableMaps.set(table, map);
  }
  return map;
}

/** Expands the keys of one object with one table; non-objects are returned unchanged. */
export function expandKeys(value: unknown, table: Readonly<Record<string, string>>): unknown {
  if (!isJsonObject(value)) return value;
  const map = mapOf(table);
  const out: JsonObject = {};
  let short: string[] | undefined;
  // Long keys first, then the abbreviated ones so that they win like in HA.
  for (const key of Object.keys(value)) {
    if (map.has(key)) {
      short ??= [];
      short.push(key);
    } else out[key] = value[key];
  }
  if (short) for (const key of short) out[map.get(key) ?? key] = value[key];
  return out;
}

function expandAvailability(value: unknown): unknown {
  // HA runs cv.ensure_list over `availability`, so a single object is expanded too (and stays an object).
  if (Array.isArray(value)) return value.map((entry) => expandKeys(entry, ENTITY_ABBREVIATIONS));
  return expandKeys(value, ENTITY_ABBREVIATIONS);
}

/**
 * Expands an entity/component config: its own keys, each `availability` entry, and — unless
 * `componentOnly` — the `device` and `origin` blocks and every entry of `components` (device discovery).
 */
export function expandAbbreviations(payload: JsonObject, componentOnly = false): JsonObject {
  const out = expandKeys(payload, ENTITY_ABBREVIATIONS) as JsonObject;
  if ('availability' in out) out.availability = expandAvailability(out.availability);
  if (componentOnly) return out;
  if ('origin' in out) out.origin = expandKeys(out.origin, ORIGIN_ABBREVIATIONS);
  if ('device' in out) out.device = expandKeys(out.device, DEVICE_ABBREVIATIONS);
  if (isJsonObject(out.components)) {
    const components: JsonObject = {};
    for (const [id, entry] of Object.entries(out.components)) {
      components[id] = isJsonObject(entry) ? expandAbbreviations(entry, true) : entry;
    }
    out.components = components;
  }
  return out;
}

/** Python's `str()` for JSON scalars, used where HA formats a value with an f-string. */
export function pyStr(value: unknown): string {
  if (typeof value === 'string') return value;
  if (value === null || value === undefined) return 'None';
  if (typeof value === 'boolean') return value ? 'True' : 'False';
  if (typeof value === 'number') return String(value);
  return JSON.stringify(value);
}

function replaceBase(value: string, base: string): string {
  // HA tests the first and the last character of the original value separately; when both are `~`
  // the second assignment wins (so a lone "~" becomes the base).
  let result = value;
  if (value.startsWith(TOPIC_BASE_KEY)) result = `${base}${value.slice(1)}`;
  if (value.endsWith(TOPIC_BASE_KEY)) result = `${value.slice(0, -1)}${base}`;
  return result;
}

/**
 * Applies the `~` rule to an already expanded config: in the value of every key ending in `topic`
 * (this includes the bare `topic` key of device triggers and tags), and in each `availability[].topic`,
 * a leading `~` is replaced by base + rest and a trailing `~` by rest + base. The `~` key is removed.
 * Configs without `~` are returned unchanged.
 */
export function applyTopicBase(config: JsonObject): JsonObject {
  if (!(TOPIC_BASE_KEY in config)) return config;
  const { [TOPIC_BASE_KEY]: rawBase, ...rest } = config;
  const base = pyStr(rawBase);
  const out: JsonObject = {};
  for (const [key, value] of Object.entries(rest)) {
    out[key] = typeof value === 'string' && value !== '' && key.endsWith('topic') ? replaceBase(value, base) : value;
  }
  const availability = out.availability;
  const fix = (entry: unknown): unknown => {
    if (!isJsonObject(entry) || typeof entry.topic !== 'string' || entry.topic === '') return entry;
    return { ...entry, topic: replaceBase(entry.topic, base) };
  };
  if (Array.isArray(availability)) out.availability = availability.map(fix);
  else if (isJsonObject(availability)) out.availability = fix(availability);
  return out;
}
