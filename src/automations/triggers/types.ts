/** What every trigger implementation gets and gives. */
import type { Clock } from '../../core/clock.js';
import type { Context } from '../../core/context.js';
import type { Logger } from '../../core/logger.js';
import type { Registry } from '../../core/registry.js';
import type { StateStore } from '../../core/state-store.js';
import type { DeviceResolver } from '../device-automation/ids.js';
import type { Trigger } from '../model.js';
import type { SunSource } from '../sun.js';
import type { TemplateEnv } from '../templates.js';
import type { TriggerIndex } from '../trigger-index.js';
import type { SentenceTriggers } from '../conversation/sentence-triggers.js';
import type { WebhookRegistry } from './webhook-registry.js';
import type { TriggerEvaluations } from '../evaluations.js';
import { after, type Timer } from '../timers.js';

/** A trigger that fired: its `trigger` variable and what caused it. */
export interface TriggerFire {
  readonly idx: number;
  readonly id: string;
  readonly platform: string;
  readonly description: string;
  /** the `trigger` variable templates see */
  readonly variables: Readonly<Record<string, unknown>>;
  /** the context of the state change / event / message that fired it, when known */
  readonly context: Context | null;
  /**
   * who waits for the run (a conversation trigger): told its conversation response once it has ended, or null
   * when it set none or did not run (refused, conditions failed); may be told more than once, the first counts
   */
  readonly reply?: (response: string | null) => void;
}

export type FireHandler = (fire: TriggerFire) => void;

export interface ArmedTrigger {
  stop(): void;
}

export interface TriggerRuntime {
  readonly index: TriggerIndex;
  readonly states: StateStore;
  readonly clock: Clock;
  readonly templates: TemplateEnv;
  readonly log: Logger;
  /** for device triggers */
  readonly registry: Registry;
  /** the home's sun, for sun triggers and conditions; absent when no location is configured */
  readonly sun?: SunSource | undefined;
  /** which device and entity a device trigger, condition or action means (Home Assistant's ids included) */
  readonly devices?: DeviceResolver | undefined;
  /** where webhook triggers register their ids (`POST /api/webhook/<id>`) */
  readonly webhooks?: WebhookRegistry | undefined;
  /** where conversation triggers register their sentences (the conversation use case asks them) */
  readonly sentences?: SentenceTriggers | undefined;
}

/** Arms one trigger; `vars` are the variables its templates see besides `trigger`. */
export type ArmFunction<T extends Trigger> = (
  trigger: T,
  base: TriggerBase,
  runtime: TriggerRuntime,
  vars: Readonly<Record<string, unknown>>,
  fire: FireHandler,
) => ArmedTrigger;

/** The keys every `trigger` variable has. */
export interface TriggerBase {
  readonly idx: number;
  readonly id: string;
  readonly alias: string | null;
  readonly platform: string;
  /** where an automation's entity triggers note each evaluation ("why didn't it fire?"); absent for waits */
  readonly evaluations?: TriggerEvaluations | undefined;
}

/** Builds a fire from the base and the trigger's own variables. */
/** The fields every trigger's variables start with (Home Assistant's `trigger.id`, `idx`, `alias`, `platform`, …). */
export function triggerHead(base: TriggerBase, description: string) {
  return { id: base.id, idx: String(base.idx), alias: base.alias, platform: base.platform, description };
}

/**
 * A fire whose variables the trigger built whole (starting with `triggerHead`): nothing is copied, so properties
 * the trigger makes lazily (a state trigger's `from_state`, `to_state`) stay lazy.
 */
export function fireWith(
  base: TriggerBase,
  variables: Record<string, unknown> & { description: string },
  context: Context | null,
): TriggerFire {
  const { idx, id, platform } = base;
  return { idx, id, platform, description: variables.description, variables, context };
}

export function fireOf(
  base: TriggerBase,
  description: string,
  vars: Record<string, unknown>,
  context: Context | null,
): TriggerFire {
  return {
    idx: base.idx,
    id: base.id,
    platform: base.platform,
    description,
    variables: { id: base.id, idx: String(base.idx), alias: base.alias, platform: base.platform, description, ...vars },
    context,
  };
}

/** Timers keyed by entity (pending `for:` holds), all cancelled on stop. */
export class Holds {
  private readonly timers = new Map<string, { timer: Timer; same: (value: unknown) => boolean; since: number }>();

  has(key: string): boolean {
    return this.timers.has(key);
  }

  /** cancels the hold on `key` when the new value no longer holds it; answers how long it had held (ms) or -1 */
  check(key: string, value: unknown): number {
    const hold = this.timers.get(key);
    return hold && !hold.same(value) ? this.cancel(key) : -1;
  }

  start(key: string, ms: number, same: (value: unknown) => boolean, done: () => void): void {
    this.cancel(key);
    const timer = after(ms, () => {
      this.timers.delete(key);
      done();
    });
    this.timers.set(key, { timer, same, since: Date.now() });
  }

  /** how long the cancelled hold had held (ms, on the timers' clock), or -1 when there was none */
  cancel(key: string): number {
    const hold = this.timers.get(key);
    if (!hold) return -1;
    hold.timer.cancel();
    this.timers.delete(key);
    return Date.now() - hold.since;
  }

  clear(): void {
    for (const key of [...this.timers.keys()]) this.cancel(key);
  }
}
