import type { McpServer } from '@modelcontextprotocol/server';
import { processCommand, ProcessCommandInput, ProcessCommandOutput } from '../../../usecases/conversation.js';
import type { UseCaseDeps } from '../../../usecases/deps.js';
import { run } from './shared.js';

export function registerProcessCommandTool(server: McpServer, deps: UseCaseDeps): void {
  server.registerTool(
    'process_command',
    {
      title: 'Say a command to the home',
      description:
        'Pass a sentence to the conversation agent, as if it had been said to a voice assistant: automations with a ' +
        'conversation trigger whose sentences match it run, and their answer comes back in ' +
        'response.speech.plain.speech (response_type action_done; "Done" when they set none). When nothing matches, ' +
        'response_type is error with data.code no_intent_match. To control an entity directly, use control_entities.',
      inputSchema: ProcessCommandInput,
      outputSchema: ProcessCommandOutput,
      annotations: { readOnlyHint: false, destructiveHint: true, idempotentHint: false, openWorldHint: false },
    },
    async (args) => run(() => processCommand(deps, args)),
  );
}
