// The state exchange of several instances (docs/scale-out.md): the broker hands each state message to one instance
// (shared subscriptions), yet templates, conditions, triggers and the API of every instance read every entity. Each
// instance therefore publishes the state changes it made, in batches, on `switchyard/cluster/<instance>/states`,
// and applies the others' as replicas: newer ones only (last writer wins by last_updated), never stored or passed on
// again (the instance that made a change stores it: each state message is stored once).
import { z } from 'zod';
import type { Unsubscribe, EventBus } from '../../core/event-bus.js';
import { DISCOVERY_ORIGIN } from '../../core/context.js';
import type { CoreEvents } from '../../core/events.js';
import type { Logger } from '../../core/logger.js';
import type { IncomingMessage, MessageBus, Service } from '../../core/ports.js';
import type { State } from '../../core/state.js';
import type { StateStore } from '../../core/state-store.js';

export const CLUSTER_PREFIX = 'switchyard/cluster';

export interface StateExchangeDeps {
  messages: MessageBus;
  bus: EventBus<CoreEvents>;
  states: StateStore;
  /** this instance's name (cluster_instance) */
  instance: string;
  log: Logger;
  /** how long changes are collected before a batch goes out (default 10 ms: a trigger on another instance waits it) */
  flushMs?: number;
  /** a batch's largest payload; more changes go in further batches (default 256 KiB) */
  maxBatchBytes?: number;
}

export interface StateExchangeCounts {
  /** changes published, and the batches they went in */
  sent: number;
  batches: number;
  /** changes received from other instances, and how many were applied (the rest were older than this one's) */
  received: number;
  applied: number;
  /** batches refused (not a batch of changes), with the last reason */
  refused: number;
  lastRefusal: string | null;
}

export interface StateExchange extends Service {
  counts(): StateExchangeCounts;
}

/** one change on the wire: entity id, state, attributes, last_changed, last_updated, last_reported, context */
const ChangeSchema = z.tuple([
  z.string().min(1),
  z.string(),
  z.record(z.string(), z.unknown()),
  z.string(),
  z.string(),
  z.string(),
  z.string(),
  z.string().nullable(),
  z.string(),
]);
const BatchSchema = z.object({ v: z.literal(1), changes: z.array(ChangeSchema) });
type Change = z.infer<typeof ChangeSchema>;

const toChange = (s: State): Change => [
  s.entity_id,
  s.state,
  s.attributes as Record<string, unknown>,
  s.last_changed,
  s.last_updated,
  s.last_reported,
  s.context.id,
  s.context.parentId,
  s.context.origin,
];

export function createStateExchange(deps: StateExchangeDeps): StateExchange {
  const { log, instance } = deps;
  const ownTopic = `${CLUSTER_PREFIX}/${instance}/states`;
  const flushMs = deps.flushMs ?? 10;
  const maxBytes = deps.maxBatchBytes ?? 256 * 1024;
  const counts: StateExchangeCounts = {
    sent: 0,
    batches: 0,
    received: 0,
    applied: 0,
    refused: 0,
    lastRefusal: null,
  };
  // every change since the last batch, in the order made. Not only each entity's newest: a trigger on another
  // instance must see the changes made here (a sensor that went 1 -> 2 -> 3 within one batch fired only 1 -> 3 on
  // the others: what a take-over runs of the fires pending there would lack the run for 2)
  let pending: State[] = [];
  // bytes of a batch besides its changes: `{"v":1,"changes":[` and `]}`
  const WRAPPER = 20;
  let timer: NodeJS.Timeout | undefined;
  const disposers: Unsubscribe[] = [];

  const publish = (chunk: string[]) => {
    counts.batches++;
    counts.sent += chunk.length;
    deps.messages
      .publish(ownTopic, `{"v":1,"changes":[${chunk.join(',')}]}`, { qos: 0 })
      .catch((err: unknown) =>
        log.warn('could not publish state changes to the other instances', { err: String(err) }),
      );
  };
  const flush = () => {
    timer = undefined;
    const batch = pending;
    pending = [];
    let chunk: string[] = [];
    let bytes = WRAPPER;
    for (const state of batch) {
      const json = JSON.stringify(toChange(state));
      const size = Buffer.byteLength(json);
      if (chunk.length > 0 && bytes + size > maxBytes) {
        publish(chunk);
        chunk = [];
        bytes = WRAPPER;
      }
      chunk.push(json);
      bytes += size + 1;
    }
    if (chunk.length > 0) publish(chunk);
  };

  const refuse = (topic: string, reason: string) => {
    counts.refused++;
    counts.lastRefusal = `${topic}: ${reason}`;
    log.warn('state changes from another instance refused', { topic, reason });
  };
  const onBatch = (m: IncomingMessage) => {
    if (m.topic === ownTopic || m.retain) return;
    let parsed: unknown;
    try {
      parsed = JSON.parse(m.payload.toString('utf8'));
    } catch (err) {
      refuse(m.topic, `not JSON: ${(err as Error).message}`);
      return;
    }
    const batch = BatchSchema.safeParse(parsed);
    if (!batch.success) {
      const issue = batch.error.issues[0];
      refuse(m.topic, `${issue?.path.join('.') || 'payload'}: ${issue?.message ?? 'not a batch of changes'}`);
      return;
    }
    // each entity's previous change in this batch: the next one of it was made after, even in the same millisecond
    // (two changes of one entity split over two batches in one millisecond fall to the tie-break of last writer wins)
    const previous = new Map<string, string>();
    for (const [id, state, attributes, changed, updated, reported, ctxId, parentId, origin] of batch.data.changes) {
      counts.received++;
      const times = {
        last_changed: changed,
        last_updated: updated,
        last_reported: reported,
        follows: previous.get(id),
      };
      previous.set(id, ctxId);
      const before = deps.states.get(id);
      const after = deps.states.set(id, state, attributes, {
        context: { id: ctxId, parentId, origin },
        replica: times,
      });
      if (after !== before) counts.applied++;
    }
  };

  return {
    name: 'cluster state exchange',
    counts: () => ({ ...counts }),
    async start() {
      disposers.push(
        deps.bus.on('state_changed', (e) => {
          // an entity's first state when discovery builds it, every instance writes itself
          if (e.replica || !e.new_state || e.context.origin === DISCOVERY_ORIGIN) return;
          pending.push(e.new_state);
          timer ??= setTimeout(flush, flushMs);
        }),
        await deps.messages.subscribe(`${CLUSTER_PREFIX}/+/states`, onBatch, { qos: 0 }),
      );
    },
    async stop() {
      for (const off of disposers.splice(0)) off();
      if (timer) clearTimeout(timer);
      if (pending.length > 0) flush();
    },
  };
}
