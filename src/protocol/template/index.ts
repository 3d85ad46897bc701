// Home Assistant (Jinja2) template subset: compile once, render many times.
//
// Rendering follows HA: the output is str() of Python values (True, None, 21.0, ['a', 1]) and the
// final result is stripped of surrounding whitespace, as Template.async_render and
// async_render_with_possible_json_value do.
import { TemplateError, errorAt } from './errors.js';
import { render } from './evaluate.js';
import { tryParseJson } from './json.js';
import { parseTemplate } from './parser.js';
import { hostNames, type CompileOptions } from './host.js';

export { TemplateError } from './errors.js';
export { HostObject, NOT_HANDLED, type CompileOptions, type HostFunction } from './host.js';
export { fromTimestamp, strftime } from './datetime.js';
export type { Civil } from './civil.js';
export { pyStr, truthy } from './python-values.js';
export { LIMITS } from './evaluate.js';
export { parseJson } from './json.js';
export { PyFloat } from './python-values.js';

/** Longest template source accepted by compileTemplate. */
export const MAX_TEMPLATE_LENGTH = 64 * 1024;

export interface CompiledTemplate {
  readonly source: string;
  /** Render with the given variables; throws TemplateError on runtime errors. */
  render(vars: Readonly<Record<string, unknown>>): string;
}

/**
 * Parse and validate a template; unsupported filters, tests, functions and tags are rejected here.
 * `options` declares the extra functions and methods a host provides (see host.ts); without it only
 * the built-in subset is accepted.
 */
export function compileTemplate(source: string, options?: CompileOptions): CompiledTemplate {
  if (typeof source !== 'string') throw new TemplateError('template source must be a string');
  if (source.length > MAX_TEMPLATE_LENGTH) {
    throw new TemplateError(`template is too long: ${source.length} characters, the maximum is ${MAX_TEMPLATE_LENGTH}`);
  }
  let body: ReturnType<typeof parseTemplate>;
  try {
    body = parseTemplate(source, hostNames(options));
  } catch (err) {
    if (err instanceof TemplateError) throw err;
    throw errorAt(source, 0, `template could not be parsed: ${String(err)}`, err);
  }
  return Object.freeze({
    source,
    render: (vars: Readonly<Record<string, unknown>>): string => render(source, body, vars).trim(),
  });
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
