/**
 * The `webhook` trigger as Home Assistant validates it (`components/webhook/trigger.py` TRIGGER_SCHEMA): webhook_id
 * (text, may be a template), allowed_methods (one or more of GET, HEAD, POST, PUT, any case, no repeats; default
 * POST and PUT) and local_only (a boolean; default true).
 */
import { z } from 'zod';
import { SUPPORTED_METHODS } from '../triggers/webhook-registry.js';
import { describeValue, report, variant } from './fields.js';
import { haBoolean, haString, idText, variablesSchema } from './values.js';

const methods = z.unknown().transform((v, ctx): string[] => {
  const items = Array.isArray(v) ? v : [v];
  const out: string[] = [];
  items.forEach((item, i) => {
    const at = Array.isArray(v) ? [i] : [];
    const method = typeof item === 'string' ? item.toUpperCase() : undefined;
    if (method === undefined || !(SUPPORTED_METHODS as readonly string[]).includes(method))
      report(ctx, `expected one of ${SUPPORTED_METHODS.join(', ')}, got ${describeValue(item)}`, at);
    else if (out.includes(method)) report(ctx, `'${method}' is listed twice`, at);
    else out.push(method);
  });
  if (items.length === 0) report(ctx, 'needs at least one method');
  return out;
});

const strictBoolean = z.unknown().transform((v, ctx): boolean => {
  if (typeof v === 'boolean') return v;
  report(ctx, `expected true or false, got ${describeValue(v)}`);
  return z.NEVER;
});

export const webhookTrigger = variant(
  'webhook trigger',
  {
    id: idText.optional(),
    alias: haString.optional(),
    enabled: haBoolean.default(true),
    variables: variablesSchema.optional(),
    trigger: z.literal('webhook'),
    webhook_id: haString.refine((id) => id.trim() !== '', 'a webhook id cannot be empty'),
    allowed_methods: methods.optional(),
    local_only: strictBoolean.optional(),
  },
  (s) => s,
);
