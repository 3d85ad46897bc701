/**
 * A zone as Home Assistant's `zone:` integration defines it in YAML (`components/zone/__init__.py`): a list of
 * `{name, latitude, longitude, radius (m, default 100), passive, icon}`. `zone.home` comes from the home's
 * location, not from this list.
 */
import { haFloat, iconSchema } from '../../protocol/ha-discovery/common-schema.js';
import { fields, report } from '../schema/fields.js';
import { haBoolean, haString } from '../schema/values.js';

export const zoneSchema = fields('zone', {
  name: haString,
  latitude: haFloat,
  longitude: haFloat,
  radius: haFloat.default(100),
  passive: haBoolean.default(false),
  icon: iconSchema.optional(),
}).superRefine((z, ctx) => {
  if (z.latitude < -90 || z.latitude > 90)
    report(ctx, `latitude must be within -90 and 90, got ${z.latitude}`, ['latitude']);
  if (z.longitude < -180 || z.longitude > 180)
    report(ctx, `longitude must be within -180 and 180, got ${z.longitude}`, ['longitude']);
  if (z.radius < 0) report(ctx, `radius must not be negative, got ${z.radius}`, ['radius']);
});

export type ZoneConfig = ReturnType<typeof zoneSchema.parse>;
