// The conversation API over MQTT, for voice satellites and scripts without HTTP: a request
// `{"text": "...", "language": "ru", "id": "<correlation id>", "device_id"?, "context"?: {"area"}, "conversation_id"?,
// "response_topic"?}` on `switchyard/conversation/request` is answered, with the same `id`, by what
// `POST /api/conversation/process` answers (the use case `processCommand`), on `switchyard/conversation/response` or
// on the request's `response_topic`. Requests are bounded (size, requests at once); a refused one is counted, logged,
// and answered with an error response (code unknown) whenever its id can be read.
import { z } from 'zod';
import { errorMessage, ValidationError } from '../../core/errors.js';
import type { Logger } from '../../core/logger.js';
import type { Unsubscribe } from '../../core/event-bus.js';
import type { IncomingMessage, MessageBus, Service } from '../../core/ports.js';
import { publishTopicProblemText, topicMatches } from '../../core/topic.js';
import { newId } from '../../core/ids.js';
import { ProcessCommandInput, responseOf, type ProcessCommandResult } from '../../usecases/conversation.js';
import type { ConversationRefusal, ConversationRequestCounts } from '../../usecases/deps.js';

export const CONVERSATION_REQUEST_TOPIC = 'switchyard/conversation/request';
export const CONVERSATION_RESPONSE_TOPIC = 'switchyard/conversation/response';
/** the largest request payload read, in bytes */
export const MAX_REQUEST_BYTES = 4096;
/** requests answered at once; more are refused (busy) until one is done */
export const MAX_IN_FLIGHT = 16;

const Request = ProcessCommandInput.extend({
  id: z.string().min(1).max(128).describe('correlation id, repeated in the answer'),
  response_topic: z.string().min(1).max(256).optional().describe('where to answer instead of the response topic'),
});

export interface ConversationRequestsWiring {
  messages: () => MessageBus;
  process: (input: z.output<typeof ProcessCommandInput>) => Promise<ProcessCommandResult>;
  log: Logger;
  /** milliseconds since the epoch, for the last refusal's time */
  now: () => number;
  /** topics a response may never go to besides the request topic (`<discovery prefix>/#`) */
  refusedFilters?: readonly string[];
}

export interface ConversationRequests {
  readonly service: Service;
  counts(): ConversationRequestCounts;
}

class Refusal extends Error {
  constructor(
    readonly reason: ConversationRefusal,
    message: string,
  ) {
    super(message);
  }
}

/** The id of a request that is a JSON object with a usable string id, else undefined. */
function readableId(body: unknown): string | undefined {
  if (typeof body !== 'object' || body === null) return undefined;
  const id = (body as Record<string, unknown>)['id'];
  return typeof id === 'string' && id.length > 0 && id.length <= 128 ? id : undefined;
}

export function createConversationRequests(w: ConversationRequestsWiring): ConversationRequests {
  const refused: Record<ConversationRefusal, number> = {
    too_large: 0,
    bad_json: 0,
    invalid: 0,
    bad_response_topic: 0,
    busy: 0,
    failed: 0,
    publish_failed: 0,
  };
  let received = 0;
  let answered = 0;
  let inFlight = 0;
  let last: ConversationRequestCounts['last_refusal'] = null;
  let unsubscribe: Unsubscribe | undefined;
  const refusedFilters = [CONVERSATION_REQUEST_TOPIC, ...(w.refusedFilters ?? [])];

  const count = (reason: ConversationRefusal, message: string, id: string | undefined) => {
    refused[reason]++;
    last = { reason, message, id: id ?? null, at: new Date(w.now()).toISOString() };
    w.log.warn('conversation request refused', { reason, message, id });
  };

  const publish = async (topic: string, id: string, result: ProcessCommandResult) => {
    try {
      await w.messages().publish(topic, JSON.stringify({ id, ...result }), { qos: 1 });
      answered++;
    } catch (err) {
      count('publish_failed', `answer to ${topic} not published: ${errorMessage(err)}`, id);
    }
  };

  /**
   * An error answer for a refused request: code unknown ("error outside the scope of intent processing") when the
   * agent was not asked, failed_to_handle when it failed.
   */
  const errorResult = (body: unknown, refusal: Refusal): ProcessCommandResult => {
    const fields = typeof body === 'object' && body !== null ? (body as Record<string, unknown>) : {};
    const language = typeof fields['language'] === 'string' ? fields['language'].slice(0, 35) : 'en';
    const conversation = fields['conversation_id'];
    return {
      response: responseOf(
        {
          response_type: 'error',
          code: refusal.reason === 'failed' ? 'failed_to_handle' : 'unknown',
          speech: refusal.message,
        },
        language,
      ),
      conversation_id: typeof conversation === 'string' && conversation.length <= 255 ? conversation : newId(),
      continue_conversation: false,
    };
  };

  const responseTopic = (topic: string | undefined): string => {
    if (topic === undefined) return CONVERSATION_RESPONSE_TOPIC;
    const problem = publishTopicProblemText(topic);
    if (problem)
      throw new Refusal('bad_response_topic', `response_topic '${topic}' cannot be published to: ${problem}`);
    const forbidden = refusedFilters.find((f) => topicMatches(f, topic));
    if (forbidden || topic.startsWith('$'))
      throw new Refusal('bad_response_topic', `response_topic '${topic}' is not allowed (${forbidden ?? '$ topics'})`);
    return topic;
  };

  const answer = async (message: IncomingMessage) => {
    if (message.payload.length > MAX_REQUEST_BYTES)
      return count('too_large', `${message.payload.length} bytes, at most ${MAX_REQUEST_BYTES}`, undefined);
    let body: unknown;
    try {
      body = JSON.parse(message.payload.toString('utf8'));
    } catch (err) {
      return count('bad_json', `not JSON: ${errorMessage(err)}`, undefined);
    }
    const id = readableId(body);
    let topic = CONVERSATION_RESPONSE_TOPIC;
    try {
      if (message.retain) throw new Refusal('invalid', 'a retained request is not answered: publish it without retain');
      if (inFlight >= MAX_IN_FLIGHT) throw new Refusal('busy', `${MAX_IN_FLIGHT} requests are being answered`);
      const parsed = Request.safeParse(body);
      if (!parsed.success) {
        const issues = parsed.error.issues.map((i) => `${i.path.join('.') || 'request'}: ${i.message}`);
        throw new Refusal('invalid', `invalid request: ${issues.join('; ')}`);
      }
      const { id: requestId, response_topic, ...input } = parsed.data;
      topic = responseTopic(response_topic);
      inFlight++;
      try {
        await publish(topic, requestId, await w.process(input));
      } finally {
        inFlight--;
      }
    } catch (err) {
      const refusal =
        err instanceof Refusal
          ? err
          : new Refusal(err instanceof ValidationError ? 'invalid' : 'failed', errorMessage(err));
      count(refusal.reason, refusal.message, id);
      if (id !== undefined) await publish(topic, id, errorResult(body, refusal));
    }
  };

  return {
    service: {
      name: 'conversation requests (MQTT)',
      async start() {
        unsubscribe = await w.messages().subscribe(
          CONVERSATION_REQUEST_TOPIC,
          (message) => {
            received++;
            void answer(message);
          },
          { qos: 1 },
        );
      },
      async stop() {
        unsubscribe?.();
        unsubscribe = undefined;
      },
    },
    counts: () => ({
      request_topic: CONVERSATION_REQUEST_TOPIC,
      response_topic: CONVERSATION_RESPONSE_TOPIC,
      received,
      answered,
      in_flight: inFlight,
      refused: { ...refused },
      last_refusal: last,
    }),
  };
}
