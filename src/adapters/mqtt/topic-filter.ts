/** MQTT topic filter matching (`+` one level, `#` the rest), per MQTT 3.1.1 §4.7. */
export function topicMatches(filter: string, topic: string): boolean {
  if (filter === topic) return true;
  return levelsMatch(filter.split('/'), topic.split('/'));
}

/**
 * The same match over filter and topic already split into levels (the router splits each filter once
 * and each incoming topic once, instead of once per filter per message).
 */
export function levelsMatch(f: readonly string[], t: readonly string[]): boolean {
  // $-topics are never matched by a filter starting with a wildcard
  if ((f[0] === '+' || f[0] === '#') && t[0]?.startsWith('$') === true) return false;
  for (let i = 0; i < f.length; i++) {
    const part = f[i];
    if (part === '#') return true;
    if (i >= t.length) return false;
    if (part !== '+' && part !== t[i]) return false;
  }
  return f.length === t.length;
}

/** A valid subscription filter: `#` only last and alone in its level, `+` alone in its level. */
export function isValidFilter(filter: string): boolean {
  if (filter.length === 0 || Buffer.byteLength(filter) > 65535 || filter.includes('\u0000')) return false;
  const levels = filter.split('/');
  return levels.every((level, i) => {
    if (level.includes('#')) return level === '#' && i === levels.length - 1;
    if (level.includes('+')) return level === '+';
    return true;
  });
}

/** A valid topic to publish to: non-empty, no wildcards, no NUL. */
export function isValidPublishTopic(topic: string): boolean {
  return topic.length > 0 && Buffer.byteLength(topic) <= 65535 && !/[+#\u0000]/.test(topic);
}
