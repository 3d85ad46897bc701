/**
 * "Why didn't it fire?" (issue 20): the last evaluations of an automation's entity triggers. Each time the trigger
 * index hands a state change to a state, numeric_state, zone or template trigger (device triggers of entity domains
 * are state / numeric_state triggers), the trigger notes what it decided in its automation's ring: the trigger's
 * number, the entity, the old and new watched value as they are (references, never copied), a reason code and one
 * raw detail (a duration, the reading, the range check, an error text). Nothing is formatted here: the sentence is
 * built when someone asks (`evaluation-text.ts`). A fire is linked afterwards to the run it started, or to why it
 * did not run (mode, conditions, loop protection), by `Automation.onFire`.
 *
 * The ring holds the last KEEP evaluations per automation in slots reused in place (their memory does not grow with
 * uptime) and is allocated on the first evaluation: an automation whose triggers watch no entity never pays.
 * Cost, measured with `bench/trigger-evaluations.ts` (Node 20, a shared 2-core machine, best of 15 passes of 5 M
 * changes): an unmatched state-trigger evaluation takes 19–24 ns without the ring and 27–34 ns with it, about +8 ns
 * (`add` alone 8 ns: ten stores into a reused slot, no allocation) — next to the microseconds a message costs.
 */
import type { RunOutcome } from '../core/automation-ports.js';
import type { Clock } from '../core/clock.js';
import type { StateChange } from './trigger-index.js';

/** How many evaluations an automation keeps. */
export const KEEP = 50;

/** Why an evaluation ended as it did: the number stored, the sentence built when asked. */
export const Why = {
  /** matched, fired (no `for`) */
  fired: 1,
  /** matched, `for` started; detail: the ms to hold */
  waiting: 2,
  /** the value held for `for`, fired; detail: the ms held */
  heldFired: 3,
  /** the value changed while waiting; detail: the ms it had held */
  waitCancelled: 4,
  /** matched again while a wait for the same entity runs */
  alreadyWaiting: 5,
  /** `for` could not be worked out; detail: the error text */
  forError: 6,
  /** state: `from` not matched */
  fromMismatch: 7,
  /** state: the old value is one of `not_from` */
  notFrom: 8,
  /** state: `to` not matched */
  toMismatch: 9,
  /** state: the new value is one of `not_to` */
  notTo: 10,
  /** state with `attribute`: the attribute did not change */
  attributeUnchanged: 11,
  /** state with from/to: the state did not change (an attribute-only change) */
  sameValue: 12,
  /** numeric_state: no number (not numeric, attribute missing, value_template error); detail: the reading */
  notNumber: 13,
  /** numeric_state: a number outside the range; detail: the range check */
  outOfRange: 14,
  /** numeric_state: in range, and it was already (no crossing) */
  noCrossing: 15,
  /** the entity was removed */
  entityRemoved: 16,
  /** zone: the old or new state has no location */
  noLocation: 17,
  /** zone: the zone entity does not exist */
  zoneMissing: 18,
  /** zone: not entering (event enter), or not leaving (event leave) */
  zoneNoEvent: 19,
  /** template: renders false (or failed to render) */
  templateFalse: 20,
  /** template: true, and it was already */
  templateStillTrue: 21,
} as const;
export type WhyCode = (typeof Why)[keyof typeof Why];

/** What became of a fire: the run's admission or end, or `own_change` (loop protection: the run caused it). */
export type FireStatus = 'started' | 'queued' | RunOutcome | 'own_change';

/** One evaluation as kept (raw values; `evaluation-text.ts` explains it). */
export interface EvaluationRecord {
  readonly at: string;
  readonly trigger: number;
  readonly entity_id: string;
  readonly from: unknown;
  readonly to: unknown;
  readonly why: WhyCode;
  readonly detail: unknown;
  readonly run_id: string | null;
  readonly status: FireStatus | null;
}

interface Slot {
  seq: number;
  at: string;
  trigger: number;
  entity: string;
  from: unknown;
  to: unknown;
  why: WhyCode;
  detail: unknown;
  runId: string | null;
  status: FireStatus | null;
}

/** When a change happened: its new state's time, or now when the entity was removed. */
export const timeOf = (change: StateChange, clock: Clock): string =>
  change.new_state !== null ? change.new_state.last_updated : clock.now().toISOString();

export class TriggerEvaluations {
  private slots: Slot[] | undefined;
  /** how many were noted so far (the next one's sequence number) */
  private count = 0;
  /** the slot the next one goes to (a division per note cost more than the rest of it) */
  private cursor = 0;
  /** the latest fired evaluation no fire handler has claimed yet, or -1 */
  private fired = -1;

  constructor(private readonly keep = KEEP) {}

  /** Notes one evaluation (the hot path: no allocation once the ring is full, no formatting). */
  add(trigger: number, entity: string, from: unknown, to: unknown, why: WhyCode, detail: unknown, at: string): void {
    const seq = this.count++;
    if (why === Why.fired || why === Why.heldFired) this.fired = seq;
    const i = this.cursor;
    this.cursor = i + 1 === this.keep ? 0 : i + 1;
    if (this.slots === undefined) this.slots = [];
    const slot = this.slots[i];
    if (slot === undefined) {
      this.slots.push({ seq, at, trigger, entity, from, to, why, detail, runId: null, status: null });
      return;
    }
    slot.seq = seq;
    slot.at = at;
    slot.trigger = trigger;
    slot.entity = entity;
    slot.from = from;
    slot.to = to;
    slot.why = why;
    slot.detail = detail;
    slot.runId = null;
    slot.status = null;
  }

  /** The fired evaluation of trigger `idx` just noted, to link to what became of the fire (-1: none). */
  claim(idx: number): number {
    const seq = this.fired;
    this.fired = -1;
    return seq >= 0 && this.slots?.[seq % this.keep]?.trigger === idx ? seq : -1;
  }

  /** Links a claimed evaluation to its run (unless the ring has moved past it since). */
  settle(seq: number, runId: string | null, status: FireStatus): void {
    const slot = seq >= 0 ? this.slots?.[seq % this.keep] : undefined;
    if (slot?.seq !== seq) return;
    slot.runId = runId;
    slot.status = status;
  }

  /** Newest first, only `entityId`'s when given. */
  list(entityId?: string, limit = this.keep): EvaluationRecord[] {
    const out: EvaluationRecord[] = [];
    const slots = this.slots ?? [];
    for (let seq = this.count - 1; seq >= 0 && seq >= this.count - slots.length && out.length < limit; seq--) {
      const s = slots[seq % this.keep];
      if (!s || (entityId !== undefined && s.entity !== entityId)) continue;
      out.push({
        at: s.at,
        trigger: s.trigger,
        entity_id: s.entity,
        from: s.from,
        to: s.to,
        why: s.why,
        detail: s.detail,
        run_id: s.runId,
        status: s.status,
      });
    }
    return out;
  }
}
