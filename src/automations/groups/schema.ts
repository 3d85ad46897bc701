/**
 * An old-style group as Home Assistant's `group:` integration defines it in YAML (`components/group/config_flow`
 * aside, `__init__.py` CONFIG_SCHEMA): `group: {<object_id>: {name, entities, all, icon}}`, or just the list of
 * entities (`group: {office: [light.a, light.b]}`), which Home Assistant reads as `{entities: [...]}`.
 */
import { z } from 'zod';
import { iconSchema } from '../../protocol/ha-discovery/common-schema.js';
import { fields } from '../schema/fields.js';
import { entityIds, haBoolean, haString } from '../schema/values.js';

const groupFields = fields('group', {
  name: haString.optional(),
  entities: z.preprocess((v) => (v === null ? [] : v), entityIds()).default([]),
  all: haBoolean.default(false),
  icon: iconSchema.optional(),
});

export const groupSchema = z.preprocess(
  (v) => (v === null ? {} : typeof v === 'object' && !Array.isArray(v) ? v : { entities: v }),
  groupFields,
);

export type GroupConfig = z.output<typeof groupSchema>;
