/**
 * Action steps (Home Assistant's script syntax). A step's kind is decided by the key it has, in the
 * order Home Assistant checks them; the model tags each step with `kind`.
 * Modelled: call, delay, wait_template, wait_for_trigger, condition, event, repeat, choose, if,
 * variables, stop, sequence, parallel, device actions (`device_id`), and `scene: scene.x` (a `scene.turn_on`
 * call, as Home Assistant runs it) and set_conversation_response (`./conversation.ts`).
 */
import { z } from 'zod';
import { actionCommon, callAction, type CallAction } from './call-action.js';
import { delay, fireEvent, sceneStep, setVariables, stop, waitForTrigger, waitTemplate } from './leaf-actions.js';
import { conditionList, conditionSchema, type Condition } from './conditions.js';
import { setConversationResponse, type SetConversationResponseAction } from './conversation.js';
import { closest, fields, isRecord, isTemplate, listOf, report, runInner } from './fields.js';
import { deviceAction } from '../device-automation/schema.js';
import { haBoolean, haString } from './values.js';

export type ActionCommon = z.output<z.ZodObject<typeof actionCommon>>;

const actionsField: z.ZodType<Action[], unknown> = z.lazy(() => actionList);

const coe = z.object({ continue_on_error: haBoolean.default(false) });
/** `- condition: "{{ … }}"` as a step: HA's CONDITION_ACTION_SCHEMA template shorthand (steps only). */
const templateShorthand = (v: Record<string, unknown>): Record<string, unknown> =>
  isTemplate(v['condition']) ? { ...v, condition: 'template', value_template: v['condition'] } : v;
/**
 * An inline condition: the rest of the sequence runs only when it passes. Written `condition:` (a type, a
 * template or a list) or as `and:` / `or:` / `not:`, which Home Assistant's ACTIONS_MAP also takes for a step.
 */
const conditionStep = z.unknown().transform((v, ctx) => {
  const { continue_on_error: flag, ...rest } = isRecord(v) ? v : {};
  const condition = runInner(conditionSchema, templateShorthand(rest), ctx);
  const flags = runInner(coe, { continue_on_error: flag }, ctx);
  if (!condition || !flags) return z.NEVER;
  const { continue_on_error } = flags;
  return {
    kind: 'condition' as const,
    ...(condition.alias !== undefined ? { alias: condition.alias } : {}),
    enabled: condition.enabled,
    continue_on_error,
    condition,
  };
});

export type DelayAction = z.output<typeof delay>;
export type WaitTemplateAction = z.output<typeof waitTemplate>;
export type WaitForTriggerAction = z.output<typeof waitForTrigger>;
export type EventAction = z.output<typeof fireEvent>;
export type VariablesAction = z.output<typeof setVariables>;
export type StopAction = z.output<typeof stop>;
export type DeviceAction = z.output<typeof deviceAction>;
export type ConditionAction = z.output<typeof conditionStep>;

// The steps that contain steps. Their recursive fields are spelled out here (TypeScript cannot infer
// a recursive type from a schema); everything else comes from the schemas.
export interface ChooseOption {
  alias?: string;
  conditions: Condition[];
  sequence: Action[];
}
export interface ChooseAction extends ActionCommon {
  kind: 'choose';
  choose: ChooseOption[];
  default?: Action[];
}
export interface IfAction extends ActionCommon {
  kind: 'if';
  if: Condition[];
  then: Action[];
  else?: Action[];
}
export type RepeatSpec = (
  | { mode: 'count'; count: number | string }
  | { mode: 'while'; while: Condition[] }
  | { mode: 'until'; until: Condition[] }
  | { mode: 'for_each'; for_each: unknown[] | string }
) & { sequence: Action[] };
export interface RepeatAction extends ActionCommon {
  kind: 'repeat';
  repeat: RepeatSpec;
}
export interface SequenceAction extends ActionCommon {
  kind: 'sequence';
  sequence: Action[];
}
export interface ParallelAction extends ActionCommon {
  kind: 'parallel';
  parallel: Action[];
}

export type Action =
  | CallAction
  | DelayAction
  | WaitTemplateAction
  | WaitForTriggerAction
  | EventAction
  | VariablesAction
  | StopAction
  | DeviceAction
  | ConditionAction
  | ChooseAction
  | IfAction
  | RepeatAction
  | SequenceAction
  | ParallelAction
  | SetConversationResponseAction;

const chooseOption = fields('choose option', {
  alias: haString.optional(),
  conditions: conditionList,
  sequence: actionsField,
});
const choose: z.ZodType<ChooseAction, unknown> = fields('choose action', {
  ...actionCommon,
  choose: listOf(chooseOption, 'option', 1),
  default: actionsField.optional(),
}).transform((a) => ({ kind: 'choose' as const, ...a }));

const ifThen: z.ZodType<IfAction, unknown> = fields('if action', {
  ...actionCommon,
  if: conditionList,
  // biome-ignore lint/suspicious/noThenProperty: Home Assistant's `if`/`then`/`else` action key
  then: actionsField,
  else: actionsField.optional(),
}).transform((a) => ({ kind: 'if' as const, ...a }));

const count = z.unknown().transform((v, ctx): number | string => {
  if (typeof v === 'string' && isTemplate(v)) return v;
  const n = typeof v === 'number' ? v : typeof v === 'string' && /^\s*\d+\s*$/.test(v) ? Number(v) : NaN;
  if (Number.isInteger(n) && n >= 0) return n;
  report(ctx, `expected a count (a whole number or a template), got ${JSON.stringify(v)}`);
  return z.NEVER;
});
const forEach = z.unknown().transform((v, ctx): unknown[] | string => {
  if (Array.isArray(v) || (typeof v === 'string' && isTemplate(v))) return v as unknown[] | string;
  report(ctx, 'expected a list of items or a template for for_each');
  return z.NEVER;
});
const LOOPS = ['count', 'while', 'until', 'for_each'] as const;
const repeatSpec = fields('repeat', {
  count: count.optional(),
  while: conditionList.optional(),
  until: conditionList.optional(),
  for_each: forEach.optional(),
  sequence: actionsField,
})
  .superRefine((r, ctx) => {
    const given = LOOPS.filter((k) => r[k] !== undefined);
    if (given.length !== 1)
      report(
        ctx,
        `a repeat needs exactly one of ${LOOPS.join(', ')}`,
        [],
        given.length > 1 ? { hint: `found ${given.join(' and ')}` } : {},
      );
  })
  .transform((r): RepeatSpec => {
    const { sequence } = r;
    if (r.count !== undefined) return { mode: 'count', count: r.count, sequence };
    if (r.while !== undefined) return { mode: 'while', while: r.while, sequence };
    if (r.until !== undefined) return { mode: 'until', until: r.until, sequence };
    return { mode: 'for_each', for_each: r.for_each ?? [], sequence };
  });
const repeat: z.ZodType<RepeatAction, unknown> = fields('repeat action', {
  ...actionCommon,
  repeat: repeatSpec,
}).transform((a) => ({
  kind: 'repeat' as const,
  ...a,
}));

const sequence: z.ZodType<SequenceAction, unknown> = fields('sequence action', {
  ...actionCommon,
  sequence: actionsField,
}).transform((a) => ({
  kind: 'sequence' as const,
  ...a,
}));
const parallel: z.ZodType<ParallelAction, unknown> = fields('parallel action', {
  ...actionCommon,
  parallel: actionsField,
}).transform((a) => ({
  kind: 'parallel' as const,
  ...a,
}));

/** Which key makes a mapping which step, in Home Assistant's order of precedence. */
const BY_KEY: ReadonlyArray<readonly [string, z.ZodType<Action, unknown>]> = [
  ['delay', delay],
  ['wait_template', waitTemplate],
  ['wait_for_trigger', waitForTrigger],
  ['condition', conditionStep],
  ['and', conditionStep],
  ['or', conditionStep],
  ['not', conditionStep],
  ['event', fireEvent],
  ['scene', sceneStep],
  ['repeat', repeat],
  ['choose', choose],
  ['if', ifThen],
  ['variables', setVariables],
  ['stop', stop],
  ['sequence', sequence],
  ['parallel', parallel],
  ['set_conversation_response', setConversationResponse],
  ['action', callAction],
  ['service', callAction],
  ['service_template', callAction],
  // after the action keys: a device_id next to an action name is that call's target
  ['device_id', deviceAction],
];
const ACTION_KEYS = BY_KEY.map(([k]) => k);

/** Steps Home Assistant has and Switchyard does not: key, message, hint. */
const UNSUPPORTED: ReadonlyArray<readonly [string, string, string]> = [];

/** One step, in any spelling, normalised to `{kind, …}`. */
export const actionSchema: z.ZodType<Action, unknown> = z.unknown().transform((v, ctx): Action => {
  if (!isRecord(v)) {
    report(ctx, 'expected an action (a mapping such as `action: light.turn_on`)');
    return z.NEVER;
  }
  const found = BY_KEY.find(([key]) => key in v);
  const unsupported = UNSUPPORTED.find(([key]) => key in v && !found);
  if (unsupported) {
    report(ctx, unsupported[1], [unsupported[0]], { hint: unsupported[2] });
    return z.NEVER;
  }
  if (found) return runInner(found[1], v, ctx) ?? z.NEVER;
  const typo = Object.keys(v)
    .map((k) => [k, closest(k, ACTION_KEYS)] as const)
    .find(([, match]) => match !== undefined);
  if (typo)
    report(ctx, `unknown key '${typo[0]}' in action`, [typo[0]], {
      unknown_key: typo[0],
      hint: `did you mean '${typo[1]}'?`,
    });
  else
    report(ctx, 'not an action: no action key found', [], { hint: `an action has one of: ${ACTION_KEYS.join(', ')}` });
  return z.NEVER;
});

/** `actions:` — a list of steps, or one step. */
export const actionList: z.ZodType<Action[], unknown> = listOf(actionSchema, 'action');
