// Acting on entities (control_entities): targets by ids, device or area, parameters checked against each
// entity's ranges before anything is sent, the new state awaited.
import { z } from 'zod';
import type { ActionResult, AllowedActions } from '../core/commands.js';
import { createContext } from '../core/context.js';
import { AppError, NotFoundError, ValidationError, errorMessage } from '../core/errors.js';
import type { Entity } from '../core/model.js';
import type { UseCaseDeps } from './deps.js';
import { checkParams } from './params-check.js';
import { entitiesInArea, entityArea, needDevice, unknownAreaMessage, unknownEntityMessage } from './shared.js';

type ControlDeps = Pick<UseCaseDeps, 'registry' | 'states' | 'commands'>;

export const ControlEntitiesInput = z.object({
  target: z
    .object({
      entity_ids: z
        .array(z.string().min(1).max(255))
        .min(1)
        .max(50)
        .optional()
        .describe('Exact entity ids, e.g. ["light.kitchen"]. Every one must support the action.'),
      device_id: z
        .string()
        .min(1)
        .max(200)
        .optional()
        .describe('Every entity of this device that supports the action.'),
      area: z
        .string()
        .min(1)
        .max(100)
        .optional()
        .describe('Every entity in this area/room that supports the action, e.g. "kitchen"; combine with domain.'),
      domain: z
        .string()
        .min(1)
        .max(64)
        .optional()
        .describe('With area or device_id: only this domain, e.g. light, switch, cover.'),
    })
    .describe('What to act on: give exactly one of entity_ids, device_id or area (area is best combined with domain).'),
  action: z
    .string()
    .regex(/^[a-z_]+$/, 'an action name like turn_on')
    .describe(
      'Home Assistant action name: turn_on, turn_off, toggle, set_value, select_option, set_temperature, ' +
        'set_hvac_mode, open_cover, close_cover, set_cover_position, press, lock, unlock, … (get_entity lists what ' +
        'each entity supports).',
    ),
  data: z
    .record(z.string(), z.unknown())
    .default({})
    .describe(
      'Action parameters, e.g. {"brightness_pct": 40} or {"value": 21.5} or {"option": "eco"}; checked against the ' +
        'ranges get_entity shows.',
    ),
  dry_run: z.boolean().default(false).describe('true: resolve targets and check parameters, publish nothing.'),
  wait_seconds: z
    .number()
    .min(0)
    .max(15)
    .default(2)
    .describe(
      'How long to wait for each entity to report its new state (0–15 s, default 2); results say whether it was ' +
        'confirmed.',
    ),
});

export const ControlEntitiesOutput = z.object({
  action: z.string(),
  dry_run: z.boolean(),
  targets: z.array(z.string()),
  skipped: z.array(z.object({ entity_id: z.string(), reason: z.string() })),
  results: z.array(
    z.object({
      entity_id: z.string(),
      published: z.array(z.object({ topic: z.string(), payload: z.string(), qos: z.number(), retain: z.boolean() })),
      optimistic: z.boolean(),
      /** MQTT was away: the command waits for it until then (ISO 8601) */
      queued_until: z.string().optional(),
      state_before: z.string().nullable(),
      state_after: z.string().nullable(),
      confirmed: z.boolean(),
    }),
  ),
  errors: z.array(z.object({ entity_id: z.string(), message: z.string() })),
});

type Args = z.infer<typeof ControlEntitiesInput>;

function actionsOf(deps: ControlDeps, entityId: string): AllowedActions | string {
  try {
    return deps.commands.allowedActions(entityId);
  } catch (err) {
    return errorMessage(err);
  }
}

const supports = (allowed: AllowedActions, action: string) =>
  Boolean(allowed[action]) || (action === 'toggle' && Boolean(allowed.turn_on && allowed.turn_off));

function resolveTargets(
  deps: ControlDeps,
  args: Args,
): { targets: Entity[]; skipped: { entity_id: string; reason: string }[] } {
  const t = args.target;
  const given = [t.entity_ids !== undefined, t.device_id !== undefined, t.area !== undefined].filter(Boolean).length;
  if (given !== 1) {
    throw new ValidationError(
      'target needs exactly one of entity_ids, device_id or area (area and device_id may be combined with domain). ' +
        'Use search_entities to find ids.',
    );
  }
  if (t.entity_ids) {
    const unknown = t.entity_ids.filter((id) => !deps.registry.entity(id));
    if (unknown.length > 0) throw new NotFoundError(unknown.map((id) => unknownEntityMessage(deps, id)).join(' '));
    const problems: string[] = [];
    const targets = [...new Set(t.entity_ids)].map((id) => deps.registry.entity(id) as Entity);
    for (const e of targets) {
      const allowed = actionsOf(deps, e.entity_id);
      if (typeof allowed === 'string') problems.push(`${allowed}.`);
      else if (!supports(allowed, args.action)) {
        const names = Object.keys(allowed);
        problems.push(
          `${e.entity_id} does not support '${args.action}'; it supports ` +
            `${names.length > 0 ? names.join(', ') : 'no actions (read-only)'}.`,
        );
      }
    }
    if (problems.length > 0) throw new ValidationError(`${problems.join(' ')} Nothing was sent.`);
    return { targets, skipped: [] };
  }
  let candidates: Entity[];
  let where: string;
  if (t.device_id !== undefined) {
    const device = needDevice(deps, t.device_id);
    candidates = deps.registry.deviceEntities(device.id);
    where = `device "${device.name ?? device.id}"`;
  } else {
    candidates = entitiesInArea(deps, t.area as string);
    if (candidates.length === 0) throw new NotFoundError(unknownAreaMessage(deps, t.area as string));
    where = `area "${entityArea(deps, candidates[0] as Entity) ?? t.area}"`;
  }
  if (t.domain !== undefined) {
    const domains = [...new Set(candidates.map((e) => e.domain))].sort();
    candidates = candidates.filter((e) => e.domain === t.domain);
    if (candidates.length === 0)
      throw new NotFoundError(`No ${t.domain} entities in ${where}; domains there: ${domains.join(', ') || 'none'}.`);
  }
  const targets: Entity[] = [];
  const skipped: { entity_id: string; reason: string }[] = [];
  const supported = new Set<string>();
  for (const e of candidates.sort((a, b) => a.entity_id.localeCompare(b.entity_id))) {
    const allowed = actionsOf(deps, e.entity_id);
    if (typeof allowed !== 'string') for (const name of Object.keys(allowed)) supported.add(name);
    if (typeof allowed !== 'string' && supports(allowed, args.action)) targets.push(e);
    else
      skipped.push({
        entity_id: e.entity_id,
        reason: typeof allowed === 'string' ? allowed : `does not support ${args.action}`,
      });
  }
  if (targets.length === 0) {
    const available = [...supported].sort().join(', ') || 'none (read-only entities)';
    throw new ValidationError(
      `No entity in ${where}${t.domain ? ` (domain ${t.domain})` : ''} supports '${args.action}'. ` +
        `Actions available there: ${available}.`,
    );
  }
  return { targets, skipped };
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Acts on the targets once each supports the action with these parameters; `origin` names the caller. */
export async function controlEntities(deps: ControlDeps, args: Args, origin: string) {
  const { targets, skipped } = resolveTargets(deps, args);
  const problems: string[] = [];
  for (const e of targets) {
    const allowed = deps.commands.allowedActions(e.entity_id);
    const spec = allowed[args.action];
    if (spec) problems.push(...checkParams(e.entity_id, `${e.domain}.${args.action}`, spec, args.data));
  }
  if (problems.length > 0)
    throw new ValidationError(
      `${problems.join('; ')}. Nothing was sent; fix the data and call again (get_entity shows every action's ` +
        `parameters).`,
    );
  const base = { action: args.action, dry_run: args.dry_run, targets: targets.map((e) => e.entity_id), skipped };
  if (args.dry_run) return { ...base, results: [], errors: [] };

  const context = createContext(origin);
  const results = [];
  const errors: { entity_id: string; message: string }[] = [];
  const firstErrors: unknown[] = [];
  for (const e of targets) {
    const before = deps.states.get(e.entity_id);
    try {
      const result = await deps.commands.execute({
        domain: e.domain,
        action: args.action,
        entity_id: e.entity_id,
        data: args.data,
        context,
      });
      results.push({ result, before });
    } catch (err) {
      firstErrors.push(err);
      errors.push({ entity_id: e.entity_id, message: errorMessage(err) });
    }
  }
  if (results.length === 0) {
    const first = firstErrors[0];
    if (targets.length === 1 && first instanceof AppError) throw first;
    throw new ValidationError(`Nothing was done: ${errors.map((x) => `${x.entity_id}: ${x.message}`).join('; ')}`);
  }
  const changed = (id: string, before: ReturnType<typeof deps.states.get>) => {
    const now = deps.states.get(id);
    return (
      now !== undefined &&
      (before === undefined || now.last_reported !== before.last_reported || now.last_updated !== before.last_updated)
    );
  };
  const deadline = Date.now() + args.wait_seconds * 1000;
  const settled = (r: { result: ActionResult; before: ReturnType<typeof deps.states.get> }) =>
    r.result.optimistic || r.result.queued_until !== undefined || changed(r.result.entity_id, r.before);
  while (Date.now() < deadline && !results.every(settled)) await sleep(50);
  return {
    ...base,
    results: results.map(({ result, before }) => ({
      entity_id: result.entity_id,
      published: result.published.map((p) => ({ topic: p.topic, payload: p.payload, qos: p.qos, retain: p.retain })),
      optimistic: result.optimistic,
      ...(result.queued_until !== undefined ? { queued_until: result.queued_until } : {}),
      state_before: before?.state ?? null,
      state_after: deps.states.get(result.entity_id)?.state ?? null,
      confirmed: result.optimistic || changed(result.entity_id, before),
    })),
    errors,
  };
}
