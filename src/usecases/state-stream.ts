// Live entity states for a push channel (the panel's GET /api/events/states): every state_changed on the core
// bus, as the same small record the panel shows, filtered by domain or entity id. A watcher is one bus listener
// that exists only while someone watches, so no one watching costs nothing; the caller owns the unsubscribe.
import { z } from 'zod';
import type { EventBus, Unsubscribe } from '../core/event-bus.js';
import type { CoreEvents } from '../core/events.js';
import { STATE_UNAVAILABLE } from '../core/state.js';

export const WatchStatesInput = z.object({
  domain: z
    .string()
    .max(64)
    .optional()
    .describe('only entities of these domains, comma-separated (e.g. light,switch); default every entity'),
  entity_id: z.string().max(4_096).optional().describe('only these entities, comma-separated'),
});

export const StateEventSchema = z.object({
  entity_id: z.string(),
  state: z.string().nullable().describe('null when the entity was removed'),
  attributes: z.record(z.string(), z.unknown()),
  available: z.boolean(),
  last_changed: z.string().nullable(),
  last_updated: z.string().nullable(),
});
export type StateEvent = z.infer<typeof StateEventSchema>;

export interface StateStreamDeps {
  bus: Pick<EventBus<CoreEvents>, 'on'>;
}

const list = (value: string | undefined): ReadonlySet<string> | undefined => {
  const items = value
    ?.split(',')
    .map((s) => s.trim())
    .filter(Boolean);
  return items && items.length > 0 ? new Set(items) : undefined;
};

/** The record sent for one state_changed. */
export function stateEvent(event: CoreEvents['state_changed']): StateEvent {
  const s = event.new_state;
  return {
    entity_id: event.entity_id,
    state: s?.state ?? null,
    attributes: s ? { ...s.attributes } : {},
    available: s !== null && s.state !== STATE_UNAVAILABLE,
    last_changed: s?.last_changed ?? null,
    last_updated: s?.last_updated ?? null,
  };
}

/** Calls `send` for every matching state change until the returned function is called. */
export function watchStates(
  deps: StateStreamDeps,
  input: z.infer<typeof WatchStatesInput>,
  send: (event: StateEvent) => void,
): Unsubscribe {
  const domains = list(input.domain);
  const ids = list(input.entity_id);
  return deps.bus.on('state_changed', (event) => {
    if (ids && !ids.has(event.entity_id)) return;
    if (domains && !domains.has(event.entity_id.slice(0, event.entity_id.indexOf('.')))) return;
    send(stateEvent(event));
  });
}
