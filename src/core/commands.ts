import type { Context } from './context.js';
import type { Unsubscribe } from './event-bus.js';
import { NotFoundError, ValidationError } from './errors.js';
import type { Entity } from './model.js';
import type { Registry } from './registry.js';
import type { StateStore } from './state-store.js';

/** One parameter of an action; numbers are inclusive ranges. */
export type ParamSpec =
  | {
      readonly type: 'number';
      readonly min?: number;
      readonly max?: number;
      readonly step?: number;
      readonly integer?: boolean;
      readonly unit?: string;
      readonly required?: boolean;
    }
  | {
      readonly type: 'string';
      readonly options?: readonly string[];
      /** length in characters (code points) */
      readonly minLength?: number;
      readonly maxLength?: number;
      /** must match from the start, as Python's re.match */
      readonly pattern?: string;
      readonly required?: boolean;
    }
  | { readonly type: 'boolean'; readonly required?: boolean }
  /** `[r, g, b]`, each 0–255 */
  | { readonly type: 'rgb'; readonly required?: boolean }
  /** `[hue 0–360, saturation 0–100]` */
  | { readonly type: 'hs'; readonly required?: boolean }
  /** `'#rrggbb'` */
  | { readonly type: 'hex'; readonly required?: boolean }
  /** any JSON value (an object, a list, text…), passed on as given: the platform decides what it means (vacuum.send_command's params) */
  | { readonly type: 'json'; readonly required?: boolean };

export interface ActionSpec {
  readonly description: string;
  readonly params: Readonly<Record<string, ParamSpec>>;
}

export type AllowedActions = Readonly<Record<string, ActionSpec>>;

/** `domain.action` on one entity, with data, and who asked. */
export interface ActionCall {
  readonly domain: string;
  readonly action: string;
  readonly entity_id: string;
  readonly data: Readonly<Record<string, unknown>>;
  readonly context: Context;
}

export interface PublishedCommand {
  readonly topic: string;
  readonly payload: string;
  readonly qos: 0 | 1 | 2;
  readonly retain: boolean;
}

export interface ActionResult {
  readonly entity_id: string;
  readonly action: string;
  readonly published: readonly PublishedCommand[];
  /** true when the entity's state was updated at once because it has no state feedback */
  readonly optimistic: boolean;
  /**
   * Set when MQTT was not connected and the command's messages were kept to be published once it is back: until
   * when they wait (ISO 8601). `published` is then empty; an optimistic state is not applied.
   */
  readonly queued_until?: string;
}

/** What `homeassistant.update_entity` did for one entity. */
export interface RefreshResult {
  readonly entity_id: string;
  /** false when the entity's owner has no way to fetch a fresh value (its state is already current) */
  readonly refreshed: boolean;
  /** how: `re-subscribed to 2 state topics`, `asked the device for a reading`, or why not */
  readonly how: string;
  readonly published?: readonly PublishedCommand[];
}

/** Implemented by each adapter that owns entities (discovery consumer, ESP32 bridge). */
export interface ActionHandler {
  /**
   * Fetches the entity's current value again (`homeassistant.update_entity`): an MQTT entity re-reads its
   * retained state, an ESP32 sensor is asked for a reading. Absent: the owner's state is always current.
   */
  refresh?(entity: Entity, context: Context): Promise<RefreshResult>;
  allowedActions(entity: Entity): AllowedActions;
  execute(
    entity: Entity,
    action: string,
    data: Readonly<Record<string, unknown>>,
    context: Context,
  ): Promise<ActionResult>;
}

/**
 * The one command path used by automations, REST and MCP: finds the entity, checks the action is one
 * its owner allows, and hands it to that owner. `homeassistant.turn_on|turn_off|toggle` work on any
 * entity; `toggle` falls back to turn_on/turn_off by the current state when the owner has no toggle.
 */
export interface CommandRouter {
  register(source: string, handler: ActionHandler): Unsubscribe;
  allowedActions(entityId: string): AllowedActions;
  execute(call: ActionCall): Promise<ActionResult>;
  /** `homeassistant.update_entity` for one entity: its owner fetches the value again, where it can */
  refresh(entityId: string, context: Context): Promise<RefreshResult>;
}

const GENERIC_DOMAIN = 'homeassistant';
const ON_STATES = new Set([
  'on',
  'open',
  'opening',
  'unlocked',
  'home',
  'playing',
  'heat',
  'cool',
  'auto',
  'heat_cool',
  'dry',
  'fan_only',
]);

export function createCommandRouter(registry: Registry, states: StateStore): CommandRouter {
  const handlers = new Map<string, ActionHandler>();

  const resolve = (entityId: string): { entity: Entity; handler: ActionHandler } => {
    const entity = registry.entity(entityId);
    if (!entity) throw new NotFoundError(`no entity '${entityId}'`);
    const handler = handlers.get(entity.source);
    if (!handler)
      throw new ValidationError(
        `entity '${entityId}' cannot be controlled (source '${entity.source}' takes no commands)`,
      );
    return { entity, handler };
  };

  return {
    register(source, handler) {
      handlers.set(source, handler);
      return () => {
        if (handlers.get(source) === handler) handlers.delete(source);
      };
    },
    allowedActions(entityId) {
      const { entity, handler } = resolve(entityId);
      return handler.allowedActions(entity);
    },
    async refresh(entityId, context) {
      const entity = registry.entity(entityId);
      if (!entity) throw new NotFoundError(`no entity '${entityId}'`);
      const handler = handlers.get(entity.source);
      if (handler?.refresh) return handler.refresh(entity, context);
      return {
        entity_id: entityId,
        refreshed: false,
        how: `its state is kept by Switchyard (${entity.source}): already current`,
      };
    },
    async execute(call) {
      const { entity, handler } = resolve(call.entity_id);
      if (call.domain !== entity.domain && call.domain !== GENERIC_DOMAIN) {
        throw new ValidationError(`entity '${entity.entity_id}' is a ${entity.domain}, not a ${call.domain}`);
      }
      const allowed = handler.allowedActions(entity);
      let action = call.action;
      if (action === 'toggle' && !allowed.toggle && allowed.turn_on && allowed.turn_off) {
        action = ON_STATES.has(states.get(entity.entity_id)?.state ?? '') ? 'turn_off' : 'turn_on';
      }
      const spec = allowed[action];
      if (!spec) {
        const names = Object.keys(allowed);
        throw new ValidationError(
          `${entity.entity_id} does not support '${call.action}'; it supports ${names.length > 0 ? names.join(', ') : 'no actions'}`,
        );
      }
      for (const key of Object.keys(call.data)) {
        if (!spec.params[key]) {
          const known = Object.keys(spec.params);
          throw new ValidationError(
            `'${key}' is not a parameter of ${entity.domain}.${action}${known.length > 0 ? `; allowed: ${known.join(', ')}` : ' (it takes none)'}`,
          );
        }
      }
      return handler.execute(entity, action, call.data, call.context);
    },
  };
}
