import type { McpServer } from '@modelcontextprotocol/server';
import type { UseCaseDeps } from '../../../usecases/deps.js';
import {
  validateAutomation,
  ValidateAutomationInput,
  ValidateAutomationOutput,
} from '../../../usecases/automation-files.js';
import { run } from './shared.js';

export function registerValidateAutomationTool(server: McpServer, deps: UseCaseDeps): void {
  server.registerTool(
    'validate_automation',
    {
      title: 'Validate automation YAML',
      description:
        'Checks automation YAML without saving it: every problem with line:column and a hint, the ids it defines, ' +
        'and ids that clash with other files. ' +
        'Pass name to also get the current file with that name and its hash (needed by save_automation / ' +
        'delete_automation). Syntax reference: resource switchyard://docs/automation-syntax.',
      inputSchema: ValidateAutomationInput,
      outputSchema: ValidateAutomationOutput,
      annotations: { readOnlyHint: true, destructiveHint: false, idempotentHint: true, openWorldHint: false },
    },
    async (args) => run(() => validateAutomation(deps, args)),
  );
}
