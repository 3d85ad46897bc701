// One Server-Sent Events stream on a hijacked fastify reply, for the live routes (routes/live-events.ts): the headers,
// a heartbeat timer of its own while it is open, a bound on the bytes waiting unread in its socket's buffer
// (`blocked()`: the use case then drops and counts instead of writing), and one close that undoes everything — on
// the client going away, on `close()`, and on the app closing (`sseStreams` ends them before fastify waits for
// connections). The request has passed the auth hook (onRequest runs before any handler), like every /api route.
import type { FastifyInstance, FastifyReply } from 'fastify';

export interface SseOptions {
  /** a comment line this often keeps proxies from closing an idle stream (default 25 s) */
  heartbeatMs?: number;
  /** bytes that may wait unread in the socket's buffer before `blocked()` says so (default 256 KiB) */
  maxBufferedBytes?: number;
}

export interface SseStream {
  /** writes one event; `id` is what EventSource sends back as Last-Event-ID when it reconnects */
  send(event: string, data: unknown, id?: number): void;
  /** the client has more than maxBufferedBytes unread */
  blocked(): boolean;
  /** bytes waiting unread in the socket's buffer now */
  readonly buffered: number;
  close(): void;
  /** called once when the stream ends, whatever ended it */
  onClose(fn: () => void): void;
}

/** The open streams of one app: ended when it closes; their number, for the figures. */
export function sseStreams(app: FastifyInstance): Set<SseStream> {
  const streams = new Set<SseStream>();
  // streams outlive requests: end them before fastify waits for its connections to close
  app.addHook('preClose', (done) => {
    for (const s of [...streams]) s.close();
    done();
  });
  return streams;
}

/** Takes the reply over from fastify and answers with an event stream's status and headers; returns the response. */
export function startEventStream(reply: FastifyReply): FastifyReply['raw'] {
  reply.hijack();
  const res = reply.raw;
  res.writeHead(200, {
    'content-type': 'text/event-stream; charset=utf-8',
    'cache-control': 'no-store',
    'x-content-type-options': 'nosniff',
    // no buffering in nginx-style proxies (Home Assistant's ingress passes streams through)
    'x-accel-buffering': 'no',
    connection: 'keep-alive',
  });
  return res;
}

/** Answers the request as an event stream (after the caller validated its input) and adds it to `streams`. */
export function openSse(reply: FastifyReply, streams: Set<SseStream>, options: SseOptions = {}): SseStream {
  const maxBuffered = options.maxBufferedBytes ?? 256 * 1024;
  const res = startEventStream(reply);
  res.write('retry: 2000\n\n');
  const closers: (() => void)[] = [];
  let closed = false;
  const heartbeat = setInterval(() => {
    if (!res.writableNeedDrain) res.write(': keep-alive\n\n');
  }, options.heartbeatMs ?? 25_000);
  heartbeat.unref();
  const stream: SseStream = {
    send(event, data, id) {
      if (closed) return;
      res.write(`${id !== undefined ? `id: ${id}\n` : ''}event: ${event}\ndata: ${JSON.stringify(data)}\n\n`);
    },
    blocked: () => res.writableLength > maxBuffered,
    get buffered() {
      return res.writableLength;
    },
    close() {
      if (closed) return;
      closed = true;
      clearInterval(heartbeat);
      streams.delete(stream);
      for (const fn of closers.splice(0)) fn();
      if (!res.writableEnded) res.end();
    },
    onClose(fn) {
      if (closed) fn();
      else closers.push(fn);
    },
  };
  res.on('close', () => stream.close());
  streams.add(stream);
  return stream;
}
