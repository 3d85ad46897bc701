import type { McpServer } from '@modelcontextprotocol/server';
import { z } from 'zod';
import type { AllowedActions } from '../../../core/commands.js';
import { NotFoundError } from '../../../core/errors.js';
import type { McpDeps } from '../deps.js';
import { entitySuggestions, entitySummary, EntitySummarySchema, run, unknownEntityMessage, type Structured } from './shared.js';

export const GetEntityInput = z.object({
  entity_ids: z.array(z.string().min(1).max(255)).min(1).max(20).describe('1–20 entity ids, e.g. ["light.kitchen"]; find them with search_entities.'),
  detail: z
    .enum(['summary', 'full'])
    .default('summary')
    .describe('"summary" (default): state, attributes and allowed actions; "full" adds the device record, unique_id, discovery topic and the platform config.'),
});

const ActionsSchema = z
  .record(z.string(), z.object({ description: z.string(), params: z.record(z.string(), z.record(z.string(), z.unknown())) }))
  .describe('actions control_entities accepts for this entity, with parameter types and ranges');

export const GetEntityOutput = z.object({
  entities: z.array(
    EntitySummarySchema.extend({
      attributes: z.record(z.string(), z.unknown()),
      last_changed: z.string().nullable(),
      last_updated: z.string().nullable(),
      actions: ActionsSchema,
      device_name: z.string().nullable(),
      unique_id: z.string().nullable().optional(),
      discovery_topic: z.string().nullable().optional(),
      source: z.string().optional(),
      config: z.record(z.string(), z.unknown()).optional(),
      device: z.record(z.string(), z.unknown()).nullable().optional(),
    }),
  ),
  not_found: z.array(z.object({ entity_id: z.string(), suggestions: z.array(z.string()) })),
});

export function safeActions(deps: McpDeps, entityId: string): AllowedActions {
  try {
    return deps.commands.allowedActions(entityId);
  } catch {
    return {};
  }
}

export function getEntity(deps: McpDeps, args: z.infer<typeof GetEntityInput>): Structured {
  const ids = [...new Set(args.entity_ids)];
  const entities = [];
  const notFound = [];
  for (const id of ids) {
    const entity = deps.registry.entity(id);
    if (!entity) {
      notFound.push({ entity_id: id, suggestions: entitySuggestions(deps, id) });
      continue;
    }
    const state = deps.states.get(id);
    const device = entity.device_id ? (deps.registry.device(entity.device_id) ?? null) : null;
    entities.push({
      ...entitySummary(deps, entity),
      attributes: { ...(state?.attributes ?? {}) },
      last_changed: state?.last_changed ?? null,
      last_updated: state?.last_updated ?? null,
      actions: JSON.parse(JSON.stringify(safeActions(deps, id))) as Record<string, { description: string; params: Record<string, Record<string, unknown>> }>,
      device_name: device?.name ?? null,
      ...(args.detail === 'full'
        ? {
            unique_id: entity.unique_id,
            discovery_topic: entity.discovery_topic,
            source: entity.source,
            config: { ...entity.config },
            device: device ? (JSON.parse(JSON.stringify(device)) as Record<string, unknown>) : null,
          }
        : {}),
    });
  }
  if (entities.length === 0) {
    throw new NotFoundError(ids.map((id) => unknownEntityMessage(deps, id)).join(' '));
  }
  return { entities, not_found: notFound };
}

export function registerGetEntityTool(server: McpServer, deps: McpDeps): void {
  server.registerTool(
    'get_entity',
    {
      title: 'Get entities',
      description:
        'Current state, attributes and allowed actions (with parameter ranges and options) of 1–20 entities you already know the ids of. ' +
        'Use it before control_entities to see what an entity accepts, or to read a sensor now (use get_history for past values). ' +
        'Unknown ids are listed in not_found with the closest existing ids.',
      inputSchema: GetEntityInput,
      outputSchema: GetEntityOutput,
      annotations: { readOnlyHint: true, destructiveHint: false, idempotentHint: true, openWorldHint: false },
    },
    async (args) => run(() => getEntity(deps, args)),
  );
}
