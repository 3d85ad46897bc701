/**
 * The `conversation` trigger as Home Assistant validates it (`components/conversation/trigger.py`): `command`, one
 * sentence template or a list of them, at least one, none empty, none with punctuation (hassil's punctuation
 * characters: "hello?", "4 a.m." are refused). Each is also compiled here (`conversation/template.ts`), so a broken
 * template is reported at its line instead of failing when someone speaks. And the `set_conversation_response`
 * action (`helpers/config_validation.py`: a template, or null for none).
 */
import { z } from 'zod';
import { compileSentence, hasPunctuation, SentenceTemplateError } from '../conversation/template.js';
import { describeValue, fields, report, variant } from './fields.js';
import { actionCommon } from './call-action.js';
import { haBoolean, haString, idText, variablesSchema } from './values.js';

const sentences = z.unknown().transform((v, ctx): string[] => {
  const items = v === null || v === undefined ? [] : Array.isArray(v) ? v : [v];
  if (items.length === 0) report(ctx, 'at least one sentence is required');
  const out: string[] = [];
  for (const [i, item] of items.entries()) {
    const at = Array.isArray(v) ? [i] : [];
    const text = typeof item === 'string' ? item : typeof item === 'number' ? String(item) : undefined;
    if (text === undefined) report(ctx, `expected a sentence, got ${describeValue(item)}`, at);
    else if (!text) report(ctx, `sentence too short: '${text}'`, at);
    else if (hasPunctuation(text))
      report(ctx, 'sentence should not contain punctuation', at, {
        hint: 'punctuation and case are ignored when matching: leave them out',
      });
    else {
      try {
        compileSentence(text);
        out.push(text);
      } catch (err) {
        if (!(err instanceof SentenceTemplateError)) throw err;
        report(ctx, err.message, at);
      }
    }
  }
  return out;
});

export const conversationTrigger = variant(
  'conversation trigger',
  {
    id: idText.optional(),
    alias: haString.optional(),
    enabled: haBoolean.default(true),
    variables: variablesSchema.optional(),
    trigger: z.literal('conversation'),
    command: sentences,
  },
  (s) => s,
);

const responseTemplate = z.unknown().transform((v, ctx): string | null => {
  if (v === null || typeof v === 'string') return v;
  if (typeof v === 'number' || typeof v === 'boolean') return String(v);
  report(ctx, `expected a template or nothing, got ${describeValue(v)}`);
  return z.NEVER;
});

/** `set_conversation_response: "{{ … }}"`: what the conversation agent answers when the run has ended. */
export const setConversationResponse = fields('set_conversation_response action', {
  ...actionCommon,
  set_conversation_response: responseTemplate,
}).transform((a) => ({ kind: 'set_conversation_response' as const, ...a }));

export type SetConversationResponseAction = z.output<typeof setConversationResponse>;
