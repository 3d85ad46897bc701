// GET /api/events/mqtt and GET /api/events/logs — the MQTT explorer and the log live, as Server-Sent Events (the
// panel's push channels besides /api/events/states). Thin shells over their use cases (usecases/mqtt-stream.ts,
// usecases/log-stream.ts): the input is validated with the use case's schema before the stream opens (a bad topic
// filter is a 400), each client is one listener there and one heartbeat timer here, both gone when it disconnects,
// so with no client there is nothing. Batches are coalesced by the use cases; a client with more than
// `maxBufferedBytes` unread loses batches, counted in each later batch's `dropped`.
import type { FastifyInstance } from 'fastify';
import { LogBatchSchema, watchLogs, WatchLogsInput, type LogBatch } from '../../../usecases/log-stream.js';
import type { LiveOptions } from '../../../usecases/live-batches.js';
import type { MqttDeps } from '../../../usecases/mqtt-connections.js';
import { TopicBatchSchema, watchTopics, WatchTopicsInput, type TopicBatch } from '../../../usecases/mqtt-stream.js';
import type { UseCaseDeps } from '../../../usecases/deps.js';
import { routeDoc } from '../route-doc.js';
import { openSse, type SseOptions, type SseStream, sseStreams } from '../sse.js';
import { parseInput } from '../validate.js';

export type LiveEventOptions = SseOptions & LiveOptions;

/** Live figures, for tests and measurements. */
export interface LiveEventStats {
  readonly clients: number;
  /** batches (SSE events) sent on the MQTT stream since start, and the topic updates they carried */
  readonly mqtt_batches: number;
  readonly mqtt_updates: number;
  /** updates and log entries dropped for slow clients since start */
  readonly dropped: number;
  /** bytes waiting unread in the clients' sockets now */
  readonly buffered: number;
}

const READY = 'A "ready" event once listening, then batches; EventSource reconnects after a dropped stream.';

export function registerLiveEventRoutes(
  app: FastifyInstance,
  deps: MqttDeps & Pick<UseCaseDeps, 'logs'>,
  options: LiveEventOptions = {},
): () => LiveEventStats {
  const streams = sseStreams(app);
  let mqttBatches = 0;
  let mqttUpdates = 0;
  /** what the streams now open dropped so far, and what the closed ones dropped */
  const open = new Set<{ readonly dropped: number }>();
  let droppedBefore = 0;
  const follow = (stream: SseStream, watch: { readonly dropped: number; stop(): void }): void => {
    open.add(watch);
    stream.onClose(() => {
      watch.stop();
      open.delete(watch);
      droppedBefore += watch.dropped;
    });
  };

  app.get(
    '/api/events/mqtt',
    routeDoc({
      summary: 'The MQTT explorer live as Server-Sent Events (event "topics": the topics that changed, coalesced)',
      description:
        `${READY} Each "topics" event lists every topic matching the filter that got messages since the last one ` +
        '(at most one event per 250 ms): its latest payload (first 1 KiB, flagged truncated), retained flag and ' +
        'count. A client that falls behind loses updates; `dropped` counts them (reload GET /api/mqtt/topics). ' +
        'Listens on the topic index: no broker subscription of its own.',
      query: WatchTopicsInput,
      events: TopicBatchSchema,
      produces: 'text/event-stream',
    }),
    (request, reply) => {
      const input = parseInput(WatchTopicsInput, request.query, 'query');
      let stream: SseStream | undefined;
      const watch = watchTopics(
        deps,
        input,
        {
          send(batch: TopicBatch) {
            mqttBatches++;
            mqttUpdates += batch.topics.length;
            stream?.send('topics', batch);
          },
          blocked: () => stream?.blocked() ?? false,
        },
        options,
      );
      stream = openSse(reply, streams, options);
      follow(stream, watch);
      stream.send('ready', { filter: input.filter });
    },
  );

  app.get(
    '/api/events/logs',
    routeDoc({
      summary: 'The log live as Server-Sent Events (event "logs": new entries at a level or above, redacted)',
      description:
        `${READY} The first "logs" event holds the kept entries after \`after\` (or Last-Event-ID), then new ones ` +
        "at the level or above, gathered for 250 ms. Each event's id is its last entry's id. A client that falls " +
        'behind loses entries; `dropped` counts them.',
      query: WatchLogsInput,
      events: LogBatchSchema,
      produces: 'text/event-stream',
    }),
    (request, reply) => {
      const input = parseInput(WatchLogsInput, request.query, 'query');
      // EventSource reconnecting sends the id of the last event it had: go on from there
      const lastEventId = Number(request.headers['last-event-id']);
      if (Number.isInteger(lastEventId) && lastEventId > input.after) input.after = lastEventId;
      let stream: SseStream | undefined;
      const watch = watchLogs(
        deps,
        input,
        {
          send: (batch: LogBatch) => stream?.send('logs', batch, batch.entries.at(-1)?.id),
          blocked: () => stream?.blocked() ?? false,
        },
        options,
      );
      stream = openSse(reply, streams, options);
      follow(stream, watch);
      stream.send('ready', { level: input.level });
    },
  );

  return () => {
    let buffered = 0;
    for (const s of streams) buffered += s.buffered;
    let dropped = droppedBefore;
    for (const w of open) dropped += w.dropped;
    return { clients: streams.size, mqtt_batches: mqttBatches, mqtt_updates: mqttUpdates, dropped, buffered };
  };
}
