/**
 * Regular expressions a discovery config hands Switchyard to run on user input (a lock's `code_format` checks the
 * code of every lock/unlock/open) are checked before the entity is set up: one with nested quantifiers
 * (`(a+)+$`) can take exponential time on a crafted code and stall every device (issue 21). safe-regex2 (the
 * check fastify's router uses) measures the pattern's star height.
 */
import safeRegex from 'safe-regex2';

/** Config keys whose value is a pattern run on user input, by platform. */
const PATTERN_KEYS: Readonly<Record<string, readonly string[]>> = { lock: ['code_format'] };

/** Why the config's patterns cannot be run safely, or undefined. */
export function unsafePatternProblem(domain: string, config: Readonly<Record<string, unknown>>): string | undefined {
  for (const key of PATTERN_KEYS[domain] ?? []) {
    const pattern = config[key];
    if (typeof pattern === 'string' && !safeRegex(pattern))
      return `${key} '${pattern.slice(0, 100)}' can take exponential time to match (nested repetition); not set up`;
  }
  return undefined;
}
