/**
 * MQTT time (mqtt/time.py): the state is the time of day dateutil reads from the payload ("10:34",
 * "1:45 PM", the wall-clock time of a full date/time, offset dropped), printed HH:MM:SS[.ffffff];
 * `time.set_value` takes `time` as H:M[:S] (cv.time) and publishes time.isoformat().
 */
import { z } from 'zod';
import { checkAvailabilityExclusive } from '../common-schema.js';
import { parseServiceTime } from './date-time-input.js';
import { DATE_TIME_TEMPLATES, dateTimePlatform, dateTimeShape } from './date-time-shared.js';
import { isoTime } from './date-time-values.js';
import type { PlatformModule } from './platform.js';
import { attachTemplates } from './shared.js';

const schema = z
  .object(dateTimeShape)
  .superRefine(checkAvailabilityExclusive)
  .transform(attachTemplates([...DATE_TIME_TEMPLATES]));

export type TimeConfig = z.output<typeof schema>;

export const timePlatform: PlatformModule<TimeConfig> = dateTimePlatform<TimeConfig>({
  domain: 'time',
  schema,
  param: 'time',
  example: "a time like '10:12' or '10:12:30'",
  parseInput: (value) => {
    const v = parseServiceTime(value);
    return v && { ...v, offset: null };
  },
  fromPayload: (_c, v) => ({ ...v, year: 2000, month: 1, day: 1, offset: null }),
  state: isoTime,
  isoformat: isoTime,
});
