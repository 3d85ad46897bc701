// Spoken commands over MQTT (part of the composition root): the satellites' request topic answered by the same use
// case as REST and MCP (`processCommand` on the one UseCaseDeps). Built before the use case deps (they show its
// counts in the system status); its service subscribes once MQTT is up and the automations' sentence triggers are
// armed, and unsubscribes on stop.
import { createConversationRequests, type ConversationRequests } from '../adapters/mqtt/conversation-requests.js';
import type { Clock } from '../core/clock.js';
import type { Logger } from '../core/logger.js';
import type { MessageBus } from '../core/ports.js';
import { processCommand } from '../usecases/conversation.js';
import type { UseCaseDeps } from '../usecases/deps.js';

export function createAppConversationRequests(w: {
  messages: () => MessageBus;
  deps: () => UseCaseDeps;
  discoveryPrefix: string;
  clock: Clock;
  log: Logger;
}): ConversationRequests {
  return createConversationRequests({
    messages: w.messages,
    process: (input) => processCommand(w.deps(), input),
    log: w.log.child({ part: 'conversation' }),
    now: () => w.clock.now().getTime(),
    refusedFilters: [`${w.discoveryPrefix}/#`],
  });
}
