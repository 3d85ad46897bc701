/**
 * A scene as Home Assistant's `scene:` (platform homeassistant) defines it (`components/homeassistant/scene.py`):
 * a list of `{id?, name, icon?, entities: {<entity_id>: <state> | {state, <attribute>: …}}}`. A state written as a
 * YAML boolean is `on`/`off`; any other state must be text (`_convert_states`: "State for … should be a string"),
 * so a number is written quoted.
 */
import { z } from 'zod';
import { isValidEntityId } from '../../core/entity-id.js';
import { iconSchema } from '../../protocol/ha-discovery/common-schema.js';
import { describeValue, fields, isRecord, report } from '../schema/fields.js';
import { haString, idText } from '../schema/values.js';

/** What a scene sets one entity to: its state and the attributes (action data) that go with it. */
export interface SceneEntityState {
  readonly state: string | undefined;
  readonly attributes: Readonly<Record<string, unknown>>;
}

const stateText = (v: unknown): string | undefined =>
  v === true ? 'on' : v === false ? 'off' : typeof v === 'string' ? v : undefined;
const notText = (entityId: string, v: unknown) =>
  typeof v === 'number'
    ? { message: `State for ${entityId} should be a string`, hint: `quote it: "${v}"` }
    : { message: `State for ${entityId} should be a string, got ${describeValue(v)}`, hint: 'e.g. "on", "off", "25"' };

/** `{light.x: "on", light.y: {state: on, brightness: 100}}` */
export const sceneEntities = z.unknown().transform((v, ctx): Record<string, SceneEntityState> => {
  if (!isRecord(v)) {
    report(ctx, `expected a mapping of entity ids to states, got ${describeValue(v)}`);
    return z.NEVER;
  }
  const out: Record<string, SceneEntityState> = {};
  for (const [entityId, value] of Object.entries(v)) {
    const id = entityId.toLowerCase();
    if (!isValidEntityId(id)) {
      report(ctx, `'${entityId}' is not an entity id`, [entityId], { unknown_key: entityId });
      continue;
    }
    if (isRecord(value)) {
      const { state, ...attributes } = value;
      if (state === undefined) report(ctx, "missing required key 'state'", [entityId], { hint: 'state: "on"' });
      else if (stateText(state) === undefined) {
        const { message, hint } = notText(entityId, state);
        report(ctx, message, [entityId, 'state'], { hint });
      }
      out[id] = { state: stateText(state), attributes };
      continue;
    }
    const state = stateText(value);
    if (state !== undefined) out[id] = { state, attributes: {} };
    else if (isRecord(value) || value === null || value === undefined)
      report(ctx, 'expected a state or a mapping of state and attributes', [entityId]);
    else report(ctx, notText(entityId, value).message, [entityId], { hint: notText(entityId, value).hint });
  }
  return out;
});

export const sceneSchema = fields('scene', {
  id: idText.optional(),
  name: haString,
  icon: iconSchema.optional(),
  entities: sceneEntities,
  metadata: z.unknown().optional(),
});

export type SceneConfig = z.output<typeof sceneSchema>;
