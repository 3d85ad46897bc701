// Home Assistant (Jinja2) template subset: compile once, render many times.
//
// Rendering follows HA: the output is str() of Python values (True, None, 21.0, ['a', 1]) and the
// final result is stripped of surrounding whitespace, as Template.async_render and
// async_render_with_possible_json_value do.
import { TemplateEnvironment, type CompiledTemplate } from './environment.js';
import type { CompileOptions } from './host.js';
import { tryParseJson } from './json.js';

export { TemplateError } from './errors.js';
export {
  MAX_TEMPLATE_LENGTH,
  TemplateEnvironment,
  type CompiledTemplate,
  type EnvironmentOptions,
} from './environment.js';
export { DEFAULT_REGEX_CACHE_BYTES, regexBytes, TemplateCaches } from './caches.js';
export { FORMATTER_BYTES, type ZoneNames } from './zone-names.js';
export { HostObject, NOT_HANDLED, type CompileOptions, type HostFunction } from './host.js';
export { fromTimestamp, strftime } from './datetime.js';
export type { Civil } from './civil.js';
export { pyStr, truthy } from './python-values.js';
export { LIMITS } from './render-budget.js';
export { parseJson } from './json.js';
export { PyFloat } from './python-values.js';

/** 64 KiB: the regular expressions of a template compiled on its own (a few, unless its patterns vary) */
export const TEMPLATE_REGEX_CACHE_BYTES = 64 * 1024;

/**
 * Parse and validate a template in an environment of its own (see environment.ts): what its renders cache is
 * the template's. Templates that should share their caches are compiled by one TemplateEnvironment.
 */
export function compileTemplate(source: string, options?: CompileOptions): CompiledTemplate {
  return new TemplateEnvironment({ regexCacheBytes: TEMPLATE_REGEX_CACHE_BYTES }).compile(source, options);
}

/**
 * The variables HA gives an MQTT value template: `value` is the payload and `value_json` its JSON
 * parse (left undefined when the payload is not JSON). Numbers written with a fraction or exponent
 * stay floats, so a payload of {"t": 21.0} renders `21.0` like HA does.
 */
export function payloadVariables(
  payload: string,
  extra: Readonly<Record<string, unknown>> = {},
): Record<string, unknown> {
  const vars: Record<string, unknown> = { ...extra, value: payload };
  const json = tryParseJson(payload);
  if (json !== undefined) vars['value_json'] = json;
  return vars;
}
