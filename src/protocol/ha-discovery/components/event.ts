/**
 * MQTT event (mqtt/event.py): `state_topic` and `event_types` required. The (rendered) payload must be a
 * JSON object with `event_type` ∈ event_types; its other keys become event attributes. Empty, "None" and
 * "{}" payloads are ignored. As in HA the state is the time the event was received (ISO 8601) and
 * `event_type` is an attribute. HA ignores retained messages here: callers must drop retained payloads
 * before calling onMessage (the retain flag is not part of this interface). Events have no actions.
 */
import { z } from 'zod';
import { isJsonObject } from '../abbreviations.js';
import {
  checkAvailabilityExclusive,
  entityCommonShape,
  haString,
  readOnlyShape,
  stringList,
} from '../common-schema.js';
import type { PlatformModule } from './platform.js';
import { attachTemplates, definePlatform, PAYLOAD_NONE, renderValue } from './shared.js';

const schema = z
  .object({
    ...entityCommonShape,
    ...readOnlyShape,
    device_class: haString.transform((s) => s.toLowerCase()).optional(),
    event_types: stringList,
  })
  .superRefine(checkAvailabilityExclusive)
  .transform(attachTemplates(['value_template']));

export type EventConfig = z.output<typeof schema>;

/** HA's state format for event entities: `datetime.isoformat()` in UTC. */
export const eventTimestamp = (ms: number): string => new Date(ms).toISOString().replace('Z', '+00:00');

export const eventPlatform: PlatformModule<EventConfig> = definePlatform<EventConfig>({
  domain: 'event',
  schema,
  optimistic: () => false,
  attributesBlocked: ['event_type', 'event_types'],
  initialState: (c) => ({ state: 'unknown', attributes: { event_types: c.event_types, event_type: null } }),
  handlers: [
    {
      key: 'state_topic',
      handle: (c, payload) => {
        const rendered = renderValue(c.templates.value_template, payload);
        if (!rendered || rendered === PAYLOAD_NONE || rendered === '{}') return null;
        let parsed: unknown;
        try {
          parsed = JSON.parse(rendered);
        } catch {
          return null;
        }
        if (!isJsonObject(parsed) || !('event_type' in parsed)) return null;
        const { event_type: rawType, ...attributes } = parsed;
        const eventType = typeof rawType === 'string' ? rawType : JSON.stringify(rawType);
        if (!c.event_types.includes(eventType)) return null;
        return { state: eventTimestamp(Date.now()), attributes: { ...attributes, event_type: eventType } };
      },
    },
  ],
  actions: () => ({}),
  command: () => {
    throw new Error('unreachable: event has no actions');
  },
});
