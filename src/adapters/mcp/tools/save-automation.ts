import { join } from 'node:path';
import type { McpServer } from '@modelcontextprotocol/server';
import { z } from 'zod';
import { ValidationError } from '../../../core/errors.js';
import type { McpDeps } from '../deps.js';
import { checkName, currentFile, DiagnosticSchema, diagnosticsRows, fileNameArg, formatDiagnostics, hashArg, needFiles, sha256, writeAtomically } from './automation-files.js';
import { run, type Structured } from './shared.js';

export const SaveAutomationInput = z.object({
  name: fileNameArg,
  yaml: z.string().min(1).max(256 * 1024).describe('The whole file: one automation, a list of automations, or automation: blocks. Give every automation an id.'),
  expected_hash: hashArg.optional().describe('Required to overwrite an existing file: its sha256 as returned by validate_automation(name=…). Omit when creating a new file.'),
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

export async function saveAutomation(deps: McpDeps, args: z.infer<typeof SaveAutomationInput>): Promise<Structured> {
  const files = needFiles(deps);
  const fileName = checkName(args.name);
  const existing = currentFile(files, fileName);
  if (existing) {
    if (args.expected_hash === undefined) {
      throw new ValidationError(`${fileName} already exists (hash ${existing.hash}). Call validate_automation(name="${args.name}") to read it, then pass expected_hash to overwrite it, or choose another name.`);
    }
    if (args.expected_hash !== existing.hash) {
      throw new ValidationError(`${fileName} changed since you read it (current hash ${existing.hash}). Call validate_automation(name="${args.name}") to read the current text, merge your change, and save again with the new hash.`);
    }
  } else if (args.expected_hash !== undefined) {
    throw new ValidationError(`${fileName} does not exist any more; omit expected_hash to create it.`);
  }
  if (currentFile(files, `${args.name}.yml`)) throw new ValidationError(`${args.name}.yml exists; edit that file's automations under another name or remove it first.`);
  const result = files.validate(args.yaml, fileName);
  const errors = result.diagnostics.filter((d) => d.severity !== 'warning');
  if (!result.ok) {
    throw new ValidationError(`Not saved: ${fileName} has errors. Fix them and try again:\n${formatDiagnostics(fileName, errors.length > 0 ? errors : result.diagnostics)}`);
  }
  if (result.ids.length === 0) throw new ValidationError(`Not saved: the YAML defines no automation.`);
  const clash = deps.automations.list().filter((a) => result.ids.includes(a.id) && a.file !== fileName);
  if (clash.length > 0) {
    throw new ValidationError(`Not saved: id ${clash.map((a) => `"${a.id}" (already in ${a.file ?? 'another file'})`).join(', ')} is taken. Choose another id.`);
  }
  const text = args.yaml.endsWith('\n') ? args.yaml : `${args.yaml}\n`;
  writeAtomically(join(files.dir, fileName), text);
  let reloaded = false;
  if (deps.automations.reload) {
    await deps.automations.reload();
    reloaded = true;
  }
  const loaded = deps.automations.list().filter((a) => result.ids.includes(a.id)).map((a) => a.id);
  return {
    file: fileName,
    hash: sha256(Buffer.from(text, 'utf8')),
    created: existing === undefined,
    ids: [...result.ids],
    warnings: diagnosticsRows(result.diagnostics.filter((d) => d.severity === 'warning')),
    reloaded,
    loaded,
  };
}

export function registerSaveAutomationTool(server: McpServer, deps: McpDeps): void {
  server.registerTool(
    'save_automation',
    {
      title: 'Save an automation file',
      description:
        'Writes <name>.yaml in the automations folder and reloads the automations, so they run at once. The YAML is validated first and nothing is written if it has errors or reuses an id from another file. ' +
        'Overwriting an existing file needs expected_hash (from validate_automation(name=…)), so a change made meanwhile is never lost. Show the YAML to the user before saving.',
      inputSchema: SaveAutomationInput,
      outputSchema: SaveAutomationOutput,
      annotations: { readOnlyHint: false, destructiveHint: true, idempotentHint: true, openWorldHint: false },
    },
    async (args) => run(() => saveAutomation(deps, args)),
  );
}
