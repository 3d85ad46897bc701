/**
 * The helpers the automations folder defines, run as Home Assistant runs its YAML helpers: one entity each
 * (`<domain>.<object id>`, source `helpers`) in the registry and the state store, its actions through the
 * command router, its last state kept across restarts (HelperStateStore). On each load of the folder (the
 * engine's DefinitionConsumer) new helpers are created (from their last state where the domain restores it),
 * changed ones take their new config and keep their value where still valid, removed ones go away.
 */
import { localEntity } from '../../core/model.js';
import type { ActionHandler } from '../../core/commands.js';
import type { Clock } from '../../core/clock.js';
import { createContext, type Context } from '../../core/context.js';
import { NotFoundError } from '../../core/errors.js';
import type { EventBus } from '../../core/event-bus.js';
import type { CoreEvents } from '../../core/events.js';
import type { Logger } from '../../core/logger.js';
import type { Service } from '../../core/ports.js';
import type { Registry } from '../../core/registry.js';
import type { StateStore } from '../../core/state-store.js';
import { processZone, type TimeZone } from '../local-time.js';
import type { AutomationDiagnostic, DefinitionConsumer } from '../model.js';
import type { LoadedDefinition } from '../sections.js';
import { HELPER_KINDS } from './kinds.js';
import { HELPER_DOMAINS, type HelperDomain } from './schema.js';
import type { HelperInstance, HelperKind, HelperStateStore, LastState } from './types.js';

export const HELPERS_SOURCE = 'helpers';

export interface HelpersDeps {
  readonly registry: Registry;
  readonly states: StateStore;
  readonly bus: EventBus<CoreEvents>;
  readonly clock: Clock;
  readonly store: HelperStateStore;
  readonly log: Logger;
  /** the home's time zone (input_datetime); default the process's */
  readonly zone?: TimeZone | undefined;
}

export interface Helpers extends Service {
  /** give it to the automation engine (`definitions`) */
  readonly consumer: DefinitionConsumer;
  /** register it with the command router for HELPERS_SOURCE */
  readonly handler: ActionHandler;
  /** the helper's config as loaded (for announcing), or undefined */
  config(entityId: string): Readonly<Record<string, unknown>> | undefined;
}

interface Live {
  readonly domain: HelperDomain;
  instance: HelperInstance;
  definition: LoadedDefinition;
  /** false while being built: a state written by the instance then is written once it is registered */
  ready: boolean;
  /** set when the instance wrote its state itself during an action */
  wrote: boolean;
}

const kindOf = (domain: HelperDomain) => HELPER_KINDS[domain] as HelperKind<HelperDomain>;

export function createHelpers(deps: HelpersDeps): Helpers {
  const { registry, states, store } = deps;
  const live = new Map<string, Live>();
  let restored: Map<string, LastState> | undefined;
  const lastStates = () => {
    restored ??= store.load();
    return restored;
  };

  const write = (entityId: string, context: Context): void => {
    const h = live.get(entityId);
    if (!h?.ready) return;
    h.wrote = true;
    const { state, attributes } = h.instance.state();
    const config = h.definition.config as { name?: string; icon?: string };
    const attrs = {
      ...attributes,
      editable: false,
      ...(config.icon !== undefined ? { icon: config.icon } : {}),
      ...(config.name !== undefined ? { friendly_name: config.name } : {}),
    };
    const text = state ?? 'unknown';
    states.set(entityId, text, attrs, { context });
    store.save(entityId, { state: text, attributes: attrs });
  };

  const register = (entityId: string, h: Live): void => {
    const config = h.definition.config as { name?: string };
    registry.upsertEntity(
      localEntity({
        entity_id: entityId,
        unique_id: entityId,
        domain: h.domain,
        name: config.name ?? null,
        source: HELPERS_SOURCE,
        config: { ...(h.definition.config as Record<string, unknown>) },
      }),
    );
  };

  const create = (entityId: string, domain: HelperDomain, definition: LoadedDefinition): void => {
    const h: Live = {
      domain,
      definition,
      ready: false,
      wrote: false,
      instance: undefined as unknown as HelperInstance,
    };
    live.set(entityId, h);
    h.instance = kindOf(domain).create(definition.config as never, lastStates().get(entityId), {
      entityId,
      clock: deps.clock,
      zone: deps.zone ?? processZone,
      fire: (event_type, data, context) => deps.bus.emit('event_fired', { event_type, data, context }),
      changed: (context) => write(entityId, context),
      warn: (message) => deps.log.warn(message, { entity_id: entityId }),
    });
    lastStates().delete(entityId);
    register(entityId, h);
    h.ready = true;
    write(entityId, createContext(HELPERS_SOURCE));
  };

  const remove = (entityId: string): void => {
    live.get(entityId)?.instance.dispose();
    live.delete(entityId);
    if (registry.entity(entityId)?.source === HELPERS_SOURCE) registry.removeEntity(entityId);
    states.remove(entityId);
    store.remove(entityId);
  };

  const apply = (definitions: readonly LoadedDefinition[]): AutomationDiagnostic[] => {
    const diagnostics: AutomationDiagnostic[] = [];
    const seen = new Set<string>();
    for (const d of definitions) {
      if (!(HELPER_DOMAINS as readonly string[]).includes(d.section)) continue;
      const domain = d.section as HelperDomain;
      const entityId = `${domain}.${d.id}`;
      const current = live.get(entityId);
      if (current) {
        seen.add(entityId);
        if (current.definition.source_hash === d.source_hash) continue;
        current.definition = d;
        current.instance.update(d.config);
        register(entityId, current);
        write(entityId, createContext(HELPERS_SOURCE));
        continue;
      }
      const owner = registry.entity(entityId);
      if (owner && owner.source !== HELPERS_SOURCE) {
        diagnostics.push({
          file: d.file,
          line: d.line,
          column: d.column,
          severity: 'error',
          message: `${entityId} already exists (an entity from ${owner.source}); this helper is not created`,
        });
        continue;
      }
      seen.add(entityId);
      create(entityId, domain, d);
    }
    for (const entityId of [...live.keys()]) if (!seen.has(entityId)) remove(entityId);
    // helpers of an earlier start that the folder no longer defines
    for (const e of registry.entities()) if (e.source === HELPERS_SOURCE && !seen.has(e.entity_id)) remove(e.entity_id);
    return diagnostics;
  };

  const need = (entityId: string): Live => {
    const h = live.get(entityId);
    if (!h) throw new NotFoundError(`no helper '${entityId}'`);
    return h;
  };

  return {
    name: 'helpers',
    consumer: { sections: HELPER_DOMAINS, apply },
    handler: {
      allowedActions: (entity) => kindOf(entity.domain as HelperDomain)?.actions ?? {},
      async execute(entity, action, data, context) {
        const h = need(entity.entity_id);
        h.wrote = false;
        h.instance.execute(action, data, context);
        if (!h.wrote) write(entity.entity_id, context);
        return { entity_id: entity.entity_id, action, published: [], optimistic: false };
      },
    },
    config: (entityId) => live.get(entityId)?.definition.config as Readonly<Record<string, unknown>> | undefined,
    async start() {},
    async stop() {
      for (const h of live.values()) h.instance.dispose();
    },
  };
}
