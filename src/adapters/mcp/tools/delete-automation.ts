import { unlinkSync } from 'node:fs';
import { join } from 'node:path';
import type { McpServer } from '@modelcontextprotocol/server';
import { z } from 'zod';
import { NotFoundError, ValidationError } from '../../../core/errors.js';
import type { McpDeps } from '../deps.js';
import { checkName, currentFile, fileNameArg, hashArg, needFiles } from './automation-files.js';
import { run, type Structured } from './shared.js';

export const DeleteAutomationInput = z.object({
  name: fileNameArg,
  expected_hash: hashArg.describe('The file\'s sha256 as returned by validate_automation(name=…) or save_automation: proves you are deleting the version you saw.'),
});

export const DeleteAutomationOutput = z.object({
  file: z.string(),
  removed_ids: z.array(z.string()).describe('automations that were defined in the file'),
  reloaded: z.boolean(),
});

export async function deleteAutomation(deps: McpDeps, args: z.infer<typeof DeleteAutomationInput>): Promise<Structured> {
  const files = needFiles(deps);
  const fileName = checkName(args.name);
  const existing = currentFile(files, fileName);
  if (!existing) throw new NotFoundError(`${fileName} does not exist. list_automations shows each automation's file.`);
  if (existing.hash !== args.expected_hash) {
    throw new ValidationError(`${fileName} changed since you read it (current hash ${existing.hash}). Call validate_automation(name="${args.name}") to read it again before deleting.`);
  }
  const removed = deps.automations.list().filter((a) => a.file === fileName).map((a) => a.id);
  unlinkSync(join(files.dir, fileName));
  let reloaded = false;
  if (deps.automations.reload) {
    await deps.automations.reload();
    reloaded = true;
  }
  return { file: fileName, removed_ids: removed, reloaded };
}

export function registerDeleteAutomationTool(server: McpServer, deps: McpDeps): void {
  server.registerTool(
    'delete_automation',
    {
      title: 'Delete an automation file',
      description:
        'Removes <name>.yaml from the automations folder and reloads, so its automations stop. Needs expected_hash (from validate_automation(name=…)). ' +
        'To pause an automation without deleting it, use set_automation_enabled instead. Ask the user before deleting.',
      inputSchema: DeleteAutomationInput,
      outputSchema: DeleteAutomationOutput,
      annotations: { readOnlyHint: false, destructiveHint: true, idempotentHint: false, openWorldHint: false },
    },
    async (args) => run(() => deleteAutomation(deps, args)),
  );
}
