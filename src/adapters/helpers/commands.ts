// What Home Assistant sends to the helpers' command topics, turned into the helper's action on the command
// router (the one command path): ON/OFF, a number, an option, a text, a date and/or time, PRESS.
import { HELPERS_SOURCE } from '../../automations/helpers/helpers.js';
import type { CommandRouter } from '../../core/commands.js';
import { createContext } from '../../core/context.js';
import { NotFoundError, ValidationError } from '../../core/errors.js';
import type { Unsubscribe } from '../../core/event-bus.js';
import type { Logger } from '../../core/logger.js';
import type { IncomingMessage, MessageBus } from '../../core/ports.js';
import type { Registry } from '../../core/registry.js';
import { HELPER_TOPIC_BASE } from './announce.js';

export interface HelperCommandDeps {
  readonly messages: MessageBus;
  readonly registry: Registry;
  readonly commands: CommandRouter;
  readonly log: Logger;
}

/** The action a payload on `<domain>`'s command topic asks for. */
export function commandFor(domain: string, text: string): { action: string; data: Record<string, unknown> } {
  switch (domain) {
    case 'input_boolean':
      if (text !== 'ON' && text !== 'OFF') throw new ValidationError(`expected ON or OFF, got '${text}'`);
      return { action: text === 'ON' ? 'turn_on' : 'turn_off', data: {} };
    case 'input_number':
      return { action: 'set_value', data: { value: text } };
    case 'input_select':
      return { action: 'select_option', data: { option: text } };
    case 'input_text':
      return { action: 'set_value', data: { value: text } };
    case 'input_datetime': {
      const key = /\d{4}-\d{2}-\d{2}[ T]\d/.test(text) ? 'datetime' : text.includes('-') ? 'date' : 'time';
      return { action: 'set_datetime', data: { [key]: text } };
    }
    case 'input_button':
      return { action: 'press', data: {} };
    default:
      throw new ValidationError(`${domain} takes no commands from Home Assistant`);
  }
}

/** Subscribes `switchyard/helpers/+/+/set`; resolves once the broker has acknowledged it. */
export async function listenForHelperCommands(deps: HelperCommandDeps): Promise<Unsubscribe> {
  const handle = async (m: IncomingMessage) => {
    const [, , domain = '', object = ''] = m.topic.split('/');
    const entityId = `${domain}.${object}`;
    if (deps.registry.entity(entityId)?.source !== HELPERS_SOURCE)
      throw new NotFoundError(`no helper behind ${m.topic}`);
    const { action, data } = commandFor(domain, m.payload.toString('utf8'));
    await deps.commands.execute({ domain, action, entity_id: entityId, data, context: createContext('homeassistant') });
  };
  return deps.messages.subscribe(
    `${HELPER_TOPIC_BASE}/+/+/set`,
    (m) => {
      void handle(m).catch((err: unknown) =>
        deps.log.warn('helper command from Home Assistant rejected', {
          topic: m.topic,
          err: err instanceof Error ? err.message : String(err),
        }),
      );
    },
    { qos: 1 },
  );
}
