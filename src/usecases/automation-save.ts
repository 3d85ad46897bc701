// Saving and deleting automation files: only over the version the caller saw (its sha256), only valid YAML
// whose ids no other file uses; the automations are reloaded afterwards.
import { z } from 'zod';
import { NotFoundError, ValidationError } from '../core/errors.js';
import {
  checkName,
  currentFile,
  DiagnosticSchema,
  diagnosticsRows,
  fileNameArg,
  formatDiagnostics,
  hashArg,
  knownEntities,
  needFiles,
  sha256,
  type AuthoringDeps,
} from './automation-files.js';

export const SaveAutomationInput = z.object({
  name: fileNameArg,
  yaml: z
    .string()
    .min(1)
    .max(256 * 1024)
    .describe(
      'The whole file: one automation, a list of automations, or automation: blocks. Give every automation an id.',
    ),
  expected_hash: hashArg
    .optional()
    .describe(
      'Required to overwrite an existing file: its sha256 as returned by validate_automation(name=…). ' +
        'Omit when creating a new file.',
    ),
});

export const SaveAutomationOutput = z.object({
  file: z.string(),
  hash: z.string().describe('sha256 of the saved file; pass it as expected_hash for the next change'),
  created: z.boolean(),
  ids: z.array(z.string()),
  warnings: z.array(DiagnosticSchema),
  reloaded: z.boolean().describe('whether the automations were reloaded'),
  loaded: z.array(z.string()).describe('ids from this file that are loaded after the reload'),
});

/** Refuses to write over a version the caller has not seen, or to create a file that exists. */
function checkHash(name: string, fileName: string, existing: { hash: string } | undefined, expected?: string): void {
  if (existing) {
    if (expected === undefined) {
      throw new ValidationError(
        `${fileName} already exists (hash ${existing.hash}). Call validate_automation(name="${name}") to read it, ` +
          'then pass expected_hash to overwrite it, or choose another name.',
      );
    }
    if (expected !== existing.hash) {
      throw new ValidationError(
        `${fileName} changed since you read it (current hash ${existing.hash}). ` +
          `Call validate_automation(name="${name}") to read the current text, merge your change, ` +
          'and save again with the new hash.',
      );
    }
  } else if (expected !== undefined) {
    throw new ValidationError(`${fileName} does not exist any more; omit expected_hash to create it.`);
  }
}

/** Writes <name>.yaml after validating it and checking the hash of the version the caller saw, then reloads. */
export async function saveAutomation(
  deps: AuthoringDeps,
  args: z.infer<typeof SaveAutomationInput>,
): Promise<z.infer<typeof SaveAutomationOutput>> {
  const files = needFiles(deps);
  const fileName = checkName(args.name);
  const existing = currentFile(files, fileName);
  checkHash(args.name, fileName, existing, args.expected_hash);
  if (currentFile(files, `${args.name}.yml`)) {
    throw new ValidationError(
      `${args.name}.yml exists; edit that file's automations under another name or remove it first.`,
    );
  }
  const result = files.validate(args.yaml, fileName, knownEntities(deps));
  const errors = result.diagnostics.filter((d) => d.severity !== 'warning');
  if (!result.ok) {
    const shown = formatDiagnostics(fileName, errors.length > 0 ? errors : result.diagnostics);
    throw new ValidationError(`Not saved: ${fileName} has errors. Fix them and try again:\n${shown}`);
  }
  if (result.ids.length === 0) throw new ValidationError('Not saved: the YAML defines no automation.');
  const clash = deps.automations.list().filter((a) => result.ids.includes(a.id) && a.file !== fileName);
  if (clash.length > 0) {
    const taken = clash.map((a) => `"${a.id}" (already in ${a.file ?? 'another file'})`).join(', ');
    throw new ValidationError(`Not saved: id ${taken} is taken. Choose another id.`);
  }
  const text = args.yaml.endsWith('\n') ? args.yaml : `${args.yaml}\n`;
  files.write(fileName, text);
  await deps.automations.reload();
  const loaded = deps.automations
    .list()
    .filter((a) => result.ids.includes(a.id))
    .map((a) => a.id);
  return {
    file: fileName,
    hash: sha256(Buffer.from(text, 'utf8')),
    created: existing === undefined,
    ids: [...result.ids],
    warnings: diagnosticsRows(result.diagnostics.filter((d) => d.severity === 'warning')),
    reloaded: true,
    loaded,
  };
}

export const DeleteAutomationInput = z.object({
  name: fileNameArg,
  expected_hash: hashArg.describe(
    "The file's sha256 as returned by validate_automation(name=…) or save_automation: " +
      'proves you are deleting the version you saw.',
  ),
});

export const DeleteAutomationOutput = z.object({
  file: z.string(),
  removed_ids: z.array(z.string()).describe('automations that were defined in the file'),
  reloaded: z.boolean(),
});

/** Removes <name>.yaml when its hash is the one the caller saw, then reloads. */
export async function deleteAutomation(
  deps: AuthoringDeps,
  args: z.infer<typeof DeleteAutomationInput>,
): Promise<z.infer<typeof DeleteAutomationOutput>> {
  const files = needFiles(deps);
  const fileName = checkName(args.name);
  const existing = currentFile(files, fileName);
  if (!existing) {
    throw new NotFoundError(`${fileName} does not exist. list_automations shows each automation's file.`);
  }
  if (existing.hash !== args.expected_hash) {
    throw new ValidationError(
      `${fileName} changed since you read it (current hash ${existing.hash}). ` +
        `Call validate_automation(name="${args.name}") to read it again before deleting.`,
    );
  }
  const removed = deps.automations
    .list()
    .filter((a) => a.file === fileName)
    .map((a) => a.id);
  files.remove(fileName);
  await deps.automations.reload();
  return { file: fileName, removed_ids: removed, reloaded: true };
}
