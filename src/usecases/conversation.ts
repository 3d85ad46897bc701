// A spoken or typed command, answered as Home Assistant's conversation API answers it (`POST
// /api/conversation/process`, the `conversation.process` action): the agent's handlers are asked in order — the
// sentence triggers of the automations first, as the default agent does; an intent engine plugs in after them as
// one more `ConversationHandler` — and the first that answers decides. Nothing answering is Home Assistant's
// "Sorry, I couldn't understand that" error (code no_intent_match).
import { z } from 'zod';
import {
  NO_INTENT_MATCH,
  type ConversationHandler,
  type ConversationInput,
  type ConversationReply,
} from '../automations/conversation/agent.js';
import { createContext } from '../core/context.js';
import { ValidationError } from '../core/errors.js';
import { newId } from '../core/ids.js';

export interface ConversationDeps {
  /** asked in order; without any, nothing is understood */
  readonly conversation?: readonly ConversationHandler[] | undefined;
}

/** The default agent's ids (`conversation.home_assistant`; `homeassistant` is its older spelling). */
const DEFAULT_AGENTS = ['conversation.home_assistant', 'homeassistant'];

export const ProcessCommandInput = z.object({
  text: z.string().min(1).max(1000).describe('What was said or typed, e.g. "turn on the kitchen light".'),
  language: z.string().min(1).max(35).optional().describe('Language of the text (default "en").'),
  conversation_id: z.string().min(1).max(255).optional().describe('Continue this conversation (from an answer).'),
  agent_id: z.string().min(1).max(255).optional().describe('Only the default agent, conversation.home_assistant.'),
  device_id: z.string().min(1).max(255).optional().describe('The device that heard the command, if any.'),
});

export const ProcessCommandOutput = z.object({
  response: z.object({
    speech: z.object({ plain: z.object({ speech: z.string(), extra_data: z.null() }) }),
    card: z.record(z.string(), z.unknown()),
    language: z.string(),
    response_type: z.enum(['action_done', 'query_answer', 'error']),
    data: z.record(z.string(), z.unknown()),
  }),
  conversation_id: z.string(),
  continue_conversation: z.boolean(),
});

export type ProcessCommandResult = z.output<typeof ProcessCommandOutput>;

/** `IntentResponse.as_dict()`: speech, card, language, response_type and data (an error's code, else targets). */
function responseOf(reply: ConversationReply, language: string): ProcessCommandResult['response'] {
  const data =
    reply.response_type === 'error'
      ? { code: reply.code }
      : { targets: [], success: [], failed: [], ...(reply.data ?? {}) };
  return {
    speech: { plain: { speech: reply.speech, extra_data: null } },
    card: {},
    language,
    response_type: reply.response_type,
    data,
  };
}

export async function processCommand(
  deps: ConversationDeps,
  input: z.input<typeof ProcessCommandInput>,
): Promise<ProcessCommandResult> {
  const args = ProcessCommandInput.parse(input);
  if (args.agent_id !== undefined && !DEFAULT_AGENTS.includes(args.agent_id))
    throw new ValidationError(`unknown conversation agent '${args.agent_id}': only conversation.home_assistant`);
  const language = args.language ?? 'en';
  const command: ConversationInput = {
    text: args.text,
    language,
    conversation_id: args.conversation_id ?? newId(),
    device_id: args.device_id ?? null,
    satellite_id: null,
    agent_id: args.agent_id ?? DEFAULT_AGENTS[0] ?? null,
    context: createContext('conversation'),
  };
  let reply: ConversationReply | undefined;
  for (const handler of deps.conversation ?? []) {
    reply = await handler.handle(command);
    if (reply) break;
  }
  return {
    response: responseOf(reply ?? NO_INTENT_MATCH, language),
    conversation_id: command.conversation_id,
    continue_conversation: false,
  };
}
