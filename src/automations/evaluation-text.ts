/**
 * The evaluations `evaluations.ts` keeps, explained when someone asks: what the trigger wanted (from its config),
 * what it saw, and a plain sentence, e.g. `to: "on" wanted, new state was "off"` or `value 18.5 not above 20`.
 */
import type { NumericReading, RangeCheck } from './conditions/numeric.js';
import { pyFloat } from './conditions/numeric.js';
import { entityTrigger } from './device-automation/triggers.js';
import { Why, type EvaluationRecord, type FireStatus, type WhyCode } from './evaluations.js';
import type { AutomationConfig, Duration, Trigger } from './model.js';
import { toJson } from './native.js';

export type EvaluationOutcome = 'fired' | 'waiting' | 'wait_cancelled' | 'not_matched' | 'error';

/** One evaluation of a trigger for an entity change, as the API shows it. */
export interface TriggerEvaluation {
  readonly time: string;
  readonly trigger: { readonly idx: number; readonly id: string | null; readonly platform: string };
  readonly entity_id: string;
  /** the attribute the trigger watches, null for the state */
  readonly attribute: string | null;
  /** the watched value before and after the change (for a template trigger: its result) */
  readonly from: unknown;
  readonly to: unknown;
  readonly outcome: EvaluationOutcome;
  /** the reason as a code: `to_mismatch`, `not_above`, `held_fired`, … */
  readonly reason: string;
  readonly sentence: string;
  /** the run a fire started (or the trace it left when it did not run) */
  readonly run_id: string | null;
  readonly run_status: FireStatus | null;
}

type Numeric = Extract<Trigger, { trigger: 'numeric_state' }>;

const REASONS: Record<WhyCode, string> = Object.fromEntries(
  Object.entries(Why).map(([name, code]) => [code, name.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`)]),
) as Record<WhyCode, string>;

const show = (v: unknown): string => (v === undefined ? 'nothing' : JSON.stringify(toJson(v) ?? null));
/** a reading as a number when it is one, else as JSON */
const num = (v: unknown): string => (Number.isNaN(pyFloat(v)) ? show(v) : String(pyFloat(v)));
const list = (values: readonly string[]): string =>
  values.length === 1 ? show(values[0]) : `one of ${values.map(show).join(', ')}`;

/** ms as HH:MM:SS (with milliseconds when it has any) */
export function clockText(ms: number): string {
  const s = Math.floor(ms / 1000);
  const pad = (n: number) => String(n).padStart(2, '0');
  const rest = ms % 1000 === 0 ? '' : `.${String(Math.round(ms % 1000)).padStart(3, '0')}`;
  return `${pad(Math.floor(s / 3600))}:${pad(Math.floor(s / 60) % 60)}:${pad(s % 60)}${rest}`;
}
const elapsed = (ms: number): string => (ms < 60_000 ? `${Math.round(ms / 100) / 10} s` : clockText(ms));
const forText = (d: Duration | undefined): string =>
  !d ? '' : d.kind === 'fixed' ? clockText(d.ms) : d.kind === 'template' ? d.template : JSON.stringify(d.parts);

/** What fired became: the run it started, or why it did not run. */
function fireText(status: FireStatus | null, config: AutomationConfig): string {
  switch (status) {
    case null:
      return 'fired';
    case 'started':
      return 'fired: run started';
    case 'queued':
      return `fired: run queued (mode ${config.mode})`;
    case 'failed_conditions':
      return 'fired, but the conditions failed (see the trace)';
    case 'failed_single':
      return 'fired, but blocked by mode single: already running';
    case 'failed_max_runs':
      return `fired, but blocked by mode ${config.mode}: already ${config.max} runs`;
    case 'own_change':
      return "ignored: the change came from this automation's own run (loop protection)";
    default:
      return `fired, the run ended: ${status}`;
  }
}

function numberText(r: EvaluationRecord, t: Numeric | undefined): [string, string] {
  if (r.why === Why.notNumber) {
    const reading = r.detail as NumericReading;
    if (reading.error?.startsWith('template error: '))
      return ['template_error', `value_template error: ${reading.error.slice('template error: '.length)}`];
    if (t?.attribute !== undefined && reading.raw === null && reading.message?.includes('does not exist'))
      return ['attribute_missing', `attribute "${t.attribute}" missing`];
    if (reading.error?.startsWith('unknown entity')) return ['entity_unknown', `entity ${r.entity_id} unknown`];
    return ['not_numeric', `not numeric (${show(reading.raw)})`];
  }
  const range = r.detail as RangeCheck;
  if (range.error !== undefined) return ['threshold_error', range.error];
  if (range.message !== undefined) return ['threshold_unavailable', range.message];
  const value = pyFloat(r.to);
  if (range.below !== undefined && range.below !== null && !(value < range.below))
    return ['not_below', `value ${value} not below ${range.below}`];
  return ['not_above', `value ${value} not above ${range.above}`];
}

const rangeText = (t: Numeric | undefined): string =>
  [t?.above !== undefined ? `above ${t.above}` : '', t?.below !== undefined ? `below ${t.below}` : '']
    .filter(Boolean)
    .join(' and ');

/** [reason, sentence] for a record of trigger `t` (the inner state/numeric_state trigger of a device trigger). */
function explain(r: EvaluationRecord, t: Trigger | undefined, config: AutomationConfig): [string, string] {
  const state = t?.trigger === 'state' ? t : undefined;
  const numeric = t?.trigger === 'numeric_state' ? t : undefined;
  const what = t && 'attribute' in t && t.attribute !== undefined ? `attribute ${t.attribute}` : 'state';
  const reason = REASONS[r.why] ?? String(r.why);
  const forConfig = t && 'for' in t ? (t.for as Duration | undefined) : undefined;
  switch (r.why) {
    case Why.fired:
      return [reason, `matched → ${fireText(r.status, config)}`];
    case Why.heldFired:
      return [reason, `held for ${clockText(r.detail as number)} → ${fireText(r.status, config)}`];
    case Why.waiting:
      return [reason, `matched, for: ${clockText(r.detail as number)} started waiting`];
    case Why.alreadyWaiting:
      return [reason, `matched, but the wait (for: ${forText(forConfig)}) already runs`];
    case Why.waitCancelled:
      return numeric
        ? [reason, `wait cancelled: value ${num(r.to)} left the range after ${elapsed(r.detail as number)}`]
        : [reason, `wait cancelled because it changed to ${show(r.to)} after ${elapsed(r.detail as number)}`];
    case Why.forError:
      return [reason, `matched, but 'for' could not be worked out: ${String(r.detail)}`];
    case Why.fromMismatch:
      return [reason, `from: ${list(state?.from ?? [])} wanted, old ${what} was ${show(r.from)}`];
    case Why.notFrom:
      return [reason, `old ${what} was ${show(r.from)}, which not_from excludes`];
    case Why.toMismatch:
      return [reason, `to: ${list(state?.to ?? [])} wanted, new ${what} was ${show(r.to)}`];
    case Why.notTo:
      return [reason, `new ${what} was ${show(r.to)}, which not_to excludes`];
    case Why.attributeUnchanged:
      return [reason, `${what} unchanged (${show(r.to)}): something else changed`];
    case Why.sameValue:
      return [reason, `same value (${show(r.to)}): an attribute-only change is ignored when from/to is given`];
    case Why.notNumber:
    case Why.outOfRange:
      return numberText(r, numeric);
    case Why.noCrossing:
      return [reason, `value ${num(r.to)}, but it was already ${rangeText(numeric)} (no crossing)`];
    case Why.entityRemoved:
      return [reason, 'the entity was removed'];
    case Why.noLocation:
      return [reason, 'the old or new state has no location (latitude/longitude)'];
    case Why.zoneMissing:
      return [reason, `zone ${t?.trigger === 'zone' ? t.zone : ''} does not exist`];
    case Why.zoneNoEvent:
      return t?.trigger === 'zone' && t.event === 'leave'
        ? ['not_leaving', `not leaving ${t.zone}`]
        : ['not_entering', `not entering ${t?.trigger === 'zone' ? t.zone : 'the zone'}`];
    case Why.templateFalse:
      return [reason, 'the template renders false'];
    case Why.templateStillTrue:
      return [reason, 'the template was already true (fires only when it turns true)'];
  }
  return [reason, reason];
}

function outcomeOf(why: WhyCode, reason: string): EvaluationOutcome {
  if (why === Why.fired || why === Why.heldFired) return 'fired';
  if (why === Why.waiting || why === Why.alreadyWaiting) return 'waiting';
  if (why === Why.waitCancelled) return 'wait_cancelled';
  if (why === Why.forError || reason === 'template_error' || reason === 'threshold_error') return 'error';
  return 'not_matched';
}

/** The records of an automation explained against its config (newest first, as given). */
export function describeEvaluations(
  config: AutomationConfig,
  records: readonly EvaluationRecord[],
): TriggerEvaluation[] {
  return records.map((r) => {
    const written = config.triggers[r.trigger];
    const t = written?.trigger === 'device' ? entityTrigger(written, r.entity_id) : written;
    const [reason, sentence] = explain(r, t, config);
    const attribute = t && 'attribute' in t ? (t.attribute ?? null) : null;
    return {
      time: r.at,
      trigger: { idx: r.trigger, id: written?.id ?? null, platform: written?.trigger ?? 'unknown' },
      entity_id: r.entity_id,
      attribute: typeof attribute === 'string' ? attribute : null,
      from: toJson(r.from) ?? null,
      to: toJson(r.to) ?? null,
      outcome: outcomeOf(r.why, reason),
      reason,
      sentence,
      run_id: r.run_id,
      run_status: r.status,
    };
  });
}
