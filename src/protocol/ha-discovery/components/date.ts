/**
 * MQTT date (mqtt/date.py): the state is the date part of whatever dateutil reads from the payload
 * ("1/12/2025" → 2025-01-12, "1 March 2025", "2025.03.01", a time alone → today); `date.set_value`
 * takes `date` as YYYY-MM-DD (cv.date) and publishes date.isoformat().
 */
import { z } from 'zod';
import { checkAvailabilityExclusive } from '../common-schema.js';
import { parseServiceDate } from './date-time-input.js';
import { DATE_TIME_TEMPLATES, dateTimePlatform, dateTimeShape } from './date-time-shared.js';
import { isoDate } from './date-time-values.js';
import type { PlatformModule } from './platform.js';
import { attachTemplates } from './shared.js';

const schema = z
  .object(dateTimeShape)
  .superRefine(checkAvailabilityExclusive)
  .transform(attachTemplates([...DATE_TIME_TEMPLATES]));

export type DateConfig = z.output<typeof schema>;

export const datePlatform: PlatformModule<DateConfig> = dateTimePlatform<DateConfig>({
  domain: 'date',
  schema,
  param: 'date',
  example: "a date like '2025-12-01'",
  parseInput: (value) => {
    const v = parseServiceDate(value);
    return v && { ...v, offset: null };
  },
  fromPayload: (_c, v) => ({ ...v, hour: 0, minute: 0, second: 0, micro: 0, offset: null }),
  state: isoDate,
  isoformat: isoDate,
});
