/**
 * Where triggers listen. One listener on the core bus and one MQTT subscription per topic filter feed
 * maps keyed by what triggers watch (entity id, topic filter, event type), so a state change or a
 * message only reaches the triggers that watch it, however many automations there are.
 *
 * Also the engine's own event bus (`event` triggers and actions, `switchyard_alert` for raised alerts,
 * `state_changed`), the start/shutdown hooks, and the causes of what automations publish themselves:
 * an MQTT message an automation published carries that run's context, so loop protection sees it.
 */
import type { Clock } from '../core/clock.js';
import type { Context } from '../core/context.js';
import type { EventBus, Unsubscribe } from '../core/event-bus.js';
import type { CoreEvents } from '../core/events.js';
import type { Logger } from '../core/logger.js';
import type { IncomingMessage, MessageBus } from '../core/ports.js';
import { toJson } from './native.js';

export type StateChange = CoreEvents['state_changed'];

/** An event on the engine's bus. */
export interface EngineEvent {
  readonly event_type: string;
  readonly data: Readonly<Record<string, unknown>>;
  readonly context: Context | null;
  readonly time_fired: string;
}

export type MessageListener = (message: IncomingMessage, cause: Context | null) => void;
export type Lifecycle = 'start' | 'shutdown';

export interface TriggerIndex {
  watchEntity(entityId: string, listener: (change: StateChange) => void): Unsubscribe;
  /** every state change (template triggers and waits without a known entity) */
  watchStates(listener: (change: StateChange) => void): Unsubscribe;
  watchTopic(filter: string, qos: 0 | 1 | 2, listener: MessageListener): Unsubscribe;
  watchEvent(eventType: string, listener: (event: EngineEvent) => void): Unsubscribe;
  onLifecycle(kind: Lifecycle, listener: () => void): Unsubscribe;
  fireEvent(eventType: string, data: Readonly<Record<string, unknown>>, context: Context | null): void;
  emitLifecycle(kind: Lifecycle): void;
  /** remembers that a run published this message, so the message is known to come from it */
  notePublished(topic: string, payload: string, context: Context): void;
  /** runs `fn` (which raises an alert synchronously) with `context` as the cause of the alert event */
  withAlertCause<T>(context: Context, fn: () => T): T;
  /** resolves when every MQTT subscription asked for so far is in place */
  ready(): Promise<void>;
  /** how many entities, topic filters and event types are watched */
  size(): { entities: number; topics: number; events: number };
  start(): void;
  stop(): void;
}

export interface TriggerIndexDeps {
  readonly bus: EventBus<CoreEvents>;
  readonly messages: MessageBus;
  readonly clock: Clock;
  readonly log: Logger;
}

const ECHO_MS = 5_000;
const ECHOES_PER_TOPIC = 16;
const ECHO_TOPICS = 1_000;

function add<K, L>(map: Map<K, Set<L>>, key: K, listener: L): () => boolean {
  let set = map.get(key);
  if (!set) {
    set = new Set();
    map.set(key, set);
  }
  set.add(listener);
  return () => {
    set.delete(listener);
    if (set.size === 0 && map.get(key) === set) map.delete(key);
    return !map.has(key);
  };
}

function each<L extends (...args: never[]) => void>(set: Set<L> | undefined, log: Logger, call: (l: L) => void): void {
  if (!set) return;
  for (const listener of [...set]) {
    try {
      call(listener);
    } catch (err) {
      log.error('automation trigger failed', { err: err instanceof Error ? err.stack : String(err) });
    }
  }
}

export function createTriggerIndex(deps: TriggerIndexDeps): TriggerIndex {
  const { log } = deps;
  const byEntity = new Map<string, Set<(c: StateChange) => void>>();
  const allStates = new Set<(c: StateChange) => void>();
  const byEvent = new Map<string, Set<(e: EngineEvent) => void>>();
  const lifecycle = new Map<Lifecycle, Set<() => void>>();
  const topics = new Map<string, { listeners: Set<MessageListener>; unsubscribe: Promise<Unsubscribe | undefined> }>();
  const echoes = new Map<string, { payload: string; context: Context; until: number }[]>();
  const pending = new Set<Promise<unknown>>();
  let alertCause: Context | null = null;
  const offBus: Unsubscribe[] = [];

  const fireEvent = (eventType: string, data: Readonly<Record<string, unknown>>, context: Context | null): void => {
    const set = byEvent.get(eventType);
    if (!set) return;
    const event: EngineEvent = { event_type: eventType, data, context, time_fired: deps.clock.now().toISOString() };
    each(set, log, (l) => l(event));
  };

  const causeOf = (message: IncomingMessage): Context | null => {
    const list = echoes.get(message.topic);
    if (!list) return null;
    const now = deps.clock.now().getTime();
    const text = message.payload.toString('utf8');
    const at = list.findIndex((e) => e.until >= now && e.payload === text);
    const found = at >= 0 ? list[at] : undefined;
    const kept = list.filter((e, i) => i !== at && e.until >= now);
    if (kept.length === 0) echoes.delete(message.topic);
    else echoes.set(message.topic, kept);
    return found?.context ?? null;
  };

  return {
    watchEntity: (entityId, listener) => add(byEntity, entityId, listener),
    watchStates(listener) {
      allStates.add(listener);
      return () => allStates.delete(listener);
    },
    watchTopic(filter, qos, listener) {
      let entry = topics.get(filter);
      if (!entry) {
        const listeners = new Set<MessageListener>();
        const dispatch = (message: IncomingMessage) => {
          const cause = causeOf(message);
          each(listeners, log, (l) => l(message, cause));
        };
        const unsubscribe = deps.messages.subscribe(filter, dispatch, { qos }).catch((err: unknown) => {
          log.error('automation could not subscribe to an MQTT topic', {
            topic: filter,
            err: err instanceof Error ? err.message : String(err),
          });
          return undefined;
        });
        pending.add(unsubscribe);
        void unsubscribe.finally(() => pending.delete(unsubscribe));
        entry = { listeners, unsubscribe };
        topics.set(filter, entry);
      }
      const current = entry;
      current.listeners.add(listener);
      return () => {
        current.listeners.delete(listener);
        if (current.listeners.size > 0 || topics.get(filter) !== current) return;
        topics.delete(filter);
        void current.unsubscribe.then((off) => off?.());
      };
    },
    watchEvent: (eventType, listener) => add(byEvent, eventType, listener),
    onLifecycle: (kind, listener) => add(lifecycle, kind, listener),
    fireEvent,
    emitLifecycle: (kind) => each(lifecycle.get(kind), log, (l) => l()),
    notePublished(topic, payload, context) {
      const now = deps.clock.now().getTime();
      if (echoes.size >= ECHO_TOPICS && !echoes.has(topic)) {
        // forget what has expired (messages to topics nobody here listens to), then the oldest
        for (const [key, list] of echoes) if (list.every((e) => e.until < now)) echoes.delete(key);
        const oldest = echoes.keys().next();
        if (echoes.size >= ECHO_TOPICS && !oldest.done) echoes.delete(oldest.value);
      }
      const list = echoes.get(topic) ?? [];
      list.push({ payload, context, until: now + ECHO_MS });
      echoes.set(topic, list.slice(-ECHOES_PER_TOPIC));
    },
    withAlertCause(context, fn) {
      const before = alertCause;
      alertCause = context;
      try {
        return fn();
      } finally {
        alertCause = before;
      }
    },
    async ready() {
      await Promise.all([...pending]);
    },
    size: () => ({ entities: byEntity.size, topics: topics.size, events: byEvent.size }),
    start() {
      if (offBus.length > 0) return;
      offBus.push(
        deps.bus.on('state_changed', (change) => {
          each(byEntity.get(change.entity_id), log, (l) => l(change));
          each(allStates, log, (l) => l(change));
          if (byEvent.has('state_changed'))
            fireEvent(
              'state_changed',
              toJson({
                entity_id: change.entity_id,
                old_state: change.old_state,
                new_state: change.new_state,
              }) as Record<string, unknown>,
              change.context,
            );
        }),
        deps.bus.on('alert_raised', ({ alert }) => fireEvent('switchyard_alert', { ...alert }, alertCause)),
        deps.bus.on('tag_scanned', ({ tag_id, device_id, context }) =>
          fireEvent('tag_scanned', { tag_id, device_id }, context),
        ),
        deps.bus.on('event_fired', ({ event_type, data, context }) => fireEvent(event_type, data, context)),
      );
    },
    stop() {
      for (const off of offBus.splice(0)) off();
      for (const [filter, entry] of topics) {
        topics.delete(filter);
        void entry.unsubscribe.then((off) => off?.());
      }
      byEntity.clear();
      allStates.clear();
      byEvent.clear();
      lifecycle.clear();
      echoes.clear();
    },
  };
}
