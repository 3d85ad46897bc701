/**
 * What the MQTT date, time and datetime platforms (mqtt/date.py, time.py, datetime.py) share: the config
 * (MQTT_RW_SCHEMA + command_template + value_template), state messages (value_template rendered as
 * MqttValueTemplate does (renderValue); "None" → unknown; an empty result is ignored; the text is
 * read by dateutil.parser.parse and a value it cannot read is ignored, as HA logs and ignores it) and
 * `set_value`, published as the value's isoformat() or through command_template, which gets the value as a
 * date/time object (HA passes {"value": value}). Optimistic without a state topic or with `optimistic: true`.
 */
import type { z } from 'zod';
import { entityCommonShape, readWriteShape, templateSchema } from '../common-schema.js';
import { PyDateTimeObject, type PyDatetimeValue } from './date-time-values.js';
import { parseDateutil } from './dateutil-parser.js';
import { CommandError, STATE_UNKNOWN, type PlatformModule } from './platform.js';
import {
  definePlatform,
  optimisticByStateTopic,
  PAYLOAD_NONE,
  publishMsg,
  renderCommand,
  renderValue,
  type BaseConfig,
} from './shared.js';

/** Options the three platforms accept. */
export const dateTimeShape = {
  ...entityCommonShape,
  ...readWriteShape,
  command_template: templateSchema.optional(),
  value_template: templateSchema.optional(),
};

/** The templates each platform compiles. */
export const DATE_TIME_TEMPLATES = ['command_template', 'value_template'] as const;

export type DateTimeBaseConfig = BaseConfig & {
  readonly command_topic: string;
  readonly retain: boolean;
  readonly optimistic: boolean;
  readonly state_topic?: string | undefined;
};

export interface DateTimeKind<C extends DateTimeBaseConfig> {
  readonly domain: 'date' | 'time' | 'datetime';
  readonly schema: z.ZodType<C, unknown>;
  /** What the value is called in the action (HA: ATTR_DATE 'date', ATTR_TIME 'time', ATTR_DATETIME 'datetime'). */
  readonly param: 'date' | 'time' | 'datetime';
  /** Describes the accepted text, for the action and its errors. */
  readonly example: string;
  /** The service schema (cv.date / cv.time / cv.datetime plus the service's own handling), undefined if refused. */
  readonly parseInput: (value: unknown) => PyDatetimeValue | undefined;
  /** What the entity keeps of a parsed state payload, undefined when HA ignores it. */
  readonly fromPayload: (c: C, parsed: PyDatetimeValue) => PyDatetimeValue | undefined;
  /** The entity state of a value. */
  readonly state: (v: PyDatetimeValue) => string;
  /** `value.isoformat()`, the payload without command_template. */
  readonly isoformat: (v: PyDatetimeValue) => string;
}

/** The PlatformModule of one of the three kinds. */
export function dateTimePlatform<C extends DateTimeBaseConfig>(kind: DateTimeKind<C>): PlatformModule<C> {
  return definePlatform<C>({
    domain: kind.domain,
    schema: kind.schema,
    optimistic: optimisticByStateTopic,
    handlers: [
      {
        key: 'state_topic',
        handle: (c, payload) => {
          const text = renderValue(c.templates.value_template, payload);
          if (text === undefined || text === '') return null;
          if (text === PAYLOAD_NONE) return { state: STATE_UNKNOWN };
          const parsed = parseDateutil(text);
          const value = parsed && kind.fromPayload(c, parsed);
          return value ? { state: kind.state(value) } : null;
        },
      },
    ],
    actions: () => ({
      set_value: {
        description: `Set the ${kind.domain === 'datetime' ? 'date and time' : kind.domain} (${kind.example})`,
        params: { [kind.param]: { type: 'string', required: true } },
      },
    }),
    command: (c, _action, data) => {
      const value = kind.parseInput(data[kind.param]);
      if (value === undefined) {
        const got = JSON.stringify(data[kind.param]);
        throw new CommandError(`set_value: '${kind.param}' must be ${kind.example}, got ${got}`);
      }
      const template = c.templates.command_template;
      const payload =
        template === undefined
          ? kind.isoformat(value)
          : renderCommand(template, new PyDateTimeObject(kind.domain, value));
      return {
        publish: [publishMsg(c, c.command_topic, payload)],
        optimistic: optimisticByStateTopic(c) ? { state: kind.state(value) } : null,
      };
    },
  });
}
