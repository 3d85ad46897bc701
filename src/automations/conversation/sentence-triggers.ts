/**
 * The sentence triggers of the default agent (`components/conversation/default_agent.py`):
 * - `register_trigger(sentences, callback)` while a `conversation` trigger is armed;
 * - `async_recognize_sentence_trigger`: every registered trigger whose sentences match the text (the first of its
 *   sentences that matches gives the slots), in the order they were registered;
 * - `_handle_trigger_result`: their callbacks run side by side; the first response set (in the order they finish)
 *   is the answer, an empty one included; when none sets one, "Done".
 * A callback runs the automation and waits for it (`triggers/conversation.ts`).
 */
import type { ConversationHandler, ConversationInput, ConversationReply } from './agent.js';
import { matchSentence, normalizeSpoken, type CompiledSentence } from './template.js';

export interface SentenceMatch {
  readonly template: string;
  readonly slots: Readonly<Record<string, string>>;
}

/** Runs what a trigger does; resolves with its conversation response, or null when it set none. */
export type SentenceCallback = (input: ConversationInput, match: SentenceMatch) => Promise<string | null>;

export interface SentenceTriggers extends ConversationHandler {
  register(sentences: readonly CompiledSentence[], callback: SentenceCallback): () => void;
  /** how many triggers are registered */
  size(): number;
}

/** Home Assistant's `component.conversation.conversation.agent.done` in English. */
export const DEFAULT_DONE = 'Done';
/** longest text matched; longer text is not for a trigger sentence */
const MAX_TEXT = 1_000;

/** The first response that is not null, in the order the callbacks finish; undefined when none gives one. */
async function firstResponse(runs: Promise<string | null>[]): Promise<string | undefined> {
  return new Promise((resolve) => {
    let left = runs.length;
    if (left === 0) resolve(undefined);
    for (const run of runs) {
      run.then(
        (response) => {
          left--;
          if (response !== null) resolve(response);
          else if (left === 0) resolve(undefined);
        },
        () => {
          left--;
          if (left === 0) resolve(undefined);
        },
      );
    }
  });
}

export function createSentenceTriggers(): SentenceTriggers {
  const triggers = new Set<{ sentences: readonly CompiledSentence[]; callback: SentenceCallback }>();
  return {
    name: 'sentence triggers',
    register(sentences, callback) {
      const entry = { sentences, callback };
      triggers.add(entry);
      return () => void triggers.delete(entry);
    },
    size: () => triggers.size,
    async handle(input): Promise<ConversationReply | undefined> {
      if (triggers.size === 0 || input.text.length > MAX_TEXT) return undefined;
      const spoken = normalizeSpoken(input.text);
      const runs: Promise<string | null>[] = [];
      for (const { sentences, callback } of [...triggers]) {
        for (const sentence of sentences) {
          const slots = matchSentence(sentence, spoken);
          if (slots === undefined) continue;
          const match = { template: sentence.template, slots };
          runs.push(Promise.resolve().then(() => callback(input, match)));
          break;
        }
      }
      if (runs.length === 0) return undefined;
      const response = await firstResponse(runs);
      return { response_type: 'action_done', speech: response ?? DEFAULT_DONE };
    },
  };
}
