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
        'Pass a sentence to the conversation agent, as if it had been said to a voice assistant (any language the ' +
        'agent knows, e.g. "en", "ru"). Automations with a conversation trigger whose sentences match it run first. ' +
        "The answer has Home Assistant's shape: what to say in response.speech.plain.speech; response_type " +
        'action_done (data.success/failed list what was acted on), query_answer (a question answered) or error ' +
        '(data.code no_intent_match when nothing understood it). continue_conversation true means the answer is a ' +
        'question back (e.g. which light?): answer it with the same conversation_id. Give context.area (or the ' +
        'device_id of the device that heard it) so "turn on the light" means the light there; speaker says which ' +
        'area was used. To control an entity directly, use control_entities.',
      inputSchema: ProcessCommandInput,
      outputSchema: ProcessCommandOutput,
      annotations: { readOnlyHint: false, destructiveHint: true, idempotentHint: false, openWorldHint: false },
    },
    async (args) => run(() => processCommand(deps, args)),
  );
}
