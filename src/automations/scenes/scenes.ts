/**
 * Scenes, as Home Assistant's `homeassistant` scene platform keeps them (`components/homeassistant/scene.py`,
 * `components/scene/__init__.py`): one `scene.<id>` entity each, whose state is when it was last activated
 * (ISO time, `unknown` before) with attributes `entity_id` (the entities it sets), `friendly_name`, `icon` and
 * `id`. The folder's scenes come with each load; `scene.create` adds or replaces scenes that live until
 * `scene.delete`, `scene.reload` or a restart. Activating one applies its states (`reproduce.ts`).
 */
import { localEntity } from '../../core/model.js';
import type { ActionHandler, AllowedActions, CommandRouter } from '../../core/commands.js';
import type { Clock } from '../../core/clock.js';
import type { Context } from '../../core/context.js';
import { ValidationError } from '../../core/errors.js';
import type { Unsubscribe } from '../../core/event-bus.js';
import type { Logger } from '../../core/logger.js';
import type { Registry } from '../../core/registry.js';
import type { StateStore } from '../../core/state-store.js';
import type { DefinitionConsumer } from '../model.js';
import { definitionsOf } from '../sections.js';
import type { SceneControl } from './control.js';
import { reproduceStates } from './reproduce.js';
import type { SceneEntityState } from './schema.js';

export const SCENE_SOURCE = 'scene';

export interface ScenesDeps {
  readonly registry: Registry;
  readonly states: StateStore;
  readonly commands: CommandRouter;
  readonly clock: Clock;
  readonly log: Logger;
  /** reloads the automations folder (`scene.reload`) */
  readonly reload: () => Promise<unknown>;
}

export interface Scenes extends DefinitionConsumer {
  readonly control: SceneControl;
  /** takes commands for the scene entities */
  start(): void;
  stop(): void;
}

interface Scene {
  readonly objectId: string;
  readonly name: string;
  readonly icon?: string | undefined;
  /** the `id:` it was given (Home Assistant's unique id) */
  readonly uniqueId?: string | undefined;
  readonly entities: Readonly<Record<string, SceneEntityState>>;
  /** made by `scene.create` */
  readonly fromService: boolean;
  readonly hash?: string;
}

const ACTIONS: AllowedActions = {
  turn_on: {
    description: 'Activate the scene',
    params: { transition: { type: 'number', min: 0, max: 6553, unit: 's' } },
  },
  delete: { description: 'Delete a scene made by scene.create', params: {} },
};

export function createScenes(deps: ScenesDeps): Scenes {
  const { registry, states } = deps;
  const scenes = new Map<string, Scene>();
  let unregister: Unsubscribe | undefined;
  const entityIdOf = (s: Scene) => `scene.${s.objectId}`;

  const publish = (scene: Scene, context?: Context): void => {
    const last = states.get(entityIdOf(scene));
    const lastState = last?.state && last.state !== 'unavailable' ? last.state : 'unknown';
    states.set(
      entityIdOf(scene),
      lastState,
      {
        entity_id: Object.keys(scene.entities),
        ...(scene.uniqueId !== undefined ? { id: scene.uniqueId } : {}),
        friendly_name: scene.name,
        ...(scene.icon !== undefined ? { icon: scene.icon } : {}),
      },
      context ? { context } : {},
    );
  };

  const register = (scene: Scene, context?: Context): void => {
    registry.upsertEntity(
      localEntity({
        entity_id: entityIdOf(scene),
        unique_id: scene.uniqueId ?? null,
        domain: 'scene',
        name: scene.name,
        source: SCENE_SOURCE,
        config: { entities: Object.keys(scene.entities), created: scene.fromService },
      }),
    );
    publish(scene, context);
  };

  const drop = (objectId: string, context?: Context): void => {
    scenes.delete(objectId);
    registry.removeEntity(`scene.${objectId}`);
    states.remove(`scene.${objectId}`, context);
  };

  const mine = (entityId: string): Scene | undefined =>
    entityId.startsWith('scene.') ? scenes.get(entityId.slice('scene.'.length)) : undefined;

  const control: SceneControl = {
    has: (entityId) => mine(entityId) !== undefined,
    async turnOn(entityId, options, context) {
      const scene = mine(entityId);
      if (!scene) throw new ValidationError(`no scene '${entityId}'`);
      // scene/__init__.py: the activation is recorded (the state) before the states are applied
      const at = deps.clock.now().toISOString();
      const attributes = states.get(entityId)?.attributes ?? {};
      states.set(entityId, at, attributes, { context });
      return reproduceStates(scene.entities, options, context, deps);
    },
    apply: (entities, options, context) => reproduceStates(entities, options, context, deps),
    create(sceneId, entities, snapshot, context) {
      const taken = scenes.get(sceneId);
      // homeassistant/scene.py: a scene of the configuration is not replaced
      if (taken && !taken.fromService) throw new ValidationError(`The scene scene.${sceneId} already exists`);
      const all: Record<string, SceneEntityState> = { ...entities };
      const missing: string[] = [];
      for (const entityId of snapshot) {
        const now = states.get(entityId);
        if (!now) {
          deps.log.warn('Entity does not exist and therefore cannot be snapshotted', { entity_id: entityId });
          missing.push(entityId);
          continue;
        }
        all[entityId] = { state: now.state, attributes: { ...now.attributes } };
      }
      if (Object.keys(all).length === 0) throw new ValidationError('Empty scenes are not allowed');
      const scene: Scene = { objectId: sceneId, name: sceneId, entities: all, fromService: true };
      scenes.set(sceneId, scene);
      register(scene, context);
      return { entity_id: entityIdOf(scene), entities: Object.keys(all), missing };
    },
    delete(entityId, context) {
      const scene = mine(entityId);
      if (!scene) throw new ValidationError(`no scene '${entityId}'`);
      if (!scene.fromService)
        throw new ValidationError(`The scene ${entityId} is not created with action 'scene.create'`);
      drop(scene.objectId, context);
    },
    async reload() {
      // homeassistant/scene.py reload: the platform is reset, so scenes made by scene.create go
      for (const [id, scene] of [...scenes]) if (scene.fromService) drop(id);
      return deps.reload();
    },
  };

  const handler: ActionHandler = {
    allowedActions: () => ACTIONS,
    async execute(entity, action, data, context) {
      if (action === 'delete') control.delete(entity.entity_id, context);
      else {
        const transition = data['transition'];
        await control.turnOn(entity.entity_id, typeof transition === 'number' ? { transition } : {}, context);
      }
      return { entity_id: entity.entity_id, action, published: [], optimistic: false };
    },
  };

  return {
    sections: ['scene'],
    control,
    apply(all) {
      const defs = definitionsOf(all, 'scene');
      const seen = new Set<string>();
      for (const def of defs) {
        seen.add(def.id);
        const current = scenes.get(def.id);
        if (current?.hash === def.source_hash) continue;
        const { config } = def;
        const scene: Scene = {
          objectId: def.id,
          name: config.name,
          icon: config.icon,
          uniqueId: config.id,
          entities: config.entities,
          fromService: false,
          hash: def.source_hash,
        };
        scenes.set(def.id, scene);
        register(scene);
      }
      // the folder's scenes that are gone; scenes made by scene.create stay (a YAML one of the same id replaces it)
      for (const [id, scene] of [...scenes]) if (!scene.fromService && !seen.has(id)) drop(id);
      for (const e of registry.entities())
        if (e.source === SCENE_SOURCE && !scenes.has(e.entity_id.slice('scene.'.length))) drop(e.entity_id.slice(6));
      return [];
    },
    start() {
      unregister ??= deps.commands.register(SCENE_SOURCE, handler);
    },
    stop() {
      unregister?.();
      unregister = undefined;
    },
  };
}
