/**
 * Triggers: `- trigger: <type>` (2024.10) or `- platform: <type>` (legacy), one schema per type.
 * Modelled: state, numeric_state, mqtt, device (MQTT device triggers and entity domains' device triggers), time, time_pattern, homeassistant, event,
 * template, tag (tags read by MQTT tag scanners or scanned through the API), sun (`./sun.ts`), zone (`./zone.ts`),
 * webhook (`./webhook.ts`), conversation (`./conversation.ts`).
 * Home Assistant's other trigger types are reported as unsupported, with a hint.
 */
import { z } from 'zod';
import { dispatch, isRecord, isTemplate, listOf, report, runInner, variant, fields, type Variant } from './fields.js';
import { sunTrigger } from './sun.js';
import { conversationTrigger } from './conversation.js';
import { webhookTrigger } from './webhook.js';
import { zoneTrigger } from './zone.js';
import { checkDevice, deviceShape, deviceVariant, shapeKeys } from '../device-automation/schema.js';
import { MQTT_TRIGGER, TRIGGER_SPECS } from '../device-automation/spec.js';
import {
  choice,
  duration,
  entityIds,
  haBoolean,
  haString,
  idText,
  numberOrEntity,
  qosSchema,
  signedDuration,
  stateValues,
  subscribeTopic,
  template,
  timeOfDay,
  variablesSchema,
  weekdays,
} from './values.js';

/** Keys every trigger accepts. */
const common = {
  id: idText.optional(),
  alias: haString.optional(),
  enabled: haBoolean.default(true),
  variables: variablesSchema.optional(),
};

const state = variant(
  'state trigger',
  {
    ...common,
    trigger: z.literal('state'),
    entity_id: entityIds(),
    from: stateValues(true).optional(),
    to: stateValues(true).optional(),
    not_from: stateValues().optional(),
    not_to: stateValues().optional(),
    attribute: haString.optional(),
    for: duration.optional(),
  },
  (s) =>
    s.superRefine((t, ctx) => {
      if ('from' in t && 'not_from' in t) report(ctx, "'from' and 'not_from' cannot be used together", ['not_from']);
      if ('to' in t && 'not_to' in t) report(ctx, "'to' and 'not_to' cannot be used together", ['not_to']);
    }),
);

const numericState = variant(
  'numeric_state trigger',
  {
    ...common,
    trigger: z.literal('numeric_state'),
    entity_id: entityIds(),
    above: numberOrEntity.optional(),
    below: numberOrEntity.optional(),
    attribute: haString.optional(),
    value_template: template.optional(),
    for: duration.optional(),
  },
  (s) =>
    s.superRefine((t, ctx) => {
      if (t.above === undefined && t.below === undefined)
        report(ctx, "a numeric_state trigger needs 'above', 'below' or both");
    }),
);

const mqtt = variant(
  'mqtt trigger',
  {
    ...common,
    trigger: z.literal('mqtt'),
    topic: subscribeTopic,
    payload: haString.optional(),
    value_template: template.optional(),
    qos: qosSchema.default(0),
    encoding: haString.default('utf-8'),
  },
  (s) => s,
);

/**
 * A device trigger as Home Assistant's automation editor writes it: `domain: mqtt` with the `type` and `subtype`
 * (or `discovery_id`) a `device_automation` discovery config announced, or an entity domain (light, binary_sensor,
 * sensor, cover, …) with the entity and the domain's type (`device-automation/spec.ts`).
 */
const deviceKeys = deviceShape([TRIGGER_SPECS], [MQTT_TRIGGER]);
const deviceFamily = variant('device trigger', { ...common, trigger: z.literal('device'), ...deviceKeys }, (s) =>
  s.transform((t, ctx) => {
    const fields = checkDevice(
      { what: 'device trigger', specs: TRIGGER_SPECS, integrations: { mqtt: MQTT_TRIGGER } },
      t,
      shapeKeys(deviceKeys),
      ctx,
    );
    const { id, alias, enabled, variables } = t;
    return {
      ...(id !== undefined ? { id } : {}),
      ...(alias !== undefined ? { alias } : {}),
      enabled,
      ...(variables !== undefined ? { variables } : {}),
      trigger: 'device' as const,
      ...fields,
    };
  }),
);
const device = deviceVariant(
  { what: 'device trigger', specs: TRIGGER_SPECS, integrations: { mqtt: MQTT_TRIGGER } },
  deviceFamily,
  deviceKeys,
);

/** One `at:` entry of a time trigger. */
export type TimeAt =
  | { kind: 'time'; time: string }
  | { kind: 'entity'; entity_id: string; offset?: z.output<typeof signedDuration> }
  | { kind: 'template'; template: string };

const atEntity = fields('time trigger entry', { entity_id: entityIds(), offset: signedDuration.optional() });
const timeAt = z.unknown().transform((v, ctx): TimeAt => {
  const time = timeOfDay(v);
  if (time !== undefined) return { kind: 'time', time };
  if (typeof v === 'string' && isTemplate(v)) return { kind: 'template', template: v };
  if (typeof v === 'string' && /^\s*\d+:\d/.test(v)) {
    report(ctx, `'${v}' is not a valid time of day`, [], { hint: "write it as HH:MM or HH:MM:SS, e.g. '07:30'" });
    return z.NEVER;
  }
  if (typeof v === 'string' || isRecord(v)) {
    const entry = runInner(atEntity, isRecord(v) ? v : { entity_id: v }, ctx);
    if (!entry) return z.NEVER;
    if (entry.entity_id.length !== 1) report(ctx, "'at' takes one entity id per entry", ['entity_id']);
    const [id] = entry.entity_id;
    return { kind: 'entity', entity_id: id ?? '', ...(entry.offset ? { offset: entry.offset } : {}) };
  }
  report(ctx, "expected a time like '07:00' or '07:00:00', an entity id, or {entity_id, offset}");
  return z.NEVER;
});

const time = variant(
  'time trigger',
  { ...common, trigger: z.literal('time'), at: listOf(timeAt, 'time', 1), weekday: weekdays.optional() },
  (s) => s,
);

/** A time_pattern field: any value, a fixed value, or every n-th value ("/n"). */
export type TimeMatch = { kind: 'any' } | { kind: 'value'; value: number } | { kind: 'every'; every: number };

function timeMatch(max: number, unit: string) {
  return z.unknown().transform((v, ctx): TimeMatch => {
    const text = typeof v === 'number' ? String(v) : typeof v === 'string' ? v.trim() : '';
    if (text === '*') return { kind: 'any' };
    const m = /^(\/)?(\d+)$/.exec(text);
    const n = m ? Number(m[2]) : NaN;
    if (m?.[1] && n >= 1 && n <= max) return { kind: 'every', every: n };
    if (m && !m[1] && n <= max) return { kind: 'value', value: n };
    report(ctx, `expected ${unit} 0–${max}, "*" or "/n", got ${JSON.stringify(v)}`);
    return z.NEVER;
  });
}

const timePattern = variant(
  'time_pattern trigger',
  {
    ...common,
    trigger: z.literal('time_pattern'),
    hours: timeMatch(23, 'hours').optional(),
    minutes: timeMatch(59, 'minutes').optional(),
    seconds: timeMatch(59, 'seconds').optional(),
  },
  (s) =>
    s
      .superRefine((t, ctx) => {
        if (!t.hours && !t.minutes && !t.seconds)
          report(ctx, "a time_pattern trigger needs 'hours', 'minutes' or 'seconds'");
      })
      // Home Assistant's rule: a larger unit without the smaller ones means the smaller ones are 0.
      .transform(({ hours, minutes, seconds, ...rest }) => {
        const zero: TimeMatch = { kind: 'value', value: 0 };
        const m = minutes ?? (hours ? zero : undefined);
        const sec = seconds ?? (m ? zero : undefined);
        const any: TimeMatch = { kind: 'any' };
        return { ...rest, hours: hours ?? any, minutes: m ?? any, seconds: sec ?? any };
      }),
);

const homeassistant = variant(
  'homeassistant trigger',
  { ...common, trigger: z.literal('homeassistant'), event: choice(['start', 'shutdown']) },
  (s) => s,
);

const event = variant(
  'event trigger',
  {
    ...common,
    trigger: z.literal('event'),
    event_type: listOf(haString, 'event type', 1),
    event_data: variablesSchema.optional(),
    context: variablesSchema.optional(),
  },
  (s) => s,
);

/** tag/trigger.py TRIGGER_SCHEMA: the tag ids (and, optionally, the scanners' devices) to react to. */
const tag = variant(
  'tag trigger',
  {
    ...common,
    trigger: z.literal('tag'),
    tag_id: listOf(haString, 'tag id'),
    device_id: listOf(haString, 'device id').optional(),
  },
  (s) => s,
);

const templateTrigger = variant(
  'template trigger',
  { ...common, trigger: z.literal('template'), value_template: template, for: duration.optional() },
  (s) => s,
);

const VARIANTS = {
  state,
  numeric_state: numericState,
  mqtt,
  device,
  time,
  time_pattern: timePattern,
  homeassistant,
  event,
  template: templateTrigger,
  tag,
  sun: sunTrigger,
  zone: zoneTrigger,
  webhook: webhookTrigger,
  conversation: conversationTrigger,
};

type VariantOutput<V> = V extends Variant<infer T> ? T : never;
export type Trigger = VariantOutput<(typeof VARIANTS)[keyof typeof VARIANTS]>;
export type TriggerType = Trigger['trigger'];
export const TRIGGER_TYPES = Object.keys(VARIANTS) as TriggerType[];

const NO_HA = 'it needs a Home Assistant integration that Switchyard does not have';
const UNSUPPORTED: Record<string, string> = {
  geo_location: `${NO_HA} (geo_location)`,
  calendar: `${NO_HA} (calendars)`,
  persistent_notification: `${NO_HA} (persistent notifications)`,
  '*.*': 'purpose-specific triggers (like light.turned_on) are not supported; use a state trigger',
};

const triggerSchema: z.ZodType<Trigger, unknown> = z
  .unknown()
  .transform((v, ctx) =>
    dispatch<Trigger>(
      { family: 'trigger', typeKeys: ['trigger', 'platform'], variants: VARIANTS, unsupported: UNSUPPORTED },
      v,
      ctx,
    ),
  );

/** A list item is a trigger or `{triggers: [...]}`, whose triggers are merged into the list. */
const triggerItem: z.ZodType<Trigger[], unknown> = z.unknown().transform((v, ctx) => {
  if (isRecord(v) && 'triggers' in v && !('trigger' in v) && !('platform' in v)) {
    return runInner(fields('trigger group', { triggers: z.lazy(() => triggerList) }), v, ctx)?.triggers ?? z.NEVER;
  }
  const trigger = runInner(triggerSchema, v, ctx);
  return trigger ? [trigger] : z.NEVER;
});

/** `triggers:` — a list, or one trigger; lists given as `{triggers: [...]}` items are flattened. */
export const triggerList: z.ZodType<Trigger[], unknown> = listOf(triggerItem, 'trigger').transform((lists) =>
  lists.flat(),
);
