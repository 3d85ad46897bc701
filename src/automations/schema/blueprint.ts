/**
 * A blueprint file's `blueprint:` mapping and an automation's `use_blueprint:`, as Home Assistant's
 * blueprint/schemas.py has them (BLUEPRINT_SCHEMA, BLUEPRINT_INSTANCE_FIELDS): `name` and `domain` required,
 * inputs directly under `input:` or grouped in sections (`input: {lights: {name, input: {...}}}`), every input
 * name used once across sections ("Duplicate use of input key"). The inputs come out flat, as models.py's
 * `Blueprint.inputs` has them, each with the path of its definition for messages.
 */
import { z } from 'zod';
import { urlSchema } from '../../protocol/ha-discovery/common-schema.js';
import { fields, isRecord, report } from './fields.js';

export interface BlueprintInputDef {
  readonly name: string;
  /** where it is defined in the file: `['blueprint', 'input', name]`, or with its section before it */
  readonly path: readonly string[];
  /** its `name:`, the label the UI shows */
  readonly label?: string;
  /** present when it has a `default:` (which may be null) */
  readonly default?: { readonly value: unknown };
  readonly selector?: unknown;
}

const text = z.string();

const inputFields = fields('blueprint input', {
  name: text.optional(),
  description: text.optional(),
  default: z.unknown().optional(),
  selector: z.unknown().optional(),
});

const sectionFields = fields('blueprint input section', {
  name: text.optional(),
  icon: text.optional(),
  description: text.optional(),
  collapsed: z.boolean().optional(),
  input: z.record(z.string(), z.unknown()).nullable(),
});

/** Runs `schema` on the value at `path` (relative to ctx's value) and hands its issues on. */
function inner<T>(schema: z.ZodType<T, unknown>, value: unknown, ctx: z.RefinementCtx, path: string[]): T | undefined {
  const result = schema.safeParse(value, { reportInput: true });
  if (result.success) return result.data;
  for (const issue of result.error.issues)
    ctx.addIssue({ ...issue, path: [...path, ...issue.path] } as Parameters<z.RefinementCtx['addIssue']>[0]);
  return undefined;
}

const inputs = z.unknown().transform((raw, ctx): BlueprintInputDef[] => {
  if (raw === null || raw === undefined) return [];
  if (!isRecord(raw)) {
    report(ctx, 'expected a mapping of input names to inputs');
    return z.NEVER;
  }
  const out: BlueprintInputDef[] = [];
  const add = (name: string, def: unknown, path: string[]): void => {
    if (out.some((d) => d.name === name)) {
      report(ctx, `Duplicate use of input key ${name} in blueprint.`, path, {
        hint: 'every input needs its own name, also across sections',
      });
      return;
    }
    const full = ['blueprint', 'input', ...path];
    if (def === null) {
      out.push({ name, path: full });
      return;
    }
    const parsed = inner(inputFields, def, ctx, path);
    if (!parsed) return;
    out.push({
      name,
      path: full,
      ...(parsed.name !== undefined ? { label: parsed.name } : {}),
      ...('default' in parsed ? { default: { value: parsed.default } } : {}),
      ...(parsed.selector !== undefined ? { selector: parsed.selector } : {}),
    });
  };
  for (const [key, def] of Object.entries(raw)) {
    if (!isRecord(def) || !('input' in def)) {
      add(key, def, [key]);
      continue;
    }
    const section = inner(sectionFields, def, ctx, [key]);
    for (const [name, item] of Object.entries(section?.input ?? {})) add(name, item, [key, 'input', name]);
  }
  return out;
});

const version = z.unknown().transform((v, ctx): string => {
  if (typeof v === 'string' && /^\d+\.\d+\.\d+$/.test(v)) return v;
  report(ctx, 'Version needs to be formatted as {major}.{minor}.{patch}');
  return z.NEVER;
});

/** The `blueprint:` mapping of a blueprint file. */
export const blueprintSchema = fields('blueprint', {
  name: text,
  description: text.optional(),
  domain: text,
  source_url: urlSchema.optional(),
  author: text.optional(),
  homeassistant: fields('homeassistant', { min_version: version.optional() }).optional(),
  input: inputs,
});

/** An automation's `use_blueprint:`: the blueprint's path (ending in .yaml) and the inputs given. */
const useBlueprint = fields('use_blueprint', {
  path: text.refine((p) => p.endsWith('.yaml'), 'Path needs to end in .yaml'),
  input: z
    .record(z.string(), z.unknown())
    .nullable()
    .optional()
    .transform((v): Record<string, unknown> => v ?? {}),
});

/** The part of an automation that names its blueprint (BLUEPRINT_INSTANCE_FIELDS); other keys are left alone. */
export const blueprintInstanceSchema = z.object({ use_blueprint: useBlueprint });
