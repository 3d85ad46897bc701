// Field schemas the ESP32 bridge payloads are built from (version, ids, words, text, ranges) and their error wording.
import { z } from 'zod';
import {
  ID_PATTERN,
  ID_RULE,
  PROTOCOL_VERSION,
  REQUEST_ID_PATTERN,
  REQUEST_ID_RULE,
  WORD_PATTERN,
  WORD_RULE,
} from './limits.js';

export const MISSING = 'missing required field';
export const version = z.literal(PROTOCOL_VERSION);
const pattern = (what: string, re: RegExp, rule: string) =>
  z.string().refine((s) => re.test(s), { error: (iss) => `invalid ${what} '${String(iss.input)}' (${rule})` });
export const idSchema = pattern('id', ID_PATTERN, ID_RULE);
export const requestIdSchema = pattern('request_id', REQUEST_ID_PATTERN, REQUEST_ID_RULE);
export const word = pattern('word', WORD_PATTERN, WORD_RULE);
export const text = (max: number) => z.string().min(1).max(max);
export const finite = z.number();
export const count = z.number().int().min(0).max(Number.MAX_SAFE_INTEGER);
/** Milliseconds since the Unix epoch, sent only when the device's clock is synchronised (SNTP). */
export const timestamp = count;

type Ctx = z.core.$RefinementCtx<unknown>;

export function checkRange(
  r: { min?: number | undefined; max?: number | undefined; step?: number | undefined },
  ctx: Ctx,
): void {
  if (r.min !== undefined && r.max !== undefined && !(r.min < r.max)) {
    ctx.addIssue({
      code: 'custom',
      path: ['max'],
      message: `max (${r.max}) must be greater than min (${r.min})`,
      input: r.max,
    });
  }
  if (r.step !== undefined && !(r.step > 0)) {
    ctx.addIssue({
      code: 'custom',
      path: ['step'],
      message: `step must be greater than 0, got ${r.step}`,
      input: r.step,
    });
  }
}

/** how a wrong value is named in an error */
export function describe(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'array';
  if (typeof value === 'string') return value.length > 32 ? `a string of ${value.length} characters` : `'${value}'`;
  return typeof value;
}
