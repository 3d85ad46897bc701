/**
 * The `zone` trigger and condition as Home Assistant validates them (`components/zone/trigger.py` TRIGGER_SCHEMA:
 * entity_id (one or more), zone (one zone entity), event `enter` (default) or `leave`; `zone/condition.py`:
 * entity_id and zone, each one or more, and a deprecated `event` that is accepted and ignored).
 */
import { z } from 'zod';
import { report, variant } from './fields.js';
import { choice, entityIds, haBoolean, haString, idText, variablesSchema } from './values.js';

const zoneIds = (many: boolean) =>
  entityIds().transform((ids, ctx): string[] => {
    for (const [i, id] of ids.entries())
      if (!id.startsWith('zone.'))
        report(ctx, `'${id}' is not a zone`, ids.length > 1 ? [i] : [], {
          hint: "zones are 'zone.<name>', e.g. zone.home",
        });
    if (!many && ids.length !== 1) report(ctx, 'a zone trigger takes one zone');
    return ids;
  });

export const zoneTrigger = variant(
  'zone trigger',
  {
    id: idText.optional(),
    alias: haString.optional(),
    enabled: haBoolean.default(true),
    variables: variablesSchema.optional(),
    trigger: z.literal('zone'),
    entity_id: entityIds(),
    zone: zoneIds(false).transform((ids) => ids[0] ?? ''),
    event: choice(['enter', 'leave']).default('enter'),
  },
  (s) => s,
);

export const zoneCondition = variant(
  'zone condition',
  {
    alias: haString.optional(),
    enabled: haBoolean.default(true),
    condition: z.literal('zone'),
    entity_id: entityIds(),
    zone: zoneIds(true),
    // "to support use_trigger_value in automation", deprecated in 2016: accepted, without effect
    event: choice(['enter', 'leave']).optional(),
  },
  (s) => s,
);
