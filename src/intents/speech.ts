/** What the engine says: the file's response texts with their `{placeholders}` filled in. */
import type { Target } from './home-index.js';
import type { Responses } from './schema.js';

/** Fills `{name}` placeholders from `values`; unknown ones stay as written. */
export const fill = (text: string, values: Readonly<Record<string, string | number>>): string =>
  text.replace(/\{([a-z_]+)\}/g, (whole, k: string) => (Object.hasOwn(values, k) ? String(values[k]) : whole));

/** "A", "A and B", "A, B and C" (the file's word for "and" or "or"); more than `max`: the file's `many`. */
export function joined(responses: Responses, items: readonly string[], word: 'and' | 'or', max = 4): string {
  if (items.length > max) return fill(responses.many, { count: items.length });
  if (items.length <= 1) return items[0] ?? '';
  return `${items.slice(0, -1).join(', ')} ${responses[word]} ${items[items.length - 1]}`;
}

export const names = (targets: readonly Target[]): string[] => targets.map((t) => t.name);
