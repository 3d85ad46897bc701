/**
 * The `sun` trigger and condition, as Home Assistant's `components/sun/trigger.py` (`event: sunrise|sunset`,
 * `offset`, default 0) and `condition.py` (`before`/`after` with `before_offset`/`after_offset`, at least one of
 * `before` and `after`; newer Home Assistant also nests them under `options:`) validate them. Offsets are
 * `cv.time_period` ("-00:45:00", seconds, or hours/minutes/seconds), never templates; they become milliseconds.
 */
import { z } from 'zod';
import { fields, isRecord, report, variant } from './fields.js';
import { choice, haBoolean, haString, idText, signedDuration, variablesSchema } from './values.js';

const sunEvent = choice(['sunrise', 'sunset']);

/** A signed duration known when the automation loads, in ms. */
const sunOffset = signedDuration.transform((d, ctx): number => {
  if (d.kind === 'fixed') return d.ms;
  report(ctx, 'a sun offset cannot be a template', [], { hint: "write it as '-00:45:00' or {minutes: -45}" });
  return z.NEVER;
});

export const sunTrigger = variant(
  'sun trigger',
  {
    id: idText.optional(),
    alias: haString.optional(),
    enabled: haBoolean.default(true),
    variables: variablesSchema.optional(),
    trigger: z.literal('sun'),
    event: sunEvent,
    offset: sunOffset.default(0),
  },
  (s) => s,
);

const bounds = {
  before: sunEvent.optional(),
  before_offset: sunOffset.optional(),
  after: sunEvent.optional(),
  after_offset: sunOffset.optional(),
};

export const sunCondition = variant(
  'sun condition',
  {
    alias: haString.optional(),
    enabled: haBoolean.default(true),
    condition: z.literal('sun'),
    ...bounds,
    options: fields('sun condition options', bounds).optional(),
  },
  (s) =>
    s
      .transform(({ options, ...rest }) => ({ ...rest, ...(isRecord(options) ? options : {}) }))
      .superRefine((c, ctx) => {
        if (c.before === undefined && c.after === undefined)
          report(ctx, "a sun condition needs 'before', 'after' or both", [], {
            hint: 'e.g. after: sunset, after_offset: "-00:30:00"',
          });
      }),
);
