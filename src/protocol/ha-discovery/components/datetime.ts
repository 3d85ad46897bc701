/**
 * MQTT datetime (mqtt/datetime.py). A state payload must carry its UTC offset, unless `timezone` (an IANA
 * zone) is set: then it must not, and the wall time is read in that zone. Anything else is ignored, as is
 * every naive payload when the zone is unknown (HA warns and drops the zone). The state is the value in
 * UTC to the second (2025-01-12T03:00:00+00:00). `datetime.set_value` takes `datetime` as ISO 8601
 * (cv.datetime); a value without offset is in the local zone (HA: its configured zone), and it is
 * published as value.isoformat() with its own offset.
 */
import { z } from 'zod';
import { checkAvailabilityExclusive } from '../common-schema.js';
import { parseServiceDatetime } from './date-time-input.js';
import { DATE_TIME_TEMPLATES, dateTimePlatform, dateTimeShape } from './date-time-shared.js';
import { isoDatetime, toUtc, ZoneClock, type PyDatetimeValue } from './date-time-values.js';
import type { PlatformModule } from './platform.js';
import { attachTemplates } from './shared.js';

const schema = z
  .object({ ...dateTimeShape, timezone: z.string().optional() })
  .superRefine(checkAvailabilityExclusive)
  .transform(attachTemplates([...DATE_TIME_TEMPLATES]))
  // the config's own clock of its zone (undefined when there is none or it is unknown: HA drops it)
  .transform((c) => Object.assign(c, { zoneClock: c.timezone ? ZoneClock.of(c.timezone) : undefined }));

export type DatetimeConfig = z.output<typeof schema>;

function fromPayload(c: DatetimeConfig, v: PyDatetimeValue): PyDatetimeValue | undefined {
  const zone = c.zoneClock;
  if (zone !== undefined) return v.offset === null ? { ...v, offset: zone.offsetOf(v) } : undefined;
  // Python's timezones stay strictly within a day of UTC
  return v.offset !== null && Math.abs(v.offset) < 86_400 ? v : undefined;
}

export const datetimePlatform: PlatformModule<DatetimeConfig> = dateTimePlatform<DatetimeConfig>({
  domain: 'datetime',
  schema,
  param: 'datetime',
  example: "a date and time like '2025-12-01T10:12:00+01:00' (no offset: local time)",
  parseInput: (value) => {
    const v = parseServiceDatetime(value);
    return v && v.offset === null ? { ...v, offset: ZoneClock.local().offsetOf(v) } : v;
  },
  fromPayload,
  state: (v) => isoDatetime(toUtc(v), 'T', true),
  isoformat: (v) => isoDatetime(v),
});
