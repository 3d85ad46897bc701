/**
 * Helpers as Home Assistant defines them in YAML (`input_boolean:`, `input_number:`, … `counter:`, `timer:`):
 * a mapping of object ids to their settings, validated as each integration's CONFIG_SCHEMA does
 * (`homeassistant/components/<domain>/__init__.py`), including the cross-field checks (min < max, initial
 * within range, the initial option among the options).
 */
import { z } from 'zod';
import { haFloat, haInt, iconSchema } from '../../protocol/ha-discovery/common-schema.js';
import { fields, report } from '../schema/fields.js';
import { choice, duration, haBoolean, haString } from '../schema/values.js';
import { parseDate, parseDateTime, parseTime } from './datetime-text.js';

export const HELPER_DOMAINS = [
  'input_boolean',
  'input_number',
  'input_select',
  'input_text',
  'input_datetime',
  'input_button',
  'counter',
  'timer',
] as const;
export type HelperDomain = (typeof HELPER_DOMAINS)[number];

/** `input_boolean: {x:}` — an empty value is a helper with every default */
const orEmpty = <T>(schema: z.ZodType<T, unknown>) => z.preprocess((v) => (v === null ? {} : v), schema);

const common = { name: haString.optional(), icon: iconSchema.optional() };

const inputBoolean = fields('input_boolean', { ...common, initial: haBoolean.optional() });

const inputNumber = fields('input_number', {
  ...common,
  min: haFloat,
  max: haFloat,
  initial: haFloat.optional(),
  step: haFloat.default(1),
  unit_of_measurement: haString.optional(),
  mode: choice(['box', 'slider']).default('slider'),
}).superRefine((c, ctx) => {
  if (!(c.min < c.max)) report(ctx, `maximum (${c.max}) must be greater than minimum (${c.min})`, ['max']);
  if (!(c.step >= 1e-9)) report(ctx, `step must be at least 1e-9, got ${c.step}`, ['step']);
  if (c.initial !== undefined && (c.initial < c.min || c.initial > c.max))
    report(ctx, `initial value ${c.initial} not in range ${c.min}-${c.max}`, ['initial']);
});

const inputSelect = fields('input_select', {
  ...common,
  options: z.array(haString, { error: 'expected a list of options' }),
  initial: haString.optional(),
}).superRefine((c, ctx) => {
  if (c.options.length === 0) report(ctx, 'needs at least one option', ['options']);
  const seen = new Set<string>();
  for (const [i, o] of c.options.entries()) {
    if (seen.has(o)) report(ctx, `duplicate option '${o}'`, ['options', i]);
    seen.add(o);
  }
  if (c.initial !== undefined && !c.options.includes(c.initial))
    report(ctx, `initial state '${c.initial}' is not part of the options: ${c.options.join(', ')}`, ['initial']);
});

const inputText = fields('input_text', {
  ...common,
  min: haInt.default(0),
  max: haInt.default(100),
  initial: haString.optional(),
  unit_of_measurement: haString.optional(),
  pattern: haString.optional(),
  mode: choice(['text', 'password']).default('text'),
}).superRefine((c, ctx) => {
  if (c.min < 0) report(ctx, `min must be at least 0, got ${c.min}`, ['min']);
  if (c.max > 255) report(ctx, `max must be at most 255 (a state's length), got ${c.max}`, ['max']);
  if (c.max < 1) report(ctx, `max must be at least 1, got ${c.max}`, ['max']);
  if (c.min > c.max) report(ctx, `max (${c.max}) must not be less than min (${c.min})`, ['max']);
  if (c.initial !== undefined && (c.initial.length < c.min || c.initial.length > c.max))
    report(ctx, `initial value '${c.initial}' length not in range ${c.min}-${c.max}`, ['initial']);
  if (c.pattern !== undefined) {
    try {
      new RegExp(c.pattern);
    } catch (err) {
      report(ctx, `invalid pattern: ${(err as Error).message}`, ['pattern']);
    }
  }
});

const inputDatetime = fields('input_datetime', {
  ...common,
  has_date: haBoolean.default(false),
  has_time: haBoolean.default(false),
  initial: haString.optional(),
}).superRefine((c, ctx) => {
  if (!c.has_date && !c.has_time) report(ctx, 'at least one of has_date or has_time must be true', []);
  else if (c.initial) {
    // valid_initial: the initial value parses as the kind of value the helper holds
    const [kind, parses] =
      c.has_date && c.has_time
        ? ['a datetime', parseDateTime(c.initial) !== undefined]
        : c.has_date
          ? ['a date', parseDate(c.initial) !== undefined]
          : ['a time', parseTime(c.initial) !== undefined];
    if (!parses) report(ctx, `Initial value '${c.initial}' can't be parsed as ${kind}`, ['initial']);
  }
});

const inputButton = fields('input_button', common);

const optionalInt = z.preprocess((v) => (v === null ? undefined : v), haInt.optional());
const counter = fields('counter', {
  ...common,
  initial: haInt.default(0),
  minimum: optionalInt,
  maximum: optionalInt,
  restore: haBoolean.default(true),
  step: haInt.default(1),
}).superRefine((c, ctx) => {
  if (c.step < 1) report(ctx, `step must be at least 1, got ${c.step}`, ['step']);
  if (c.minimum !== undefined && c.maximum !== undefined && c.minimum > c.maximum)
    report(ctx, `maximum (${c.maximum}) must not be less than minimum (${c.minimum})`, ['maximum']);
});

const timer = fields('timer', {
  ...common,
  duration: duration.optional(),
  restore: haBoolean.default(false),
}).superRefine((c, ctx) => {
  // cv.time_period: a timer's duration is a fixed value, not a template
  if (c.duration !== undefined && c.duration.kind !== 'fixed')
    report(ctx, 'a timer duration cannot be a template', ['duration']);
});

/** The schema of one helper of each domain (its value under `<domain>: {<object_id>: …}`). */
export const HELPER_SCHEMAS = {
  input_boolean: orEmpty(inputBoolean),
  input_number: orEmpty(inputNumber),
  input_select: orEmpty(inputSelect),
  input_text: orEmpty(inputText),
  input_datetime: orEmpty(inputDatetime),
  input_button: orEmpty(inputButton),
  counter: orEmpty(counter),
  timer: orEmpty(timer),
} as const satisfies Record<HelperDomain, z.ZodType<unknown, unknown>>;

export type HelperConfig<D extends HelperDomain> = z.output<(typeof HELPER_SCHEMAS)[D]>;
