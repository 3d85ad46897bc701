/**
 * MQTT light (mqtt/light/__init__.py + schema.py): the `schema` key picks the implementation —
 * `basic` (default) or `json`. The `template` schema needs arbitrary Jinja command templates per action
 * and is rejected as unsupported.
 */
import { z } from 'zod';
import { isJsonObject } from '../abbreviations.js';
import { formatIssues } from '../common-schema.js';
import { basicLight, basicLightSchema, type BasicLightConfig } from './light-basic.js';
import { jsonLight, jsonLightSchema, type JsonLightConfig } from './light-json.js';
import type { PlatformModule } from './platform.js';

export type { BasicLightConfig, JsonLightConfig };
export type LightConfig = BasicLightConfig | JsonLightConfig;

const lightSchema: z.ZodType<LightConfig, unknown> = z.unknown().transform((value, ctx): LightConfig => {
  const kind = isJsonObject(value) && value.schema !== undefined ? value.schema : 'basic';
  if (kind === 'template') {
    ctx.addIssue({ code: 'custom', path: ['schema'], message: "light schema 'template' is not supported (use 'basic' or 'json')" });
    return z.NEVER;
  }
  if (kind !== 'basic' && kind !== 'json') {
    ctx.addIssue({ code: 'custom', path: ['schema'], message: `expected 'basic', 'json' or 'template', got ${JSON.stringify(kind)}` });
    return z.NEVER;
  }
  const result = (kind === 'json' ? jsonLightSchema : basicLightSchema).safeParse(value);
  if (result.success) return result.data;
  // Forward each problem as an already formatted sentence (path left empty so it is not prefixed twice).
  for (const issue of result.error.issues) ctx.addIssue({ code: 'custom', path: [], message: formatIssues([issue]) });
  return z.NEVER;
});

const pick = <R>(c: LightConfig, basic: (c: BasicLightConfig) => R, json: (c: JsonLightConfig) => R): R =>
  c.schema === 'json' ? json(c) : basic(c);

export const lightPlatform: PlatformModule<LightConfig> = {
  domain: 'light',
  schema: lightSchema,
  stateTopics: (c) => pick(c, basicLight.stateTopics, jsonLight.stateTopics),
  initialState: (c) => pick(c, basicLight.initialState, jsonLight.initialState),
  onMessage: (c, topic, payload, current) =>
    pick(c, (b) => basicLight.onMessage(b, topic, payload, current), (j) => jsonLight.onMessage(j, topic, payload, current)),
  actions: (c) => pick(c, basicLight.actions, jsonLight.actions),
  command: (c, action, data, current) =>
    pick(c, (b) => basicLight.command(b, action, data, current), (j) => jsonLight.command(j, action, data, current)),
  optimistic: (c) => pick(c, basicLight.optimistic, jsonLight.optimistic),
};
