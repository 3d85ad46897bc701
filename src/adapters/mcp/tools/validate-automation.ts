import type { McpServer } from '@modelcontextprotocol/server';
import { z } from 'zod';
import type { McpDeps } from '../deps.js';
import { checkName, currentFile, DiagnosticSchema, diagnosticsRows, fileNameArg, needFiles } from './automation-files.js';
import { run, type Structured } from './shared.js';

export const ValidateAutomationInput = z.object({
  yaml: z.string().max(256 * 1024).optional().describe('Automation YAML to check: one automation, a list, or automation: blocks. Omit to only read the current file given by name.'),
  name: fileNameArg.optional().describe('The file it will be saved as (without ".yaml"). When that file exists, its current text and hash are returned too (save_automation needs the hash to overwrite it).'),
});

export const ValidateAutomationOutput = z.object({
  ok: z.boolean().describe('true when every automation in the YAML would load'),
  ids: z.array(z.string()).describe('the automation ids the YAML defines'),
  diagnostics: z.array(DiagnosticSchema),
  id_conflicts: z.array(z.object({ id: z.string(), file: z.string().optional() })).describe('ids already used by automations in other files'),
  current: z.object({ file: z.string(), hash: z.string(), text: z.string() }).nullable().describe('the existing file with this name, or null'),
});

export function validateAutomation(deps: McpDeps, args: z.infer<typeof ValidateAutomationInput>): Structured {
  const files = needFiles(deps);
  const fileName = args.name !== undefined ? checkName(args.name) : 'new_automation.yaml';
  const existing = args.name !== undefined ? currentFile(files, fileName) : undefined;
  const text = args.yaml ?? existing?.text;
  const result = text !== undefined ? files.validate(text, fileName) : { ok: false, ids: [], diagnostics: [{ line: 1, column: 1, message: 'nothing to validate: pass yaml, or the name of an existing file', severity: 'error' as const }] };
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

export function registerValidateAutomationTool(server: McpServer, deps: McpDeps): void {
  server.registerTool(
    'validate_automation',
    {
      title: 'Validate automation YAML',
      description:
        'Checks automation YAML without saving it: every problem with line:column and a hint, the ids it defines, and ids that clash with other files. ' +
        'Pass name to also get the current file with that name and its hash (needed by save_automation / delete_automation). Syntax reference: resource switchyard://docs/automation-syntax.',
      inputSchema: ValidateAutomationInput,
      outputSchema: ValidateAutomationOutput,
      annotations: { readOnlyHint: true, destructiveHint: false, idempotentHint: true, openWorldHint: false },
    },
    async (args) => run(() => validateAutomation(deps, args)),
  );
}
