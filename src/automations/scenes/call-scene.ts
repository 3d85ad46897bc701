/**
 * The `scene.*` actions of a run (`actions/call.ts` hands them here), as Home Assistant's scene integration
 * (`components/homeassistant/scene.py`): `scene.turn_on` (`transition`), `scene.apply` (`entities` inline,
 * `transition`), `scene.create` (`scene_id`, `entities` and/or `snapshot_entities`), `scene.delete`, `scene.reload`.
 * What each entity got, or why not, is the step's result; an entity whose command failed fails the step after
 * the others are done.
 */
import { ValidationError } from '../../core/errors.js';
import type { RunState } from '../actions/types.js';
import type { ApplyOptions, EntityOutcome } from './control.js';
import { sceneEntities } from './schema.js';

type Data = Record<string, unknown>;

const SLUG = /^[a-z0-9_]+$/;

/** `transition`: seconds, coerced to a number and clamped to 0–6553 as Home Assistant's schema does */
function applyOptions(data: Data): ApplyOptions {
  if (data['transition'] === undefined || data['transition'] === null) return {};
  const n = Number(data['transition']);
  if (!Number.isFinite(n))
    throw new ValidationError(`transition must be a number of seconds, got ${JSON.stringify(data['transition'])}`);
  return { transition: Math.min(6553, Math.max(0, n)) };
}

function entitiesOf(value: unknown, action: string) {
  const parsed = sceneEntities.safeParse(value ?? {});
  if (parsed.success) return parsed.data;
  throw new ValidationError(`${action}: entities: ${parsed.error.issues.map((i) => i.message).join('; ')}`);
}

function checked(outcomes: EntityOutcome[]): { entities: EntityOutcome[] } {
  const failed = outcomes.filter((o) => o.status === 'failed');
  if (failed.length > 0)
    throw new Error(`scene: ${failed.map((o) => `${o.entity_id}: ${o.reason ?? 'failed'}`).join('; ')}`);
  return { entities: outcomes };
}

export async function sceneAction(service: string, data: Data, targets: string[], run: RunState): Promise<Data> {
  const scenes = run.deps.scenes;
  if (service === 'reload') {
    if (!scenes) throw new ValidationError('scenes are not running');
    await scenes.reload();
    return { reloaded: true };
  }
  if (service === 'apply') {
    if (!scenes) throw new ValidationError('scenes are not running');
    if (data['entities'] === undefined) throw new ValidationError("scene.apply needs 'entities'");
    return checked(await scenes.apply(entitiesOf(data['entities'], 'scene.apply'), applyOptions(data), run.context));
  }
  if (service === 'create') {
    if (!scenes) throw new ValidationError('scenes are not running');
    const sceneId = String(data['scene_id'] ?? '');
    if (!SLUG.test(sceneId)) throw new ValidationError(`scene.create needs a 'scene_id' (a slug), got '${sceneId}'`);
    if (data['entities'] === undefined && data['snapshot_entities'] === undefined)
      throw new ValidationError("scene.create needs 'entities' or 'snapshot_entities'");
    const raw = data['snapshot_entities'] ?? [];
    const snapshot = (Array.isArray(raw) ? raw : String(raw).split(',')).map((s) => String(s).trim().toLowerCase());
    return { created: scenes.create(sceneId, entitiesOf(data['entities'], 'scene.create'), snapshot, run.context) };
  }
  if (targets.length === 0) throw new ValidationError(`scene.${service} needs a target scene`);
  if (service === 'delete') {
    if (!scenes) throw new ValidationError('scenes are not running');
    for (const t of targets) scenes.delete(t, run.context);
    return { deleted: targets };
  }
  // turn_on: the folder's and created scenes here, MQTT scenes through the command router
  const options = applyOptions(data);
  const results: Data[] = [];
  for (const entityId of targets) {
    if (scenes?.has(entityId)) {
      results.push({ entity_id: entityId, ...checked(await scenes.turnOn(entityId, options, run.context)) });
      continue;
    }
    const result = await run.deps.commands.execute({
      domain: 'scene',
      action: 'turn_on',
      entity_id: entityId,
      data,
      context: run.context,
    });
    for (const p of result.published) run.deps.index.notePublished(p.topic, p.payload, run.context);
    results.push({ entity_id: entityId, action: result.action, published: result.published });
  }
  return { results };
}
