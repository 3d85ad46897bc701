// One action on entity ids, as Home Assistant's action call (POST /api/actions/{domain}/{action}): every
// target is checked before anything is sent, then each is called in order under one context.
import { z } from 'zod';
import { createContext } from '../core/context.js';
import { NotFoundError } from '../core/errors.js';
import type { UseCaseDeps } from './deps.js';

export const CallActionParams = z.object({
  domain: z.string().regex(/^[a-z_]+$/, 'must be a domain like light or switch'),
  action: z.string().regex(/^[a-z_]+$/, 'must be an action like turn_on'),
});

export const CallActionBody = z.object({
  entity_id: z
    .union([z.string().min(1), z.array(z.string().min(1)).min(1).max(100)])
    .describe('one entity or up to 100; all are checked before anything is sent'),
  data: z
    .record(z.string(), z.unknown())
    .default({})
    .describe('action parameters, e.g. {"brightness": 128}; GET /api/entities/{entity_id} lists them under actions'),
});

export const CallActionInput = CallActionParams.extend(CallActionBody.shape);

/** core/commands.ts ActionResult, one per entity */
export const CallActionOutput = z.object({
  context_id: z.string().describe('the context of this call, as seen in traces and state changes'),
  results: z.array(
    z.object({
      entity_id: z.string(),
      action: z.string(),
      published: z
        .array(
          z.object({
            topic: z.string(),
            payload: z.string(),
            qos: z.union([z.literal(0), z.literal(1), z.literal(2)]),
            retain: z.boolean(),
          }),
        )
        .describe('the MQTT messages sent'),
      optimistic: z.boolean().describe('true when the state was set at once because the entity has no state feedback'),
      queued_until: z
        .string()
        .optional()
        .describe(
          'MQTT was not connected: the QoS 1/2 command waits for the broker until this time (ISO 8601) and is sent once it is back',
        ),
      refreshed: z
        .boolean()
        .optional()
        .describe('homeassistant.update_entity: whether a fresh value was asked for (see `how`)'),
      how: z
        .string()
        .optional()
        .describe('homeassistant.update_entity: what was done to read the value again, or why not'),
    }),
  ),
});

/** Calls `domain.action` on each entity, in order, after checking every target exists and takes actions. */
export async function callAction(
  deps: Pick<UseCaseDeps, 'commands' | 'registry'>,
  args: z.infer<typeof CallActionInput>,
  origin: string,
) {
  const ids = Array.isArray(args.entity_id) ? args.entity_id : [args.entity_id];
  const context = createContext(origin);
  const results = [];
  if (args.domain === 'homeassistant' && args.action === 'update_entity') {
    // any entity may be asked; its owner says whether it could read a fresh value
    const missing = ids.find((id) => !deps.registry.entity(id));
    if (missing) throw new NotFoundError(`no entity '${missing}'`);
    for (const id of ids) {
      const { published, ...r } = await deps.commands.refresh(id, context);
      results.push({ ...r, action: 'update_entity', published: published ?? [], optimistic: false });
    }
    return { context_id: context.id, results };
  }
  // validate every target before anything is published
  for (const id of ids) deps.commands.allowedActions(id);
  for (const entity_id of ids) {
    results.push(
      await deps.commands.execute({ domain: args.domain, action: args.action, entity_id, data: args.data, context }),
    );
  }
  return { context_id: context.id, results };
}
