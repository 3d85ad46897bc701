/**
 * A script as Home Assistant's `script:` integration defines it (`components/script/config.py`): a mapping of
 * object ids to `{alias, sequence, fields, mode, max, variables, …}`. The sequence is the automation action
 * dialect (`schema/actions.ts`); `fields` describe the variables a caller passes (with defaults and selectors).
 */
import { z } from 'zod';
import { iconSchema } from '../../protocol/ha-discovery/common-schema.js';
import { actionList } from '../schema/actions.js';
import { fields } from '../schema/fields.js';
import { parseSelector, type SelectorProblem } from '../schema/selectors.js';
import { choice, haBoolean, haString, intAtLeast, variablesSchema } from '../schema/values.js';

const field = fields('script field', {
  name: haString.optional(),
  description: haString.optional(),
  advanced: haBoolean.default(false),
  required: haBoolean.default(false),
  example: z.unknown().optional(),
  default: z.unknown().optional(),
  /** checked with `parseSelector` (schema/selectors.ts) by `scriptProblems`, at load */
  selector: z.unknown().optional(),
});

export const scriptSchema = fields('script', {
  alias: haString.optional(),
  icon: iconSchema.optional(),
  description: haString.optional(),
  variables: variablesSchema.default({}),
  fields: z
    .preprocess(
      (v) => (v === null ? {} : v),
      z.record(
        z.string(),
        z.preprocess((v) => (v === null ? {} : v), field),
      ),
    )
    .default({}),
  mode: choice(['single', 'restart', 'queued', 'parallel']).default('single'),
  max: intAtLeast(2).default(10),
  max_exceeded: choice(['silent', 'critical', 'error', 'warning', 'info', 'debug', 'notset']).default('warning'),
  trace: fields('trace', { stored_traces: intAtLeast(1).default(5) }).optional(),
  sequence: actionList,
});

export type ScriptConfig = z.output<typeof scriptSchema>;

/**
 * The problems of a valid script's field selectors (Home Assistant's `selector.validate_selector`), each with its
 * path inside the script: an unknown selector type or option is a warning, a wrong option value an error.
 */
export function scriptProblems(config: ScriptConfig): SelectorProblem[] {
  return Object.entries(config.fields).flatMap(([name, field]) =>
    field.selector === undefined
      ? []
      : parseSelector(field.selector).problems.map((p) => ({ ...p, path: ['fields', name, 'selector', ...p.path] })),
  );
}

/** The variables a direct call or `script.turn_on` starts with: each field's default, then what the caller gave. */
export function withFieldDefaults(
  config: ScriptConfig,
  variables: Readonly<Record<string, unknown>>,
): Record<string, unknown> {
  const defaults: Record<string, unknown> = {};
  for (const [name, field] of Object.entries(config.fields))
    if (field.default !== undefined && !Object.hasOwn(variables, name)) defaults[name] = field.default;
  return { ...defaults, ...variables };
}
