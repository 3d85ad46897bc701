/**
 * Turns zod issues into readable problems that still carry their YAML path, so the loader can point at
 * the line and column of the offending key or value.
 */
import type { z } from 'zod';
import { MISSING } from './automation.js';
import { describeValue, didYouMean, type IssueParams } from './fields.js';

export interface SchemaProblem {
  /** path of the value (or, with `key`, of the key) in the YAML document, relative to the automation */
  readonly path: readonly (string | number)[];
  /** the problem is the key itself (an unknown key): point at the key, not its value */
  readonly key: boolean;
  readonly message: string;
  readonly hint?: string;
}

const EXPECTED: Readonly<Record<string, string>> = {
  string: 'text',
  number: 'a number',
  boolean: 'true or false',
  array: 'a list',
  object: 'a mapping',
  record: 'a mapping',
};

/** `triggers[0].entity_id` */
export function pathLabel(path: readonly PropertyKey[]): string {
  return path.map((p, i) => (typeof p === 'number' ? `[${p}]` : `${i === 0 ? '' : '.'}${String(p)}`)).join('');
}

/** The path as written: drops the `[0]` of a single item that was given where a list is allowed. */
function asWritten(path: readonly (string | number)[], raw: unknown): (string | number)[] {
  const out: (string | number)[] = [];
  let node = raw;
  for (const seg of path) {
    if (typeof seg === 'number' && !Array.isArray(node)) continue;
    out.push(seg);
    node = typeof node === 'object' && node !== null ? (node as Record<string | number, unknown>)[seg] : undefined;
  }
  return out;
}

function toProblem(issue: z.core.$ZodIssue, raw: unknown): SchemaProblem {
  const path = issue.path.filter((p): p is string | number => typeof p === 'string' || typeof p === 'number');
  const last = path[path.length - 1];
  const written = asWritten(path, raw);
  const where = pathLabel(written);
  const within = pathLabel(asWritten(path.slice(0, -1), raw));
  const input = (issue as { input?: unknown }).input;
  const params = (issue.code === 'custom' ? (issue.params ?? {}) : {}) as IssueParams;
  const hint = params.hint;
  const base = { path, key: params.unknown_key !== undefined, ...(hint !== undefined ? { hint } : {}) };

  if (issue.message === MISSING || (issue.code === 'invalid_type' && input === undefined && last !== undefined)) {
    return { ...base, message: `missing required key '${String(last)}'${within ? ` in ${within}` : ''}` };
  }
  if (params.unknown_key !== undefined) {
    return { ...base, message: `${issue.message}${within ? ` (at ${within})` : ''}` };
  }
  const prefix = where ? `${where}: ` : '';
  switch (issue.code) {
    case 'invalid_type': {
      const custom = issue.message.startsWith('expected ');
      const expected = custom ? issue.message : `expected ${EXPECTED[issue.expected] ?? issue.expected}`;
      return { ...base, message: `${prefix}${expected}, got ${describeValue(input)}` };
    }
    case 'invalid_value': {
      const values = issue.values.map(String);
      const suggestion = typeof input === 'string' ? didYouMean(input, values) : undefined;
      return {
        ...base,
        message: `${prefix}expected ${values.length === 1 ? `'${values[0]}'` : `one of ${values.join(', ')}`}, got ${describeValue(input)}`,
        ...(suggestion ? { hint: suggestion } : {}),
      };
    }
    default:
      return { ...base, message: `${prefix}${issue.message}` };
  }
}

/** One problem per issue of `error`, raised while validating `raw`. */
export function schemaProblems(error: z.ZodError, raw: unknown): SchemaProblem[] {
  const seen = new Set<string>();
  const out: SchemaProblem[] = [];
  for (const issue of error.issues) {
    const problem = toProblem(issue, raw);
    const id = `${pathLabel(problem.path)}\u0000${problem.message}`;
    if (seen.has(id)) continue;
    seen.add(id);
    out.push(problem);
  }
  return out;
}
