// Which instance runs a trigger that fired (docs/scale-out.md). Every instance arms every trigger and sees every
// state change (the state exchange), so a trigger fires on all of them; only the instance holding the
// `automations` lease runs it. Before it does, it says so on `switchyard/cluster/<instance>/fired`: on the same
// connection as the run's commands and before them, so a command that reached the broker had its mark sent first.
// The others keep what fired as pending until the leader's mark for it comes (or a mark that came first is found).
// When the leader is gone and this instance takes over, what fired in the window without a leader and has no
// mark is run then: no run is lost, and none is run twice.
import { z } from 'zod';
import type { Clock } from '../../core/clock.js';
import type { Unsubscribe } from '../../core/event-bus.js';
import type { Logger } from '../../core/logger.js';
import type { IncomingMessage, MessageBus, Service } from '../../core/ports.js';
import type { FireGate } from '../../automations/cluster-ports.js';
import type { TriggerFire } from '../../automations/triggers/types.js';
import { CLUSTER_PREFIX } from './state-exchange.js';

export interface FiringGateDeps {
  messages: MessageBus;
  instance: string;
  clock: Clock;
  log: Logger;
  /** whether this instance holds the automations lease now */
  leads(): boolean;
  /** how long pending fires and marks are kept (default 30 s; longer than a take-over's window) */
  horizonMs?: number;
  /** the most pending fires kept (default 10,000; the oldest beyond are dropped and counted) */
  maxPending?: number;
}

export interface FiringGateCounts {
  /** fires this instance ran as the leader */
  ran: number;
  /** fires another instance marked as run */
  handledElsewhere: number;
  /** fires run when this instance took over, the leader gone before marking them */
  takenOver: number;
  /** fires no leader marked within the horizon (a trigger that fired here and not on the leader), dropped */
  unmarked: number;
  /** marks refused (not a mark) */
  refused: number;
}

export interface FiringGate extends FireGate, Service {
  /** runs the pending fires since `sinceMs` (this clock) that no mark covers; forgets the older ones */
  takeOver(sinceMs: number): number;
  counts(): FiringGateCounts;
  readonly pending: number;
}

interface Pending {
  readonly key: string;
  readonly at: number;
  readonly fire: TriggerFire;
  readonly handle: () => void;
}

/** a mark on the wire: the fire's key (fireKey) and when the leader ran it (its clock, ms) */
const MarkSchema = z.object({ k: z.string(), t: z.number() });
type Mark = z.infer<typeof MarkSchema>;

/** the same fire on two instances is recognised within this much of their clocks (receive times differ) */
const MATCH_MS = 2_000;

/**
 * What makes a fire the same on every instance: the automation, its trigger and what it saw — the state it went to
 * (state, numeric_state, template…) or the payload (MQTT) — matched one to one within MATCH_MS. Not the context: a
 * change every instance makes itself (an entity discovered, a group's state) has a context of its own on each; the
 * state exchange carries the context only of the changes one instance made for all. Not the state it went from:
 * instances may disagree on that, never on the new value. A reading the broker hands to this instance less than the
 * exchange's 10 ms after the one before reached another instance arrives before that one's replica (which is then
 * older than what is held, and not applied): here the sensor went unknown → 2, on the leader 1 → 2, and keyed on both
 * states this fire matched no mark and ran a second time on a fail-over (seen in cluster-failover.test.ts).
 */
export function fireKey(automationId: string, fire: TriggerFire): string {
  const v = fire.variables as { payload?: unknown; to_state?: unknown };
  const stateOf = (s: unknown) => (s && typeof s === 'object' ? String((s as { state?: unknown }).state) : '');
  const seen = typeof v.payload === 'string' ? v.payload : 'to_state' in v ? stateOf(v.to_state) : '';
  return `${automationId}\u0000${fire.idx}\u0000${fire.description}\u0000${seen}`;
}

export function createFiringGate(deps: FiringGateDeps): FiringGate {
  const { log, clock } = deps;
  const horizon = deps.horizonMs ?? 30_000;
  const maxPending = deps.maxPending ?? 10_000;
  const markTopic = `${CLUSTER_PREFIX}/${deps.instance}/fired`;
  const counts: FiringGateCounts = { ran: 0, handledElsewhere: 0, takenOver: 0, unmarked: 0, refused: 0 };
  let pending: Pending[] = [];
  /** marks not matched yet, by key: the times they were made at */
  const marks = new Map<string, number[]>();
  let disposers: Unsubscribe[] = [];
  let sweeper: NodeJS.Timeout | undefined;

  const now = () => clock.now().getTime();
  const takeMark = (key: string, at: number): boolean => {
    const times = marks.get(key);
    const i = times?.findIndex((t) => Math.abs(t - at) <= MATCH_MS) ?? -1;
    if (!times || i < 0) return false;
    times.splice(i, 1);
    if (times.length === 0) marks.delete(key);
    return true;
  };
  const sweep = () => {
    const oldest = now() - horizon;
    const expired = pending.filter((p) => p.at < oldest);
    if (expired.length > 0) {
      pending = pending.filter((p) => p.at >= oldest);
      counts.unmarked += expired.length;
      for (const p of expired) p.fire.reply?.(null);
    }
    for (const [key, times] of marks) {
      const kept = times.filter((t) => t >= oldest);
      if (kept.length === 0) marks.delete(key);
      else if (kept.length !== times.length) marks.set(key, kept);
    }
  };
  const onMark = (m: IncomingMessage) => {
    if (m.topic === markTopic || m.retain) return;
    let mark: Mark | undefined;
    try {
      mark = MarkSchema.safeParse(JSON.parse(m.payload.toString('utf8'))).data;
    } catch {
      mark = undefined;
    }
    if (!mark) {
      counts.refused++;
      log.warn('a fired-trigger mark from another instance refused', { topic: m.topic, bytes: m.payload.length });
      return;
    }
    const { k: key, t: at } = mark;
    const i = pending.findIndex((p) => p.key === key && Math.abs(p.at - at) <= MATCH_MS);
    if (i >= 0) {
      pending.splice(i, 1)[0]?.fire.reply?.(null);
      counts.handledElsewhere++;
      return;
    }
    const times = marks.get(key);
    if (times) times.push(at);
    else marks.set(key, [at]);
  };

  return {
    name: 'cluster firing gate',
    get pending() {
      return pending.length;
    },
    counts: () => ({ ...counts }),
    offer(automationId, fire, handle) {
      const key = fireKey(automationId, fire);
      const at = now();
      // a mark the instance before made for this fire (its trigger fired here only after the take-over): run once.
      // Marks are kept only while some other instance marks, so a leader alone looks into an empty map.
      if (marks.size > 0 && takeMark(key, at)) {
        counts.handledElsewhere++;
        fire.reply?.(null);
        return;
      }
      if (deps.leads()) {
        counts.ran++;
        // QoS 0 on a connected client is written at once, ahead of anything the run publishes
        deps.messages
          .publish(markTopic, JSON.stringify({ k: key, t: at }), { qos: 0 })
          .catch((err: unknown) =>
            log.warn('could not mark a fired trigger for the other instances', { err: String(err) }),
          );
        handle();
        return;
      }
      if (takeMark(key, at)) {
        counts.handledElsewhere++;
        fire.reply?.(null);
        return;
      }
      pending.push({ key, at, fire, handle });
      if (pending.length > maxPending) {
        const dropped = pending.splice(0, pending.length - maxPending);
        counts.unmarked += dropped.length;
        for (const p of dropped) p.fire.reply?.(null);
      }
    },
    takeOver(sinceMs) {
      sweep();
      const due = pending.filter((p) => p.at >= sinceMs);
      counts.unmarked += pending.length - due.length;
      for (const p of pending) if (p.at < sinceMs) p.fire.reply?.(null);
      pending = [];
      // the marks stay until the horizon: a fire of the instance before that comes here only now finds its mark
      for (const p of due) {
        counts.takenOver++;
        deps.messages
          .publish(markTopic, JSON.stringify({ k: p.key, t: p.at }), { qos: 0 })
          .catch((err: unknown) => log.warn('could not mark a fired trigger', { err: String(err) }));
        p.handle();
      }
      if (due.length > 0) log.info('ran the triggers that fired while no instance led', { runs: due.length });
      return due.length;
    },
    async start() {
      disposers = [await deps.messages.subscribe(`${CLUSTER_PREFIX}/+/fired`, onMark, { qos: 0 })];
      sweeper = setInterval(sweep, Math.min(horizon, 5_000));
      sweeper.unref();
    },
    async stop() {
      if (sweeper) clearInterval(sweeper);
      for (const off of disposers.splice(0)) off();
      for (const p of pending) p.fire.reply?.(null);
      pending = [];
      marks.clear();
    },
  };
}
