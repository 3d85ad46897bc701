/**
 * What a spoken or typed command is and what answers it, in the shape of Home Assistant's conversation agents
 * (`components/conversation/models.py` ConversationInput, `helpers/intent.py` IntentResponse). The use case
 * (`usecases/conversation.ts`) asks its handlers in order and answers with the first reply; the default agent's
 * order is sentence triggers first (`sentence-triggers.ts`), then intents — an intent engine plugs in as one more
 * handler after them.
 */
import type { Context } from '../../core/context.js';

export interface ConversationInput {
  readonly text: string;
  readonly language: string;
  readonly conversation_id: string;
  readonly device_id: string | null;
  readonly satellite_id: string | null;
  readonly agent_id: string | null;
  readonly context: Context;
}

/** `ConversationInput.as_dict()`: the `user_input` trigger variable. */
export function inputAsDict(input: ConversationInput): Record<string, unknown> {
  return {
    text: input.text,
    context: { id: input.context.id, parent_id: input.context.parentId, user_id: null },
    conversation_id: input.conversation_id,
    device_id: input.device_id,
    satellite_id: input.satellite_id,
    language: input.language,
    agent_id: input.agent_id,
    extra_system_prompt: null,
  };
}

/** A handler's answer: something was done (with what to say), or an error with Home Assistant's code. */
export type ConversationReply =
  | { readonly response_type: 'action_done'; readonly speech: string; readonly data?: Record<string, unknown> }
  | { readonly response_type: 'error'; readonly code: string; readonly speech: string };

/** One stage of the agent: undefined when the text is not for it (the next handler is asked). */
export interface ConversationHandler {
  readonly name: string;
  handle(input: ConversationInput): Promise<ConversationReply | undefined>;
}

/** The default agent's answer when nothing understood the text (`_DEFAULT_ERROR_TEXT`, code no_intent_match). */
export const NO_INTENT_MATCH: ConversationReply = {
  response_type: 'error',
  code: 'no_intent_match',
  speech: "Sorry, I couldn't understand that",
};
