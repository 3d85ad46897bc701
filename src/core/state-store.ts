import type { Clock } from './clock.js';
import { createContext, DISCOVERY_ORIGIN, type Context } from './context.js';
import type { EventBus } from './event-bus.js';
import type { CoreEvents } from './events.js';
import { sameAttributes, STATE_UNAVAILABLE, type Attributes, type State } from './state.js';

export interface SetStateOptions {
  context?: Context;
  /** restore a persisted state as it was, without firing events */
  restore?: Pick<State, 'last_changed' | 'last_updated' | 'last_reported'>;
  /**
   * a change another instance of a cluster made and stored (docs/scale-out.md), with its times: applied only when
   * newer than what this instance holds (last writer wins by last_updated), and its `state_changed` says `replica`
   * so it is not stored or passed on again. `follows` is the context id of the change the same instance made to
   * this entity just before: when that is what is held here, this one is newer even in the same millisecond
   */
  replica?: Pick<State, 'last_changed' | 'last_updated' | 'last_reported'> & { follows?: string };
}

/**
 * The state machine: current state per entity. `set` fires `state_changed` only when the state string
 * or the attributes really change; a repeat of the same values only moves `last_reported` and fires
 * `state_reported`, as Home Assistant does.
 */
export interface StateStore {
  get(entityId: string): State | undefined;
  all(): State[];
  /** the ids of the entities whose state is `unavailable` now (kept as states change: no walk over all of them) */
  unavailableIds(): ReadonlySet<string>;
  set(entityId: string, state: string, attributes?: Attributes, options?: SetStateOptions): State;
  remove(entityId: string, context?: Context): boolean;
}

export function createStateStore(bus: EventBus<CoreEvents>, clock: Clock): StateStore {
  const states = new Map<string, State>();
  const unavailable = new Set<string>();
  const put = (entityId: string, s: State) => {
    states.set(entityId, s);
    if (s.state === STATE_UNAVAILABLE) unavailable.add(entityId);
    else unavailable.delete(entityId);
  };

  const applyReplica = (
    entityId: string,
    old: State | undefined,
    state: string,
    attributes: Attributes,
    context: Context,
    times: NonNullable<SetStateOptions['replica']>,
  ): State => {
    // this instance holds a newer one (of two made in the same millisecond, every instance keeps the same one) —
    // unless it is only the first state discovery wrote here when it built the entity: every instance writes that
    // itself, at its own moment, and a value another instance received is news to it whenever that was
    if (
      old &&
      old.context.origin !== DISCOVERY_ORIGIN &&
      old.context.id !== times.follows &&
      (old.last_updated > times.last_updated ||
        (old.last_updated === times.last_updated && old.context.id > context.id))
    )
      return old;
    if (old && old.state === state && sameAttributes(old.attributes, attributes)) {
      if (times.last_reported <= old.last_reported) return old;
      const reported: State = { ...old, last_reported: times.last_reported };
      states.set(entityId, reported);
      return reported;
    }
    const { last_changed, last_updated, last_reported } = times;
    const next: State = { entity_id: entityId, state, attributes, context, last_changed, last_updated, last_reported };
    put(entityId, next);
    bus.emit('state_changed', { entity_id: entityId, old_state: old ?? null, new_state: next, context, replica: true });
    return next;
  };

  return {
    get: (entityId) => states.get(entityId),
    all: () => [...states.values()],
    unavailableIds: () => unavailable,
    set(entityId, state, attributes = {}, options = {}) {
      const old = states.get(entityId);
      const context = options.context ?? createContext('core');
      if (options.restore) {
        const restored: State = { entity_id: entityId, state, attributes, context, ...options.restore };
        put(entityId, restored);
        return restored;
      }
      if (options.replica) return applyReplica(entityId, old, state, attributes, context, options.replica);
      const now = clock.now().toISOString();
      const stateSame = old?.state === state;
      const attrsSame =
        old !== undefined && (old.attributes === attributes || sameAttributes(old.attributes, attributes));
      if (old && stateSame && attrsSame) {
        const reported: State = { ...old, last_reported: now };
        states.set(entityId, reported); // the same state string: the unavailable set stays as it is
        bus.emit('state_reported', { entity_id: entityId, state: reported });
        return reported;
      }
      const next: State = {
        entity_id: entityId,
        state,
        // unchanged attributes keep their object: consumers (the recorder) may cache what they derive from it
        attributes: attrsSame && old ? old.attributes : attributes,
        last_changed: old && stateSame ? old.last_changed : now,
        last_updated: now,
        last_reported: now,
        context,
      };
      put(entityId, next);
      bus.emit('state_changed', { entity_id: entityId, old_state: old ?? null, new_state: next, context });
      return next;
    },
    remove(entityId, context = createContext('core')) {
      const old = states.get(entityId);
      if (!old) return false;
      states.delete(entityId);
      unavailable.delete(entityId);
      bus.emit('state_changed', { entity_id: entityId, old_state: old, new_state: null, context });
      return true;
    },
  };
}
