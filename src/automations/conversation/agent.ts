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
  /**
   * Where the speaker is, as the registry names the area ("Kitchen"): the request's `context.area` when it names a
   * known area, else the area of the device that heard the command (`device_id`); null when neither is known.
   */
  readonly area: string | null;
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

/** What a target of a reply is (`IntentResponseTargetType`). */
export type ReplyTargetType = 'area' | 'floor' | 'device' | 'entity' | 'domain' | 'device_class' | 'custom';

/** One target of a reply (`IntentResponseTarget`): e.g. `{name: 'Kitchen Light', type: 'entity', id: 'light.kitchen'}`. */
export interface ReplyTarget {
  readonly name: string;
  readonly type: ReplyTargetType;
  readonly id: string | null;
}

/** Why a command failed (`IntentResponseErrorCode`). */
export type ReplyErrorCode = 'no_intent_match' | 'no_valid_targets' | 'failed_to_handle' | 'unknown';

/**
 * A handler's answer (`IntentResponse`): something was done (`action_done`), a question about the home was answered
 * (`query_answer`), or an error with Home Assistant's code. `question: true` marks speech that asks something back
 * ("Which light: the ceiling or the table lamp?") and waits for the reply: the answer then continues the conversation
 * (`continue_conversation`), and nothing should have been done (leave `success` empty).
 */
export type ConversationReply =
  | {
      readonly response_type: 'action_done' | 'query_answer';
      readonly speech: string;
      /** what the command was about (`async_set_targets`): the area, the domain, the device class, … */
      readonly targets?: readonly ReplyTarget[];
      /** the entities acted on or answered about, and those that failed (`async_set_results`) */
      readonly success?: readonly ReplyTarget[];
      readonly failed?: readonly ReplyTarget[];
      readonly question?: boolean;
      /** a simple card (`async_set_card`) */
      readonly card?: { readonly title: string; readonly content: string };
    }
  | {
      readonly response_type: 'error';
      readonly code: ReplyErrorCode;
      readonly speech: string;
      readonly question?: boolean;
    };

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
