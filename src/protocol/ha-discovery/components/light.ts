/**
 * MQTT light (mqtt/light/__init__.py + schema.py): the `schema` key (lower-cased, default `basic`) picks
 * the implementation — `basic`, `json` or `template`.
 */
import { z } from 'zod';
import { isJsonObject } from '../abbreviations.js';
import { formatIssues } from '../common-schema.js';
import { basicLight } from './light-basic.js';
import { basicLightSchema, type BasicLightConfig } from './light-basic-schema.js';
import { jsonLight, jsonLightSchema, type JsonLightConfig } from './light-json.js';
import { templateLight, templateLightSchema, type TemplateLightConfig } from './light-template.js';
import type { PlatformModule } from './platform.js';

export type { BasicLightConfig, JsonLightConfig, TemplateLightConfig };
export type LightConfig = BasicLightConfig | JsonLightConfig | TemplateLightConfig;

const SCHEMAS = { basic: basicLightSchema, json: jsonLightSchema, template: templateLightSchema } as const;

const lightSchema: z.ZodType<LightConfig, unknown> = z.transform((value: unknown, ctx): LightConfig => {
  const given = isJsonObject(value) && value.schema !== undefined ? value.schema : 'basic';
  // MQTT_LIGHT_SCHEMA_SCHEMA: vol.All(vol.Lower, vol.Any("basic", "json", "template"))
  const kind = typeof given === 'string' ? given.toLowerCase() : given;
  if (kind !== 'basic' && kind !== 'json' && kind !== 'template') {
    const message = `expected 'basic', 'json' or 'template', got ${JSON.stringify(given)}`;
    ctx.addIssue({ code: 'custom', path: ['schema'], message });
    return z.NEVER;
  }
  const schema = SCHEMAS[kind] as z.ZodType<LightConfig, unknown>;
  const result = schema.safeParse(isJsonObject(value) ? { ...value, schema: kind } : value);
  if (result.success) return result.data;
  // Forward each problem as an already formatted sentence (path left empty so it is not prefixed twice).
  for (const issue of result.error.issues) ctx.addIssue({ code: 'custom', path: [], message: formatIssues([issue]) });
  return z.NEVER;
});

/** The implementation of a parsed config, by its schema. */
const impl = (c: LightConfig): PlatformModule<LightConfig> => {
  const module = c.schema === 'json' ? jsonLight : c.schema === 'template' ? templateLight : basicLight;
  return module as PlatformModule<LightConfig>;
};

export const lightPlatform: PlatformModule<LightConfig> = {
  domain: 'light',
  schema: lightSchema,
  stateTopics: (c) => impl(c).stateTopics(c),
  initialState: (c) => impl(c).initialState(c),
  onMessage: (c, topic, payload, current) => impl(c).onMessage(c, topic, payload, current),
  actions: (c) => impl(c).actions(c),
  command: (c, action, data, current) => impl(c).command(c, action, data, current),
  optimistic: (c) => impl(c).optimistic(c),
};
