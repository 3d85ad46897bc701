// Spoken commands without a language model (part of the composition root): the intent templates (`intents/*.yaml`,
// read by the automations adapter) and the intent engine on the live registry, offered to the conversation agent as
// one more handler after the sentence triggers.
import { loadIntentTemplates } from '../adapters/automations/intent-templates.js';
import type { ConversationHandler, ConversationReply } from '../automations/conversation/agent.js';
import type { CommandRouter } from '../core/commands.js';
import type { EventBus } from '../core/event-bus.js';
import type { CoreEvents } from '../core/events.js';
import type { Logger } from '../core/logger.js';
import type { Registry } from '../core/registry.js';
import type { StateStore } from '../core/state-store.js';
import { createIntentEngine, type IntentEngine } from '../intents/engine.js';
import type { AliasSource } from '../intents/home-index.js';
import type { IntentReply } from '../intents/reply.js';

export function createIntents(w: {
  registry: Registry;
  states: StateStore;
  commands: CommandRouter;
  bus: EventBus<CoreEvents>;
  log: Logger;
  /** the templates' folder (default: `intents/` next to `dist/`) */
  dir?: string | undefined;
  /** other names of entities (Home Assistant's aliases, as an add-on) */
  aliases?: AliasSource | undefined;
}): { engine: IntentEngine; handler: ConversationHandler } {
  // Built on first use, as Home Assistant's default agent loads a language's intents on its first sentence: reading
  // and expanding the templates takes about 0.2 s (both languages; 0.3-0.4 s on a busy host) and leaves about 9 MB
  // more RSS (3 MB of heap), which an add-on that is never spoken to should not carry (issue 22: idle RSS). It was
  // built a second after start before; the files ship with the add-on and a test loads them without a problem.
  let built: IntentEngine | undefined;
  let stopped = false;
  const get = (): IntentEngine => {
    if (built) return built;
    const loaded = loadIntentTemplates(w.dir);
    for (const problem of loaded.problems) w.log.warn('intent templates: a problem in the files', { problem });
    built = createIntentEngine({ ...w, files: loaded.files });
    if (stopped) built.stop();
    return built;
  };
  const engine: IntentEngine = {
    get languages() {
      return get().languages;
    },
    understand: (request) => get().understand(request),
    plan: (request) => get().plan(request),
    lexicon: (language) => get().lexicon(language),
    index: (language) => get().index(language),
    donation: () => get().donation(),
    onChange: (listener) => get().onChange(listener),
    stop: () => {
      stopped = true;
      built?.stop();
    },
  };
  return { engine, handler: intentHandler(engine) };
}

const replyOf = (r: IntentReply): ConversationReply =>
  r.response_type === 'error'
    ? { response_type: 'error', code: r.code, speech: r.speech, ...(r.question ? { question: true } : {}) }
    : { response_type: r.response_type, speech: r.speech, targets: r.targets, success: r.success, failed: r.failed };

/** The engine as a stage of the conversation agent. */
export function intentHandler(engine: IntentEngine): ConversationHandler {
  return {
    name: 'intents',
    async handle(input) {
      const reply = await engine.understand({
        text: input.text,
        language: input.language,
        area: input.area,
        context: input.context,
        conversation_id: input.conversation_id,
      });
      return reply && replyOf(reply);
    },
  };
}
