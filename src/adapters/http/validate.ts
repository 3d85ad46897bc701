import type { z } from 'zod';
import { ValidationError } from '../../core/errors.js';

/** Parses request input with a zod schema; a failure is a 400 naming each field and problem. */
export function parseInput<T>(schema: z.ZodType<T>, value: unknown, where: string): T {
  const result = schema.safeParse(value);
  if (result.success) return result.data;
  const details = result.error.issues.map((i) => `${[where, ...i.path].join('.')}: ${i.message}`);
  throw new ValidationError(details.join('; '), details);
}
