// What reaches the automations from outside besides MQTT (part of the composition root): the zones (`zone.*`
// entities from the folder's `zone:` sections and the home's location), the webhook ids armed webhook triggers
// listen on, the sentences of conversation triggers (the first stage of the conversation agent; the intent engine,
// `app/intents.ts`, is the second), and tag scans made through the API. The engine and the use cases get the same
// objects.
import type { ConversationHandler } from '../automations/conversation/agent.js';
import { createSentenceTriggers, type SentenceTriggers } from '../automations/conversation/sentence-triggers.js';
import type { SunSource } from '../automations/sun.js';
import { createWebhookRegistry, type WebhookRegistry } from '../automations/triggers/webhook-registry.js';
import { createZoneEntities, type ZoneEntities } from '../automations/zones/entities.js';
import type { CommandRouter } from '../core/commands.js';
import { createContext } from '../core/context.js';
import type { EventBus } from '../core/event-bus.js';
import type { CoreEvents } from '../core/events.js';
import type { Logger } from '../core/logger.js';
import type { Registry } from '../core/registry.js';
import type { StateStore } from '../core/state-store.js';
import type { IntentEngine } from '../intents/engine.js';
import type { AliasSource } from '../intents/home-index.js';
import { createIntents } from './intents.js';

export interface AutomationInputs {
  readonly webhooks: WebhookRegistry;
  readonly sentences: SentenceTriggers;
  /** the conversation agent's stages, in order */
  readonly conversation: readonly ConversationHandler[];
  /** spoken commands from the intent templates (`intents/`) on the live registry */
  readonly intents: IntentEngine;
  /** a DefinitionConsumer for the engine and a service to start before it */
  readonly zones: ZoneEntities;
  readonly scanTag: (tagId: string, deviceId: string | null) => void;
  /** to be called once the app has started */
  readonly appStarted: () => void;
  /** resolves once appStarted() is called (the discovered entities' restore waits for it) */
  readonly started: Promise<void>;
}

export function createAutomationInputs(w: {
  registry: Registry;
  states: StateStore;
  bus: EventBus<CoreEvents>;
  log: Logger;
  commands: CommandRouter;
  sun?: SunSource | undefined;
  /** other names of entities for spoken commands (Home Assistant's aliases, as an add-on) */
  aliases?: AliasSource | undefined;
}): AutomationInputs {
  const sentences = createSentenceTriggers();
  let appStarted = () => {};
  const started = new Promise<void>((resolve) => (appStarted = resolve));
  const intents = createIntents({ ...w, log: w.log.child({ part: 'intents' }) });
  return {
    webhooks: createWebhookRegistry(w.log.child({ part: 'webhook' })),
    sentences,
    conversation: [sentences, intents.handler],
    intents: intents.engine,
    zones: createZoneEntities({ registry: w.registry, states: w.states, bus: w.bus, home: w.sun }),
    scanTag: (tagId, deviceId) =>
      w.bus.emit('tag_scanned', { tag_id: tagId, device_id: deviceId, context: createContext('api') }),
    appStarted: () => appStarted(),
    started,
  };
}
