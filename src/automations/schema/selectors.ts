/**
 * Blueprint input selectors as Home Assistant's helpers/selector.py defines them: `selector: {<type>: <options>}`
 * names exactly one type ("Only one type can be specified"), its options are checked like the type's
 * CONFIG_SCHEMA (null means none; every type takes `read_only`). Two things are warnings here where Home
 * Assistant refuses the blueprint: an option Switchyard does not know (Home Assistant adds options often) and a
 * selector type it does not know; the values of such an input are not checked. The values a selector takes:
 * selector-values.ts.
 */
import { z } from 'zod';
import { haBoolean, haFloat } from '../../protocol/ha-discovery/common-schema.js';
import { describeValue, didYouMean, fields, isRecord, listOf, report } from './fields.js';
import { schemaProblems } from './issues.js';

export interface Selector {
  readonly type: string;
  readonly config: Readonly<Record<string, unknown>>;
}

export interface SelectorProblem {
  /** relative to what was checked: the `selector:` mapping, or the input's value */
  readonly path: readonly (string | number)[];
  /** the problem is the key at `path`, not its value */
  readonly key: boolean;
  readonly severity: 'error' | 'warning';
  readonly message: string;
  readonly hint?: string;
}

const str = z.string().optional();
const strs = z.preprocess((v) => (typeof v === 'string' ? [v] : v), z.array(z.string())).optional();
const flag = haBoolean.optional();
const multiple = haBoolean.default(false);

const entityFilter = fields('entity filter', {
  integration: str,
  domain: strs,
  device_class: strs,
  supported_features: z.unknown().optional(),
});
const deviceFilter = fields('device filter', { integration: str, manufacturer: str, model: str, model_id: str });
const entityFilters = listOf(entityFilter, 'entity filter').optional();
const deviceFilters = listOf(deviceFilter, 'device filter').optional();

/** NumberSelector's `step`: "any" or a number of at least 0.001. */
const step = z.unknown().transform((v, ctx) => {
  if (v === 'any') return v;
  const n = haFloat.safeParse(v);
  if (n.success && n.data >= 1e-3) return n.data;
  report(ctx, "expected 'any' or a number of at least 0.001");
  return z.NEVER;
});

/** SelectSelector's `options`: a list of texts, or of `{value, label}` mappings; kept as the values. */
const selectOptions = z.unknown().transform((v, ctx): string[] => {
  if (Array.isArray(v) && v.every((o) => typeof o === 'string')) return v;
  const pair = (o: unknown) => isRecord(o) && Object.keys(o).length === 2 && typeof o['label'] === 'string';
  if (Array.isArray(v) && v.every((o) => pair(o) && typeof o['value'] === 'string'))
    return v.map((o) => (o as Record<string, string>)['value'] ?? '');
  report(
    ctx,
    v === undefined ? 'required key not provided' : 'expected a list of texts, or of {value, label} mappings',
  );
  return z.NEVER;
});

const TEXT_TYPES = [
  'color',
  'date',
  'datetime-local',
  'email',
  'month',
  'number',
  'password',
  'search',
  'tel',
] as const;
const areaLike = { entity: entityFilters, device: deviceFilters, multiple };

/** The options of each selector type whose values Switchyard checks. */
const CONFIGS: Readonly<Record<string, z.ZodRawShape>> = {
  action: {},
  area: areaLike,
  boolean: {},
  color_rgb: {},
  condition: {},
  date: {},
  datetime: {},
  device: { integration: str, manufacturer: str, model: str, entity: entityFilters, multiple, filter: deviceFilters },
  duration: { enable_day: flag, enable_millisecond: flag, allow_negative: flag },
  entity: {
    integration: str,
    domain: strs,
    device_class: strs,
    exclude_entities: z.array(z.string()).optional(),
    include_entities: z.array(z.string()).optional(),
    multiple,
    reorder: flag,
    filter: entityFilters,
  },
  floor: areaLike,
  icon: { placeholder: str },
  label: { multiple },
  number: {
    min: haFloat.optional(),
    max: haFloat.optional(),
    step: step.optional(),
    unit_of_measurement: str,
    mode: z.enum(['box', 'slider']).optional(),
    translation_key: str,
  },
  select: {
    options: selectOptions,
    multiple,
    custom_value: haBoolean.default(false),
    mode: z.enum(['list', 'dropdown']).optional(),
    translation_key: str,
    sort: flag,
  },
  state: { entity_id: str, hide_states: z.array(z.string()).optional(), multiple },
  statistic: { multiple },
  target: { entity: entityFilters, device: deviceFilters },
  template: {},
  text: {
    multiline: z.boolean().optional(),
    prefix: str,
    suffix: str,
    type: z.enum([...TEXT_TYPES, 'text', 'time', 'url', 'week']).optional(),
    autocomplete: str,
    multiple: z.boolean().default(false),
  },
  theme: { include_default: flag },
  time: {},
  trigger: {},
};

/** Types Home Assistant has whose options and values Switchyard leaves alone. */
const UNCHECKED = [
  'addon',
  'assist_pipeline',
  'attribute',
  'backup_location',
  'color_temp',
  'config_entry',
  'constant',
  'conversation_agent',
  'country',
  'file',
  'language',
  'location',
  'media',
  'object',
  'qr_code',
];
const KNOWN = [...Object.keys(CONFIGS), ...UNCHECKED];

const SCHEMAS: Readonly<Record<string, z.ZodType<Record<string, unknown>, unknown>>> = Object.fromEntries(
  Object.entries(CONFIGS).map(([type, shape]) => [type, z.object({ read_only: z.boolean().optional(), ...shape })]),
);

/** Checks a `selector:` mapping; `selector` is absent when it has errors or its type is unknown. */
export function parseSelector(raw: unknown): { selector?: Selector; problems: SelectorProblem[] } {
  // the warnings here are all about a key: an unknown type or option
  const problem = (path: (string | number)[], severity: 'error' | 'warning', message: string, hint?: string) => ({
    path,
    key: severity === 'warning',
    severity,
    message,
    ...(hint !== undefined ? { hint } : {}),
  });
  if (!isRecord(raw) || Object.keys(raw).length !== 1) {
    const found = isRecord(raw) ? `Found ${Object.keys(raw).join(', ') || 'none'}` : `got ${describeValue(raw)}`;
    return { problems: [problem([], 'error', `a selector names exactly one type: ${found}`, 'like entity: {}')] };
  }
  const [type = ''] = Object.keys(raw);
  const options = raw[type] ?? {};
  const schema = Object.hasOwn(SCHEMAS, type) ? SCHEMAS[type] : undefined;
  if (!schema) {
    if (UNCHECKED.includes(type)) return { selector: { type, config: isRecord(options) ? options : {} }, problems: [] };
    const hint = didYouMean(type, KNOWN) ?? 'Switchyard does not check the values given for this input';
    return { problems: [problem([type], 'warning', `unknown selector type '${type}'`, hint)] };
  }
  if (!isRecord(options))
    return {
      problems: [
        problem([type], 'error', `expected the options of the ${type} selector, got ${describeValue(options)}`),
      ],
    };
  const problems: SelectorProblem[] = [];
  const offered = ['read_only', ...Object.keys(CONFIGS[type] ?? {})];
  const known: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(options)) {
    if (offered.includes(key)) known[key] = value;
    else
      problems.push(
        problem(
          [type, key],
          'warning',
          `unknown option '${key}' of the ${type} selector: ignored`,
          didYouMean(key, offered),
        ),
      );
  }
  const parsed = schema.safeParse(known, { reportInput: true });
  if (!parsed.success) {
    for (const p of schemaProblems(parsed.error, known))
      problems.push({ ...p, path: [type, ...p.path], severity: 'error' });
    return { problems };
  }
  const config = parsed.data;
  if (type === 'number' && config['mode'] === 'slider' && (config['min'] === undefined || config['max'] === undefined))
    return { problems: [...problems, problem([type], 'error', 'min and max are required in slider mode')] };
  return { selector: { type, config }, problems };
}
