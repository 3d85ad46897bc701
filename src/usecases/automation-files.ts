// Authoring automation files: file names inside the automations folder, hashes that prove which version a
// caller saw, and validating YAML before it is saved (validate_automation).
import { createHash } from 'node:crypto';
import { z } from 'zod';
import { registryLookup, withAutomations, type EntityLookup } from '../automations/references.js';
import { UnavailableError, ValidationError } from '../core/errors.js';
import type { AutomationFileDiagnostic, AutomationFiles, UseCaseDeps } from './deps.js';

export type AuthoringDeps = Pick<UseCaseDeps, 'automationFiles' | 'automations' | 'registry'>;

/** The entities that exist now (and the automations' own `automation.*` entities), for the entity warnings. */
export const knownEntities = (deps: AuthoringDeps): EntityLookup =>
  withAutomations(registryLookup(deps.registry), deps.automations.list());

export const fileNameArg = z
  .string()
  .regex(
    /^[A-Za-z0-9][A-Za-z0-9_-]{0,63}$/,
    'letters, digits, _ and - only (no extension, no folders), e.g. "porch_lights"',
  )
  .describe('The file name inside the automations folder, without ".yaml", e.g. "porch_lights".');

export const hashArg = z
  .string()
  .regex(/^[0-9a-f]{64}$/, 'a sha256 hex digest')
  .describe(
    'The sha256 (hex) of the file as you last saw it (from validate_automation with name, or a previous save).',
  );

export const DiagnosticSchema = z.object({
  line: z.number().int(),
  column: z.number().int(),
  message: z.string(),
  hint: z.string().optional(),
  severity: z.enum(['error', 'warning']).optional(),
});

export const sha256 = (bytes: string | Uint8Array): string => createHash('sha256').update(bytes).digest('hex');

export function needFiles(deps: AuthoringDeps): AutomationFiles {
  if (!deps.automationFiles) {
    throw new UnavailableError('Automation files are not available on this server (no automations folder configured).');
  }
  return deps.automationFiles;
}

/** The file name for a checked name ("porch_lights" → "porch_lights.yaml"). */
export function checkName(name: string): string {
  if (name.toLowerCase() === 'secrets') {
    throw new ValidationError('"secrets" is reserved for !secret values; choose another name.');
  }
  return `${name}.yaml`;
}

/** The file's current text and hash, or undefined when it does not exist. */
export function currentFile(files: AutomationFiles, fileName: string): { text: string; hash: string } | undefined {
  const bytes = files.read(fileName);
  if (!bytes) return undefined;
  return { text: Buffer.from(bytes).toString('utf8'), hash: sha256(bytes) };
}

export function diagnosticsRows(d: readonly AutomationFileDiagnostic[]): z.infer<typeof DiagnosticSchema>[] {
  return d.map((x) => ({
    line: x.line,
    column: x.column,
    message: x.message,
    ...(x.hint !== undefined ? { hint: x.hint } : {}),
    ...(x.severity !== undefined ? { severity: x.severity } : {}),
  }));
}

export function formatDiagnostics(fileName: string, d: readonly AutomationFileDiagnostic[]): string {
  return d.map((x) => `${fileName}:${x.line}:${x.column}: ${x.message}${x.hint ? ` (${x.hint})` : ''}`).join('\n');
}

// ---------- validate_automation ----------

export const ValidateAutomationInput = z.object({
  yaml: z
    .string()
    .max(256 * 1024)
    .optional()
    .describe(
      'Automation YAML to check: one automation, a list, or automation: blocks. ' +
        'Omit to only read the current file given by name.',
    ),
  name: fileNameArg
    .optional()
    .describe(
      'The file it will be saved as (without ".yaml"). When that file exists, its current text and hash are ' +
        'returned too (save_automation needs the hash to overwrite it).',
    ),
});

export const ValidateAutomationOutput = z.object({
  ok: z.boolean().describe('true when every automation in the YAML would load'),
  ids: z.array(z.string()).describe('the automation ids the YAML defines'),
  diagnostics: z.array(DiagnosticSchema),
  id_conflicts: z
    .array(z.object({ id: z.string(), file: z.string().optional() }))
    .describe('ids already used by automations in other files'),
  current: z
    .object({ file: z.string(), hash: z.string(), text: z.string() })
    .nullable()
    .describe('the existing file with this name, or null'),
});

const NOTHING = 'nothing to validate: pass yaml, or the name of an existing file';

export function validateAutomation(
  deps: AuthoringDeps,
  args: z.infer<typeof ValidateAutomationInput>,
): z.infer<typeof ValidateAutomationOutput> {
  const files = needFiles(deps);
  const fileName = args.name !== undefined ? checkName(args.name) : 'new_automation.yaml';
  const existing = args.name !== undefined ? currentFile(files, fileName) : undefined;
  const text = args.yaml ?? existing?.text;
  const result =
    text !== undefined
      ? files.validate(text, fileName, knownEntities(deps))
      : { ok: false, ids: [], diagnostics: [{ line: 1, column: 1, message: NOTHING, severity: 'error' as const }] };
  const conflicts = deps.automations
    .list()
    .filter((a) => result.ids.includes(a.id) && a.file !== fileName)
    .map((a) => ({ id: a.id, ...(a.file !== undefined ? { file: a.file } : {}) }));
  return {
    ok: result.ok && conflicts.length === 0,
    ids: [...result.ids],
    diagnostics: diagnosticsRows(result.diagnostics),
    id_conflicts: conflicts,
    current: existing ? { file: fileName, hash: existing.hash, text: existing.text } : null,
  };
}
