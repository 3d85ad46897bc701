/**
 * The old-style groups of the automations folder (`group:`), kept as `group.<id>` entities whose state follows
 * their members (`state.ts`) with Home Assistant's attributes (`entity_id`: the members, `order`, `friendly_name`,
 * `icon`, `assumed_state` when a member's is). A group's members are what an action targeting the group reaches
 * (`expandGroups`), as Home Assistant expands groups in a service call's targets.
 */
import { localEntity } from '../../core/model.js';
import type { Context } from '../../core/context.js';
import type { EventBus, Unsubscribe } from '../../core/event-bus.js';
import type { CoreEvents } from '../../core/events.js';
import type { Registry } from '../../core/registry.js';
import type { StateStore } from '../../core/state-store.js';
import type { AutomationDiagnostic, DefinitionConsumer } from '../model.js';
import type { LoadedDefinition } from '../sections.js';
import type { GroupConfig } from './schema.js';
import { groupState, trackable } from './state.js';

export const GROUP_SOURCE = 'group';

export interface GroupDeps {
  readonly registry: Registry;
  readonly states: StateStore;
  readonly bus: EventBus<CoreEvents>;
}

interface Live {
  readonly entityId: string;
  readonly config: GroupConfig;
  readonly order: number;
  readonly name: string;
}

const titled = (id: string): string => id.replace(/_/g, ' ').replace(/^\w/, (c) => c.toUpperCase());

/** Keeps the folder's groups; `stop()` removes their entities. */
export function createGroups(deps: GroupDeps): DefinitionConsumer & { stop(): void } {
  const { registry, states } = deps;
  const live = new Map<string, Live>();
  /** member entity id → the groups it is in */
  const byMember = new Map<string, Set<string>>();
  let listening: Unsubscribe | undefined;

  const update = (group: Live, context?: Context): void => {
    const present = group.config.entities.flatMap((id) => {
      const s = states.get(id);
      return s ? [{ entity_id: id, state: s.state, assumed: s.attributes['assumed_state'] === true }] : [];
    });
    const tracked = new Set(trackable(group.config.entities));
    const assumed = present.filter((m) => tracked.has(m.entity_id)).map((m) => m.assumed);
    const state = groupState(group.config.entities, present, group.config.all) ?? 'unknown';
    const isAssumed = assumed.length > 0 && (group.config.all ? assumed.every(Boolean) : assumed.some(Boolean));
    states.set(
      group.entityId,
      state,
      {
        entity_id: group.config.entities,
        order: group.order,
        friendly_name: group.name,
        ...(group.config.icon !== undefined ? { icon: group.config.icon } : {}),
        ...(isAssumed ? { assumed_state: true } : {}),
      },
      context ? { context } : {},
    );
  };

  const index = (): void => {
    byMember.clear();
    for (const g of live.values())
      for (const m of g.config.entities) {
        const set = byMember.get(m) ?? new Set();
        set.add(g.entityId);
        byMember.set(m, set);
      }
  };

  const remove = (entityId: string): void => {
    live.delete(entityId);
    if (registry.entity(entityId)?.source === GROUP_SOURCE) registry.removeEntity(entityId);
    states.remove(entityId);
  };

  return {
    sections: ['group'],
    apply(definitions: readonly LoadedDefinition[]): AutomationDiagnostic[] {
      const problems: AutomationDiagnostic[] = [];
      const wanted = new Set<string>();
      definitions.forEach((d, order) => {
        if (d.section !== 'group') return;
        const entityId = `group.${d.id}`;
        const config = d.config as GroupConfig;
        const taken = registry.entity(entityId);
        if (taken && taken.source !== GROUP_SOURCE) {
          const message = `group '${d.id}': ${entityId} is already an entity of ${taken.source}; this group is not set up`;
          problems.push({
            file: d.file,
            line: d.line,
            column: d.column,
            severity: 'error',
            message,
            automation_id: entityId,
          });
          return;
        }
        wanted.add(entityId);
        const name = config.name ?? titled(d.id);
        live.set(entityId, { entityId, config, order, name });
        registry.upsertEntity(
          localEntity({
            entity_id: entityId,
            domain: 'group',
            name,
            source: GROUP_SOURCE,
          }),
        );
      });
      for (const id of [...live.keys()]) if (!wanted.has(id)) remove(id);
      // and the ones an earlier start left in the (persisted) registry
      for (const e of registry.entities())
        if (e.source === GROUP_SOURCE && !wanted.has(e.entity_id)) remove(e.entity_id);
      index();
      listening ??= deps.bus.on('state_changed', (e) => {
        const groups = byMember.get(e.entity_id);
        if (!groups) return;
        for (const id of groups) {
          const g = live.get(id);
          if (g) update(g, e.context);
        }
      });
      // members first: a group of groups sees its inner groups' states
      const ordered = [...live.values()].sort((a, b) => depth(b.entityId) - depth(a.entityId));
      for (const g of ordered) update(g);
      return problems;

      function depth(id: string, seen = new Set<string>()): number {
        if (seen.has(id)) return 0;
        seen.add(id);
        const g = live.get(id);
        return g ? 1 + Math.max(0, ...g.config.entities.map((m) => (live.has(m) ? depth(m, seen) : 0))) : 0;
      }
    },
    stop() {
      listening?.();
      listening = undefined;
      for (const id of [...live.keys()]) remove(id);
    },
  };
}

/**
 * An action's targets with every group expanded to its members, recursively (Home Assistant's `expand_entity_ids`:
 * a `group.*` target whose state lists `entity_id` members), each id once, in order.
 */
export function expandGroups(targets: readonly string[], states: Pick<StateStore, 'get'>): string[] {
  const out: string[] = [];
  const seen = new Set<string>();
  const visit = (id: string): void => {
    if (seen.has(id)) return;
    seen.add(id);
    const members = id.startsWith('group.') ? states.get(id)?.attributes['entity_id'] : undefined;
    if (!Array.isArray(members)) {
      out.push(id);
      return;
    }
    for (const m of members) if (typeof m === 'string') visit(m.toLowerCase());
  };
  for (const t of targets) visit(t);
  return out;
}
