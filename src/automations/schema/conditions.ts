/**
 * Conditions: `- condition: <type>`, the shorthands `- and: [...]` / `- or: [...]` / `- not: [...]` and
 * `- condition: [...]` (an and), and a bare template string (`- "{{ is_state('sun.sun', 'below_horizon') }}"`),
 * as Home Assistant's CONDITION_SCHEMA and `expand_condition_shorthand` take them.
 * Modelled: state, numeric_state, time, trigger, template, sun (`./sun.ts`), zone (`./zone.ts`), device (`../device-automation/`), and,
 * or, not. Others are reported as unsupported.
 */
import { z } from 'zod';
import { dispatch, fields, isRecord, isTemplate, listOf, report, runInner, variant, type Variant } from './fields.js';
import { sunCondition } from './sun.js';
import { zoneCondition } from './zone.js';
import { checkDevice, deviceShape, deviceVariant, shapeKeys } from '../device-automation/schema.js';
import { CONDITION_SPECS } from '../device-automation/spec.js';
import {
  choice,
  duration,
  entityIds,
  haBoolean,
  haString,
  idText,
  numberOrEntity,
  stateValues,
  template,
  timeOrEntity,
  weekdays,
} from './values.js';

/** Keys every condition accepts. */
const common = { alias: haString.optional(), enabled: haBoolean.default(true) };
export type ConditionCommon = z.output<z.ZodObject<typeof common>>;

/** and / or / not: the only conditions that contain conditions. `not` passes when none of them passes. */
export interface LogicCondition extends ConditionCommon {
  condition: 'and' | 'or' | 'not';
  conditions: Condition[];
}

const conditionsField: z.ZodType<Condition[], unknown> = z.lazy(() => conditionList);

const state = variant(
  'state condition',
  {
    ...common,
    condition: z.literal('state'),
    entity_id: entityIds(),
    state: stateValues(),
    attribute: haString.optional(),
    match: choice(['all', 'any']).default('all'),
    for: duration.optional(),
  },
  (s) => s,
);

const numericState = variant(
  'numeric_state condition',
  {
    ...common,
    condition: z.literal('numeric_state'),
    entity_id: entityIds(),
    above: numberOrEntity.optional(),
    below: numberOrEntity.optional(),
    attribute: haString.optional(),
    value_template: template.optional(),
  },
  (s) =>
    s.superRefine((c, ctx) => {
      if (c.above === undefined && c.below === undefined)
        report(ctx, "a numeric_state condition needs 'above', 'below' or both");
    }),
);

const time = variant(
  'time condition',
  {
    ...common,
    condition: z.literal('time'),
    after: timeOrEntity.optional(),
    before: timeOrEntity.optional(),
    weekday: weekdays.optional(),
  },
  (s) =>
    s.superRefine((c, ctx) => {
      if (!c.after && !c.before && !c.weekday) report(ctx, "a time condition needs 'after', 'before' or 'weekday'");
    }),
);

const triggerCondition = variant(
  'trigger condition',
  { ...common, condition: z.literal('trigger'), id: listOf(idText, 'trigger id', 1) },
  (s) => s,
);

const templateCondition = variant(
  'template condition',
  { ...common, condition: z.literal('template'), value_template: template },
  (s) => s,
);

/**
 * `condition: device` for entity domains (toggle_entity's is_on/is_off, binary_sensor's is_motion…, sensor's
 * is_temperature with above/below, cover, lock, climate, select): `device-automation/spec.ts`.
 */
const deviceKeys = deviceShape([CONDITION_SPECS]);
const deviceFamily = variant('device condition', { ...common, condition: z.literal('device'), ...deviceKeys }, (s) =>
  s.transform((c, ctx) => {
    const fields = checkDevice({ what: 'device condition', specs: CONDITION_SPECS }, c, shapeKeys(deviceKeys), ctx);
    return {
      ...(c.alias !== undefined ? { alias: c.alias } : {}),
      enabled: c.enabled,
      condition: 'device' as const,
      ...fields,
    };
  }),
);
const device = deviceVariant({ what: 'device condition', specs: CONDITION_SPECS }, deviceFamily, deviceKeys);

const logic = <T extends 'and' | 'or' | 'not'>(type: T): Variant<LogicCondition> =>
  variant(`${type} condition`, { ...common, condition: z.literal(type), conditions: conditionsField }, (s) => s);

const LEAVES = {
  state,
  numeric_state: numericState,
  time,
  trigger: triggerCondition,
  template: templateCondition,
  sun: sunCondition,
  zone: zoneCondition,
  device,
};
type VariantOutput<V> = V extends Variant<infer T> ? T : never;
export type LeafCondition = VariantOutput<(typeof LEAVES)[keyof typeof LEAVES]>;
export type Condition = LeafCondition | LogicCondition;

const VARIANTS: Record<string, Variant<Condition>> = {
  ...LEAVES,
  and: logic('and'),
  or: logic('or'),
  not: logic('not'),
};
export const CONDITION_TYPES = Object.keys(VARIANTS);

const UNSUPPORTED: Record<string, string> = {};

/** The shorthands `and: [...]`, `or: [...]`, `not: [...]` (a mapping without `condition:`). */
const SHORTHANDS: Record<'and' | 'or' | 'not', z.ZodType<LogicCondition, unknown>> = {
  and: fields('and condition', { ...common, and: conditionsField }).transform(({ and, ...rest }) => ({
    ...rest,
    condition: 'and' as const,
    conditions: and,
  })),
  or: fields('or condition', { ...common, or: conditionsField }).transform(({ or, ...rest }) => ({
    ...rest,
    condition: 'or' as const,
    conditions: or,
  })),
  not: fields('not condition', { ...common, not: conditionsField }).transform(({ not, ...rest }) => ({
    ...rest,
    condition: 'not' as const,
    conditions: not,
  })),
};

/** `condition: [...]`: Home Assistant's CONDITION_SHORTHAND_SCHEMA, an and of the list. */
const listShorthand: z.ZodType<LogicCondition, unknown> = fields('and condition', {
  ...common,
  condition: conditionsField,
}).transform(({ condition, ...rest }) => ({ ...rest, condition: 'and' as const, conditions: condition }));

/** A condition in any of its spellings, normalised to `{condition: <type>, …}`. */
export const conditionSchema: z.ZodType<Condition, unknown> = z.unknown().transform((v, ctx): Condition => {
  if (typeof v === 'string') {
    if (isTemplate(v)) return { condition: 'template', value_template: v, enabled: true };
    report(ctx, 'a condition written as text must be a template', [], { hint: 'write it as "{{ ... }}"' });
    return z.NEVER;
  }
  const short = isRecord(v) && !('condition' in v) ? (['and', 'or', 'not'] as const).find((k) => k in v) : undefined;
  if (short !== undefined) return runInner(SHORTHANDS[short], v, ctx) ?? z.NEVER;
  if (isRecord(v) && Array.isArray(v['condition']) && !('conditions' in v)) {
    return runInner(listShorthand, v, ctx) ?? z.NEVER;
  }
  return dispatch<Condition>(
    { family: 'condition', typeKeys: ['condition'], variants: VARIANTS, unsupported: UNSUPPORTED },
    v,
    ctx,
  );
});

/** `conditions:` — a list, one condition, or one template string. */
export const conditionList: z.ZodType<Condition[], unknown> = listOf(conditionSchema, 'condition');
