// A spoken or typed command, answered as Home Assistant's conversation API answers it (`POST
// /api/conversation/process`, the `conversation.process` action): the agent's handlers are asked in order — the
// sentence triggers of the automations first, as the default agent does; an intent engine plugs in after them as
// one more `ConversationHandler` — and the first that answers decides. Nothing answering is Home Assistant's
// "Sorry, I couldn't understand that" error (code no_intent_match). The answer is `ConversationResult.as_dict()`
// with `IntentResponse.as_dict()` as its response (`helpers/intent.py`), plus `speaker` when the request said where
// it was spoken. REST, MCP and the satellites' MQTT topic all call `processCommand`.
import { z } from 'zod';
import {
  NO_INTENT_MATCH,
  type ConversationInput,
  type ConversationReply,
  type ReplyTarget,
} from '../automations/conversation/agent.js';
import { createContext } from '../core/context.js';
import { ValidationError } from '../core/errors.js';
import { newId } from '../core/ids.js';
import type { UseCaseDeps } from './deps.js';
import { resolveSpeaker, SpeakerOutput } from './conversation-speaker.js';

export type ConversationDeps = Pick<UseCaseDeps, 'registry' | 'conversation'>;

/** The default agent's ids (`conversation.home_assistant`; `homeassistant` is its older spelling). */
const DEFAULT_AGENTS = ['conversation.home_assistant', 'homeassistant'];

export const ProcessCommandInput = z.object({
  text: z.string().min(1).max(1000).describe('What was said or typed, e.g. "turn on the kitchen light".'),
  language: z.string().min(1).max(35).optional().describe('Language of the text (default "en"), e.g. "ru".'),
  conversation_id: z.string().min(1).max(255).optional().describe('Continue this conversation (from an answer).'),
  agent_id: z.string().min(1).max(255).optional().describe('Only the default agent, conversation.home_assistant.'),
  device_id: z
    .string()
    .min(1)
    .max(255)
    .optional()
    .describe(
      'The device that heard the command (a satellite); its area is where the speaker is, unless context.area.',
    ),
  context: z
    .object({
      area: z
        .string()
        .min(1)
        .max(100)
        .optional()
        .describe('Where the speaker is: an area name or id ("Kitchen", "kitchen", "living_room").'),
    })
    .strict()
    .optional()
    .describe('Where the command was spoken, so "turn on the light" means the light there.'),
});

const TargetOutput = z.object({
  name: z.string(),
  type: z.enum(['area', 'floor', 'device', 'entity', 'domain', 'device_class', 'custom']),
  id: z.string().nullable().describe('the entity, device or area id; null when the target has none'),
});

const common = {
  speech: z.object({
    plain: z.object({ speech: z.string().describe('what to say'), extra_data: z.null() }),
  }),
  card: z
    .object({ simple: z.object({ title: z.string(), content: z.string() }).optional() })
    .describe('empty unless the answer has a card'),
  language: z.string(),
};

export const ProcessCommandOutput = z.object({
  response: z.union([
    z.object({
      ...common,
      response_type: z
        .enum(['action_done', 'query_answer'])
        .describe('action_done: something was done (or a question asked back); query_answer: a question answered'),
      data: z.object({
        targets: z.array(TargetOutput).describe('what the command was about: area, domain, device class, …'),
        success: z.array(TargetOutput).describe('what was acted on or answered about'),
        failed: z.array(TargetOutput).describe('what could not be acted on'),
      }),
    }),
    z.object({
      ...common,
      response_type: z.literal('error'),
      data: z.object({
        code: z
          .enum(['no_intent_match', 'no_valid_targets', 'failed_to_handle', 'unknown'])
          .describe(
            'no_intent_match: not understood; no_valid_targets: understood, but nothing it names; ' +
              'failed_to_handle: failed while acting; unknown: outside the intents (a bad request)',
          ),
      }),
    }),
  ]),
  conversation_id: z.string(),
  continue_conversation: z.boolean().describe('true when the speech asks something back and awaits the reply'),
  speaker: SpeakerOutput.optional(),
});

export type ProcessCommandResult = z.output<typeof ProcessCommandOutput>;

const targets = (list: readonly ReplyTarget[] | undefined) =>
  (list ?? []).map((t) => ({ name: t.name, type: t.type, id: t.id }));

/** `IntentResponse.as_dict()`: speech, card, language, response_type and data (an error's code, else targets). */
export function responseOf(reply: ConversationReply, language: string): ProcessCommandResult['response'] {
  const speech = { plain: { speech: reply.speech, extra_data: null } };
  if (reply.response_type === 'error')
    return { speech, card: {}, language, response_type: 'error', data: { code: reply.code } };
  return {
    speech,
    card: reply.card ? { simple: { title: reply.card.title, content: reply.card.content } } : {},
    language,
    response_type: reply.response_type,
    data: { targets: targets(reply.targets), success: targets(reply.success), failed: targets(reply.failed) },
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
  const speaker =
    args.context?.area !== undefined || args.device_id !== undefined
      ? resolveSpeaker(deps, args.context?.area, args.device_id)
      : undefined;
  const command: ConversationInput = {
    text: args.text,
    language,
    conversation_id: args.conversation_id ?? newId(),
    device_id: args.device_id ?? null,
    satellite_id: null,
    agent_id: args.agent_id ?? DEFAULT_AGENTS[0] ?? null,
    context: createContext('conversation'),
    area: speaker?.area ?? null,
  };
  let reply: ConversationReply | undefined;
  for (const handler of deps.conversation ?? []) {
    reply = await handler.handle(command);
    if (reply) break;
  }
  const answer = reply ?? NO_INTENT_MATCH;
  return {
    response: responseOf(answer, language),
    conversation_id: command.conversation_id,
    continue_conversation: answer.question === true,
    ...(speaker ? { speaker } : {}),
  };
}
