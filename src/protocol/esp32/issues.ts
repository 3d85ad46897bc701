/**
 * Turns zod issues into the reasons the protocol promises: `<field path>: <problem>`, e.g.
 * `sensors[1].id: duplicate id 'temp'` or `uptime_s: expected integer, got string`.
 * The wording is part of the contract only as far as the vectors' `reason_contains` go.
 */
import type { z } from 'zod';

/** At most this many problems are listed in one reason; the rest are counted. */
const MAX_LISTED = 4;

export function fieldPath(path: readonly PropertyKey[]): string {
  let out = '';
  for (const part of path) {
    if (typeof part === 'number') out += `[${part}]`;
    else out += out === '' ? String(part) : `.${String(part)}`;
  }
  return out === '' ? 'payload' : out;
}

export function describeValue(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'array';
  if (typeof value === 'string') return value.length > 40 ? `string '${value.slice(0, 37)}...'` : `'${value}'`;
  if (typeof value === 'number') return Number.isInteger(value) ? `integer ${value}` : `number ${value}`;
  return typeof value;
}

function typeName(expected: string): string {
  if (expected === 'int') return 'integer';
  if (expected === 'object') return 'object';
  return expected;
}

function literal(value: unknown): string {
  return typeof value === 'string' ? `'${value}'` : String(value);
}

function problemOf(issue: z.core.$ZodIssue): string {
  const input = (issue as { input?: unknown }).input;
  switch (issue.code) {
    case 'invalid_type':
      if (input === undefined) return 'missing required field';
      return `expected ${typeName(issue.expected)}, got ${describeValue(input)}`;
    case 'invalid_value': {
      const allowed = issue.values.map(literal).join(' | ');
      const what = issue.values.length === 1 ? allowed : `one of ${allowed}`;
      return input === undefined ? 'missing required field' : `expected ${what}, got ${describeValue(input)}`;
    }
    case 'too_big':
    case 'too_small': {
      const bound = String(issue.code === 'too_big' ? issue.maximum : issue.minimum);
      const word = issue.code === 'too_big' ? 'at most' : 'at least';
      if (issue.origin === 'array')
        return `${word} ${bound} entries allowed, got ${Array.isArray(input) ? input.length : '?'}`;
      if (issue.origin === 'string' && issue.code === 'too_small' && Number(issue.minimum) === 1)
        return 'must not be empty';
      if (issue.origin === 'string')
        return `${word} ${bound} characters allowed, got ${typeof input === 'string' ? input.length : '?'}`;
      const cmp = issue.code === 'too_big' ? (issue.inclusive ? '<=' : '<') : issue.inclusive ? '>=' : '>';
      return `out of range: must be ${cmp} ${bound}, got ${String(input)}`;
    }
    case 'invalid_union':
      if (issue.discriminator !== undefined) {
        const discriminator = issue.discriminator;
        const value =
          input !== null && typeof input === 'object' ? (input as Record<string, unknown>)[discriminator] : undefined;
        if (value === undefined) return 'missing required field';
        const options = ('options' in issue ? (issue.options ?? []) : []).map(literal).join(' | ');
        return `unknown value ${describeValue(value)} (expected one of ${options})`;
      }
      return issue.message;
    default:
      return issue.message;
  }
}

/** One line naming every problem (the first few) with its field path. */
export function formatIssues(issues: readonly z.core.$ZodIssue[]): string {
  const lines = issues.slice(0, MAX_LISTED).map((issue) => `${fieldPath(issue.path)}: ${problemOf(issue)}`);
  const more = issues.length - MAX_LISTED;
  return more > 0 ? `${lines.join('; ')}; and ${more} more` : lines.join('; ');
}
