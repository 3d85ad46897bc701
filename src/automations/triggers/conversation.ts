/**
 * The conversation trigger (`components/conversation/trigger.py`): while armed, its `command` sentences are
 * registered with the default agent's sentence triggers. When a command matches, the automation runs and the agent
 * waits for it: what `set_conversation_response` set is the answer (null: none was set, or the run did not happen).
 * The `trigger` variable has platform, sentence (the text as said), details ({slot: {name, text, value}}), slots
 * ({slot: value}), device_id and user_input (`ConversationInput.as_dict()`).
 */
import type { Trigger } from '../model.js';
import { inputAsDict } from '../conversation/agent.js';
import { compileSentence } from '../conversation/template.js';
import { fireOf, type ArmFunction } from './types.js';

type ConversationTrigger = Extract<Trigger, { trigger: 'conversation' }>;

export const armConversation: ArmFunction<ConversationTrigger> = (t, base, rt, _vars, fire) => {
  if (!rt.sentences) throw new Error('conversation triggers are not available here');
  const sentences = t.command.map(compileSentence);
  const off = rt.sentences.register(sentences, (input, match) => {
    const details = Object.fromEntries(
      Object.entries(match.slots).map(([name, value]) => [name, { name, text: value, value }]),
    );
    const variables = {
      sentence: input.text,
      details,
      slots: { ...match.slots },
      device_id: input.device_id,
      user_input: inputAsDict(input),
    };
    return new Promise<string | null>((resolve) => {
      fire({ ...fireOf(base, `conversation '${input.text}'`, variables, input.context), reply: resolve });
    });
  });
  return { stop: off };
};
