// Home Assistant's checks of the topics in an MQTT entity config, as read in Home Assistant's
// homeassistant/components/mqtt/util.py (`valid_topic`, and `valid_subscribe_topic` / `valid_publish_topic`
// built on it), with its messages word for word (common-schema.ts reports them per config key).
// HA is stricter than MQTT itself (core/topic.ts): besides an empty topic, more than 65,535 bytes of UTF-8,
// text that cannot be encoded as UTF-8 and U+0000, it refuses every C0 and C1 control character
// (U+0001–U+001F, U+007F–U+009F) and every Unicode non-character (U+FDD0–U+FDEF and the last two code points
// of each plane). The first such character decides the message. In a filter every `+` is checked before `#`.
import { filterProblem, hasWildcard, topicTextProblem } from '../../core/topic.js';

/** the characters HA refuses, found from the left (`\p{Noncharacter_Code_Point}` is exactly HA's set) */
// biome-ignore lint/suspicious/noControlCharactersInRegex: the control characters Home Assistant's valid_topic refuses
const REFUSED_CHAR = /[\0-\x1F\x7F-\x9F]|\p{Noncharacter_Code_Point}/u;

const TEXT_RULES = {
  surrogate: 'MQTT topic name/filter must be valid UTF-8 string.',
  empty: 'MQTT topic name/filter must not be empty.',
  'too-long': 'MQTT topic name/filter must not be longer than 65535 encoded bytes.',
} as const;

/** HA's `valid_topic`: what it says about a topic name or filter as text, or undefined when it accepts it. */
export function topicTextError(topic: string): string | undefined {
  const problem = topicTextProblem(topic);
  // a NUL is reported where HA's character loop meets it, which may be after a control character
  if (problem !== undefined && problem !== 'nul') return TEXT_RULES[problem];
  const char = REFUSED_CHAR.exec(topic)?.[0].codePointAt(0);
  if (char === undefined) return undefined;
  if (char === 0) return 'MQTT topic name/filter must not contain null character.';
  if (char <= 0x9f) return 'MQTT topic name/filter must not contain control characters.';
  return 'MQTT topic name/filter must not contain non-characters.';
}

/** HA's `valid_subscribe_topic`: the text rules, `+` alone in its level, `#` alone in the last level. */
export function subscribeTopicError(topic: string): string | undefined {
  const text = topicTextError(topic);
  if (text !== undefined) return text;
  const problem = filterProblem(topic);
  if (problem === 'plus') return 'Single-level wildcard must occupy an entire level of the filter';
  if (problem !== 'hash') return undefined;
  // HA looks at the first `#`: not the last character (a second `#` too), or not after a `/`
  return topic.indexOf('#') === topic.length - 1
    ? 'Multi-level wildcard must be after a topic level separator.'
    : 'Multi-level wildcard must be the last character in the topic filter.';
}

/** HA's `valid_publish_topic`: the text rules and no wildcard character at all. */
export function publishTopicError(topic: string): string | undefined {
  return topicTextError(topic) ?? (hasWildcard(topic) ? 'Wildcards cannot be used in topic names' : undefined);
}
