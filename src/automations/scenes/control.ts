/**
 * What the `scene.*` actions can do (implemented by `scenes.ts`, used by `actions/call.ts` through
 * `call-scene.ts`): activate a scene, apply states inline, create and delete scenes at run time, reload.
 */
import type { Context } from '../../core/context.js';
import type { SceneEntityState } from './schema.js';

/** What applying a scene did for one entity: the actions it performed, or why it did nothing. */
export interface EntityOutcome {
  readonly entity_id: string;
  /** `performed`: actions sent; `skipped`: already in the target state; `not_applied`: see `reason` */
  readonly status: 'performed' | 'skipped' | 'not_applied' | 'failed';
  readonly actions?: readonly { readonly action: string; readonly data: Readonly<Record<string, unknown>> }[];
  /** attributes of the target state the entity's actions do not take (left out, named here) */
  readonly ignored?: readonly string[];
  readonly reason?: string;
}

export interface ApplyOptions {
  /** seconds, passed to lights as Home Assistant's reproduce_state does */
  readonly transition?: number;
}

export interface SceneControl {
  /** whether `entityId` is one of this part's scenes (MQTT scenes go to the command router) */
  has(entityId: string): boolean;
  /** `scene.turn_on`: records the activation, then applies each entity's state */
  turnOn(entityId: string, options: ApplyOptions, context: Context): Promise<EntityOutcome[]>;
  /** `scene.apply`: applies states given inline */
  apply(
    entities: Readonly<Record<string, SceneEntityState>>,
    options: ApplyOptions,
    context: Context,
  ): Promise<EntityOutcome[]>;
  /** `scene.create`: makes or replaces `scene.<sceneId>`; `snapshot` entities are taken as they are now */
  create(
    sceneId: string,
    entities: Readonly<Record<string, SceneEntityState>>,
    snapshot: readonly string[],
    context: Context,
  ): { entity_id: string; entities: string[]; missing: string[] };
  /** `scene.delete`: only scenes made by `scene.create` */
  delete(entityId: string, context: Context): void;
  /** `scene.reload`: drops the scenes `scene.create` made and reloads the folder's */
  reload(): Promise<unknown>;
}
