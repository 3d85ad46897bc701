// Webhooks: a request to `/api/webhook/<webhook_id>` fires the webhook triggers armed with that id, answered as Home
// Assistant answers it (`automations/triggers/webhook-registry.ts`); and the list of registered webhooks with what
// was received (Home Assistant's `webhook/list`, plus counters so unknown ids are never silent).
import { z } from 'zod';
import type { WebhookRegistry } from '../automations/triggers/webhook-registry.js';

export interface WebhookDeps {
  /** the armed webhook triggers; without it every id is unknown */
  readonly webhooks?: WebhookRegistry | undefined;
}

export const HandleWebhookInput = z.object({
  webhook_id: z.string().min(1).max(255),
  method: z.string().min(1).max(16),
  /** the caller's address, as the socket reports it */
  remote: z.string().max(64).optional(),
  content_type: z.string().max(255).default(''),
  body: z.string().default(''),
  query: z.record(z.string(), z.string()).default({}),
  headers: z.record(z.string(), z.string()).default({}),
});

export const HandleWebhookOutput = z.object({
  status: z.union([z.literal(200), z.literal(405)]),
  outcome: z.enum(['handled', 'unknown', 'head', 'method_not_allowed', 'not_local', 'error']),
});

export function handleWebhook(
  deps: WebhookDeps,
  input: z.input<typeof HandleWebhookInput>,
): z.output<typeof HandleWebhookOutput> {
  const args = HandleWebhookInput.parse(input);
  const request = {
    method: args.method.toUpperCase(),
    remote: args.remote,
    contentType: args.content_type,
    body: args.body,
    query: args.query,
    headers: args.headers,
  };
  if (!deps.webhooks) return { status: 200, outcome: 'unknown' };
  return deps.webhooks.handle(args.webhook_id, request);
}

export const ListWebhooksOutput = z.object({
  webhooks: z.array(
    z.object({
      webhook_id: z.string(),
      allowed_methods: z.array(z.string()),
      local_only: z.boolean(),
      triggers: z.number().int().describe('how many armed triggers share the id'),
    }),
  ),
  received: z.number().int(),
  counts: z.record(z.string(), z.number().int()).describe('requests by outcome (unknown, not_local, handled, …)'),
  unknown_ids: z.record(z.string(), z.number().int()).describe('ids nobody registered, with how often (latest 50)'),
});

export function listWebhooks(deps: WebhookDeps): z.output<typeof ListWebhooksOutput> {
  const stats = deps.webhooks?.stats();
  return {
    webhooks: deps.webhooks?.list() ?? [],
    received: stats?.received ?? 0,
    counts: { ...(stats?.counts ?? {}) },
    unknown_ids: { ...(stats?.unknown_ids ?? {}) },
  };
}
