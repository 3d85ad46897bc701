// GET /api/events/states — live entity states as Server-Sent Events (the panel's push channel). Each client is
// one bus listener (usecases/state-stream.ts) that exists only while it is connected, and a heartbeat timer of its
// own: with no client there is no listener and no timer. A client that reads slower than states change is bounded:
// while its socket is full, changes wait coalesced (the latest per entity) and, past `maxPendingBytes`, the stream
// is closed (EventSource reconnects and the panel reloads its states). Closed cleanly on disconnect and app close.
import type { FastifyInstance } from 'fastify';
import type { ServerResponse } from 'node:http';
import {
  type StateEvent,
  type StateStreamDeps,
  WatchStatesInput,
  watchStates,
} from '../../../usecases/state-stream.js';
import { routeDoc } from '../route-doc.js';
import { startEventStream } from '../sse.js';
import { parseInput } from '../validate.js';

export interface StateEventOptions {
  /** bytes of coalesced changes a client may have waiting before its stream is closed (default 1 MiB) */
  maxPendingBytes?: number;
  /** a comment line this often keeps proxies from closing an idle stream (default 25 s) */
  heartbeatMs?: number;
}

/** Live figures, for tests and the idle-cost check. */
export interface StateEventStats {
  readonly clients: number;
  /** streams closed because their client fell behind by more than maxPendingBytes */
  readonly overflowed: number;
  /** bytes waiting for slow clients now */
  readonly pendingBytes: number;
}

interface Client {
  res: ServerResponse;
  /** changes waiting while the socket is full: the latest per entity */
  pending: Map<string, string>;
  pendingBytes: number;
  close(): void;
}

const frame = (event: StateEvent): string => `event: state\ndata: ${JSON.stringify(event)}\n\n`;

export function registerStateEventRoutes(
  app: FastifyInstance,
  deps: StateStreamDeps,
  options: StateEventOptions = {},
): () => StateEventStats {
  const maxPending = options.maxPendingBytes ?? 1024 * 1024;
  const heartbeatMs = options.heartbeatMs ?? 25_000;
  const clients = new Set<Client>();
  let overflowed = 0;

  // streams outlive requests: end them before fastify waits for its connections to close
  app.addHook('preClose', (done) => {
    for (const c of [...clients]) c.close();
    done();
  });

  app.get(
    '/api/events/states',
    routeDoc({
      summary: 'Live entity states as Server-Sent Events (event "state": entity_id, state, attributes, available)',
      description:
        'A "ready" event once subscribed, then one "state" event per state change. A client that falls more than ' +
        '1 MiB behind is disconnected (EventSource reconnects).',
      query: WatchStatesInput,
      produces: 'text/event-stream',
    }),
    (request, reply) => {
      const input = parseInput(WatchStatesInput, request.query, 'query');
      const res = startEventStream(reply);
      let closed = false;
      const client: Client = {
        res,
        pending: new Map(),
        pendingBytes: 0,
        close() {
          if (closed) return;
          closed = true;
          unsubscribe();
          clearInterval(heartbeat);
          clients.delete(client);
          client.pending.clear();
          client.pendingBytes = 0;
          res.off('drain', flush);
          if (!res.writableEnded) res.end();
        },
      };
      const flush = (): void => {
        for (const [id, text] of client.pending) {
          client.pending.delete(id);
          client.pendingBytes -= text.length;
          if (!res.write(text)) return; // full again: the rest waits for the next drain
        }
      };
      const send = (event: StateEvent): void => {
        const text = frame(event);
        if (client.pending.size === 0 && !res.writableNeedDrain) {
          res.write(text);
          return;
        }
        const before = client.pending.get(event.entity_id);
        client.pending.delete(event.entity_id); // re-inserted last: changes go out in the order of their latest
        client.pending.set(event.entity_id, text);
        client.pendingBytes += text.length - (before?.length ?? 0);
        if (client.pendingBytes > maxPending) {
          overflowed++;
          client.close();
          res.destroy(); // a client this far behind would read the end only after everything else
        }
      };
      const unsubscribe = watchStates(deps, input, send);
      const heartbeat = setInterval(() => {
        if (!res.writableNeedDrain) res.write(': keep-alive\n\n');
      }, heartbeatMs);
      heartbeat.unref();
      res.on('drain', flush);
      res.on('close', () => client.close());
      clients.add(client);
      res.write('retry: 2000\nevent: ready\ndata: {}\n\n');
    },
  );

  return () => {
    let pendingBytes = 0;
    for (const c of clients) pendingBytes += c.pendingBytes;
    return { clients: clients.size, overflowed, pendingBytes };
  };
}
