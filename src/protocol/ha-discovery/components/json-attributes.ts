/**
 * What a `json_attributes_topic` message may set (MqttAttributesMixin._attributes_message_received), bounded as
 * Home Assistant bounds attributes (issue 21). Home Assistant replaces an entity's JSON attributes with each
 * message's object, leaving out MQTT_ATTRIBUTES_BLOCKED and the platform's blocked names, and keeps the ones
 * before when the message is not JSON ("Erroneous JSON") or not an object ("JSON result was not a dictionary").
 * Its state machine keeps whatever size comes; its recorder does not: a state whose attributes take more than
 * MAX_STATE_ATTRS_BYTES (16,384 bytes of JSON) is stored with none ("State attributes for … exceed maximum size
 * of 16384 bytes … will not be stored"), and its JSON library (orjson) cannot write containers nested more than
 * 255 deep, so such attributes could never be recorded or shown. Switchyard keeps only what Home Assistant could
 * record, and says what it left out:
 * - not JSON, not an object, or nested deeper than 255 levels: refused whole, the attributes before kept;
 * - more than 16,384 bytes of JSON: cut to the keys that fit, in order (a key too large is skipped, smaller ones
 *   after it may still fit), with the keys left out named. (Messages over 256 KiB never get here: the entity
 *   refuses them first, discovered-entity.ts.)
 * A message within the bounds costs what it did before: the size is read off the text, the depth is scanned
 * only in a text long enough to nest that deep, and nothing is measured key by key.
 */
import { isJsonObject } from '../abbreviations.js';

/** Home Assistant's recorder: MAX_STATE_ATTRS_BYTES */
export const MAX_ATTRIBUTES_BYTES = 16_384;
/** orjson's limit on nested containers (Home Assistant's JSON writer); V8's JSON.stringify fails a few thousand deep */
export const MAX_ATTRIBUTES_DEPTH = 255;
/** the keys left out that a diagnostic names */
const NAMED = 5;

export type JsonAttributes =
  | { readonly ok: true; readonly attributes: Record<string, unknown>; readonly problem?: string }
  | { readonly ok: false; readonly problem: string };

/** The attributes a json_attributes message sets, or why it sets none. */
export function readJsonAttributes(text: string, blocked: ReadonlySet<string>): JsonAttributes {
  // a text shorter than 2 × the limit cannot nest deeper than it
  if (text.length > 2 * MAX_ATTRIBUTES_DEPTH && deeperThan(text, MAX_ATTRIBUTES_DEPTH)) {
    return {
      ok: false,
      problem: `json attributes refused: nested deeper than ${MAX_ATTRIBUTES_DEPTH} levels, more than Home Assistant can record or show; the attributes before are kept`,
    };
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    return {
      ok: false,
      // the payload is left out, so a device sending a different one each time is one diagnostic, logged once
      problem: 'json attributes refused: not JSON (Home Assistant: "Erroneous JSON"); the attributes before are kept',
    };
  }
  if (!isJsonObject(parsed)) {
    return {
      ok: false,
      problem:
        'json attributes refused: the JSON is not an object (Home Assistant: "JSON result was not a dictionary"); the attributes before are kept',
    };
  }
  const entries = Object.entries(parsed).filter(([k]) => !blocked.has(k));
  // UTF-8 takes at most 3 bytes per UTF-16 unit: a short text needs no counting
  const bytes = text.length * 3 <= MAX_ATTRIBUTES_BYTES ? text.length : Buffer.byteLength(text, 'utf8');
  if (bytes <= MAX_ATTRIBUTES_BYTES) return { ok: true, attributes: Object.fromEntries(entries) };
  return cut(entries);
}

/** keeps the keys that fit in MAX_ATTRIBUTES_BYTES of JSON, in order; names the ones left out */
function cut(entries: [string, unknown][]): JsonAttributes {
  const kept: [string, unknown][] = [];
  const left: string[] = [];
  let size = 2; // {}
  for (const entry of entries) {
    const [key, value] = entry;
    const cost =
      Buffer.byteLength(JSON.stringify(key), 'utf8') +
      1 +
      Buffer.byteLength(JSON.stringify(value) ?? 'null', 'utf8') +
      (kept.length > 0 ? 1 : 0);
    if (size + cost <= MAX_ATTRIBUTES_BYTES) {
      kept.push(entry);
      size += cost;
    } else left.push(key);
  }
  const named = left.slice(0, NAMED).map((k) => JSON.stringify(excerpt(k)));
  const more = left.length > NAMED ? `, … (${left.length - NAMED} more)` : '';
  // no sizes in the text: a device sending a little more or less each time stays one diagnostic, logged once
  const problem =
    `json attributes cut to the ${MAX_ATTRIBUTES_BYTES} bytes of JSON Home Assistant records for a state's ` +
    `attributes: kept ${kept.length} of ${entries.length} keys, left out ${named.join(', ')}${more}`;
  return { ok: true, attributes: Object.fromEntries(kept), problem };
}

/** whether `text` (JSON) opens more than `limit` arrays or objects inside each other; brackets in strings do not count */
function deeperThan(text: string, limit: number): boolean {
  let depth = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === 0x5c)
        i++; // backslash: the next character is escaped
      else if (c === 0x22) inString = false;
    } else if (c === 0x22) inString = true;
    else if (c === 0x7b || c === 0x5b) {
      if (++depth > limit) return true;
    } else if (c === 0x7d || c === 0x5d) depth--;
  }
  return false;
}

function excerpt(text: string): string {
  return text.length > 80 ? `${text.slice(0, 80)}…` : text;
}
