// MQTT topic names and topic filters: matching a filter against a topic, and what makes a topic to publish
// to or a filter to subscribe with valid. The one copy of these rules: the message router, the MQTT
// connection, the topic index, the MCP tools and the discovery platforms all use it.
// Section numbers are those of MQTT 3.1.1 (OASIS, 2014) and MQTT 5.0 (OASIS, 2019), which keeps these rules.

/** The most UTF-8 bytes a topic name or filter may have (MQTT 3.1.1 §1.5.3, §4.7.3; MQTT 5 §1.5.4, §4.7.3). */
export const MAX_TOPIC_BYTES = 65_535;

const SLASH = 0x2f;
const PLUS = 0x2b;
const HASH = 0x23;
const DOLLAR = 0x24;
/** a UTF-16 surrogate not part of a pair (with the u flag, a pair is one code point and does not match) */
const LONE_SURROGATE = /[\uD800-\uDFFF]/u;

/**
 * Whether a topic is one of the broker's own (`$SYS/...`): a filter whose first level is a wildcard
 * (`#`, `+/...`) never matches a topic starting with `$`; only a filter starting with `$` does
 * (MQTT 3.1.1 §4.7.2 [MQTT-4.7.2-1]; MQTT 5 §4.7.2).
 */
export function isDollarTopic(topic: string): boolean {
  return topic.charCodeAt(0) === DOLLAR;
}

/**
 * Whether a filter matches a topic: `+` stands for exactly one level (an empty one too), `#` as the last level
 * for its parent level and any number of levels below (`sport/#` matches `sport`), other levels match
 * themselves exactly (MQTT 3.1.1 §4.7.1.2, §4.7.1.3, §4.7.2; MQTT 5 §4.7.1.2, §4.7.1.3, §4.7.2).
 * Scans both strings in place, allocating nothing; the filter should be valid (see `isValidFilter`).
 */
export function topicMatches(filter: string, topic: string): boolean {
  if (filter === topic) return true;
  const first = filter.charCodeAt(0);
  if ((first === HASH || first === PLUS) && isDollarTopic(topic)) return false;
  const filterEnd = filter.length;
  const topicEnd = topic.length;
  // f and t: where the current level starts; t > topicEnd once the topic has no level left
  let f = 0;
  let t = 0;
  for (;;) {
    let fl = filter.indexOf('/', f);
    if (fl < 0) fl = filterEnd;
    const length = fl - f;
    const single = length === 1 ? filter.charCodeAt(f) : -1;
    if (single === HASH) return true;
    if (t > topicEnd) return false;
    let tl = topic.indexOf('/', t);
    if (tl < 0) tl = topicEnd;
    if (single !== PLUS && !sameLevel(filter, f, topic, t, length, tl - t)) return false;
    f = fl + 1;
    t = tl + 1;
    if (f > filterEnd) return t > topicEnd;
  }
}

function sameLevel(a: string, from: number, b: string, at: number, length: number, bLength: number): boolean {
  if (length !== bLength) return false;
  for (let i = 0; i < length; i++) if (a.charCodeAt(from + i) !== b.charCodeAt(at + i)) return false;
  return true;
}

/**
 * `topicMatches` over a filter and a topic already split at `/` into their levels: the router splits each
 * filter once and each incoming message's topic once, then tries every wildcard filter. Allocates nothing.
 * (MQTT 3.1.1 §4.7.1.2, §4.7.1.3, §4.7.2; MQTT 5 §4.7.1.2, §4.7.1.3, §4.7.2.)
 */
export function levelsMatch(filterLevels: readonly string[], topicLevels: readonly string[]): boolean {
  const first = filterLevels[0];
  if ((first === '#' || first === '+') && topicLevels[0]?.charCodeAt(0) === DOLLAR) return false;
  for (let i = 0; i < filterLevels.length; i++) {
    const level = filterLevels[i];
    if (level === '#') return true;
    if (i >= topicLevels.length) return false;
    if (level !== '+' && level !== topicLevels[i]) return false;
  }
  return filterLevels.length === topicLevels.length;
}

/**
 * `levelsMatch` against the topic as it came, walked level by level in place: the router asks this of every
 * wildcard filter for every message, and splitting the topic made an array and a string per level each time.
 */
export function topicMatchesLevels(filterLevels: readonly string[], topic: string): boolean {
  const first = filterLevels[0];
  if ((first === '#' || first === '+') && topic.charCodeAt(0) === DOLLAR) return false;
  /** where the topic's next level starts; -1 once its last level has been matched */
  let at = 0;
  for (let i = 0; i < filterLevels.length; i++) {
    const level = filterLevels[i] as string;
    if (level === '#') return true;
    if (at < 0) return false;
    const slash = topic.indexOf('/', at);
    const end = slash < 0 ? topic.length : slash;
    if (level !== '+' && (end - at !== level.length || !topic.startsWith(level, at))) return false;
    at = slash < 0 ? -1 : slash + 1;
  }
  return at < 0;
}

/** Whether a topic name or filter holds a wildcard character (`+` or `#`). */
export function hasWildcard(text: string): boolean {
  return text.includes('+') || text.includes('#');
}

/** What is wrong with a topic name or filter as text, before its wildcards are looked at. */
export type TopicTextProblem = 'empty' | 'too-long' | 'nul' | 'surrogate';
/** What is wrong with a topic filter. */
export type FilterProblem = TopicTextProblem | 'plus' | 'hash';

/**
 * The rules shared by topic names and filters, checked in this order: well-formed UTF-16 (a lone surrogate
 * has no UTF-8 encoding), at least one character, at most 65,535 bytes of UTF-8, no U+0000
 * (MQTT 3.1.1 §1.5.3 [MQTT-1.5.3-1], [MQTT-1.5.3-2], §4.7.3 [MQTT-4.7.3-1..3]; MQTT 5 §1.5.4, §4.7.3).
 */
export function topicTextProblem(text: string): TopicTextProblem | undefined {
  if (LONE_SURROGATE.test(text)) return 'surrogate';
  if (text.length === 0) return 'empty';
  // every UTF-16 unit takes 1 to 3 UTF-8 bytes: count them only when it could matter
  if (text.length * 3 > MAX_TOPIC_BYTES && Buffer.byteLength(text) > MAX_TOPIC_BYTES) return 'too-long';
  return text.includes('\u0000') ? 'nul' : undefined;
}

/**
 * What is wrong with a subscription filter, if anything: besides the text rules, `+` must fill a whole
 * level (`sport+` is invalid) and `#` must be a whole level and the last one (`sport/tennis#` and
 * `sport/#/ranking` are invalid). `+` is checked first, as Home Assistant does
 * (MQTT 3.1.1 §4.7.1.2 [MQTT-4.7.1-2], §4.7.1.3 [MQTT-4.7.1-3], §4.7.3; MQTT 5 §4.7.1.2, §4.7.1.3, §4.7.3).
 */
export function filterProblem(filter: string): FilterProblem | undefined {
  const text = topicTextProblem(filter);
  if (text !== undefined) return text;
  const last = filter.length - 1;
  for (let i = filter.indexOf('+'); i >= 0; i = filter.indexOf('+', i + 1)) {
    const alone = (i === 0 || filter.charCodeAt(i - 1) === SLASH) && (i === last || filter.charCodeAt(i + 1) === SLASH);
    if (!alone) return 'plus';
  }
  const hash = filter.indexOf('#');
  if (hash >= 0 && (hash !== last || (hash > 0 && filter.charCodeAt(hash - 1) !== SLASH))) return 'hash';
  return undefined;
}

/** A valid subscription filter (see `filterProblem`; MQTT 3.1.1 §4.7.1, §4.7.3; MQTT 5 §4.7.1, §4.7.3). */
export function isValidFilter(filter: string): boolean {
  return filterProblem(filter) === undefined;
}

/**
 * A valid topic name to publish to: the text rules, and no wildcard characters at all
 * (MQTT 3.1.1 §3.3.2.1 [MQTT-3.3.2-2], §4.7.1 [MQTT-4.7.1-1], §4.7.3; MQTT 5 §3.3.2.1, §4.7.1, §4.7.3).
 */
export function isValidPublishTopic(topic: string): boolean {
  return topicTextProblem(topic) === undefined && !hasWildcard(topic);
}

const PROBLEM_TEXT: Readonly<Record<FilterProblem | 'wildcard', string>> = {
  empty: 'it is empty',
  'too-long': `it is longer than ${MAX_TOPIC_BYTES} bytes of UTF-8`,
  nul: 'it contains the character U+0000',
  surrogate: 'it is not valid Unicode (a lone surrogate)',
  plus: "'+' must be a whole level",
  hash: "'#' must be a whole level and the last one",
  wildcard: 'a topic to publish to cannot contain + or #',
};

/** Why `topic` cannot be published to, in words (undefined when it can). */
export function publishTopicProblemText(topic: string): string | undefined {
  const problem = topicTextProblem(topic) ?? (hasWildcard(topic) ? 'wildcard' : undefined);
  return problem === undefined ? undefined : PROBLEM_TEXT[problem];
}

/** Why `filter` cannot be subscribed with, in words (undefined when it can). */
export function filterProblemText(filter: string): string | undefined {
  const problem = filterProblem(filter);
  return problem === undefined ? undefined : PROBLEM_TEXT[problem];
}
