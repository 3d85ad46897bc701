// A Server-Sent Events client over a real socket (node:http), for the tests of the live routes: every event parsed
// as it arrives (name, id, JSON data), the answer's status and headers, and the end of the stream.
import { get, type IncomingMessage } from 'node:http';

export interface SseEvent {
  event: string;
  id?: string;
  data: any;
}

export interface SseClient {
  res: IncomingMessage;
  status: number;
  /** parsed events so far (comments and retry lines left out) */
  events: SseEvent[];
  /** the body when the answer was not a stream (an error) */
  body(): string;
  ended: Promise<void>;
  close(): void;
}

export function openEvents(port: number, path: string, headers: Record<string, string> = {}): Promise<SseClient> {
  return new Promise((resolve, reject) => {
    const req = get({ host: '127.0.0.1', port, path, headers }, (res) => {
      const events: SseEvent[] = [];
      let buffer = '';
      let text = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => {
        text = text.length < 10_000 ? text + chunk : text;
        buffer += chunk;
        for (let end = buffer.indexOf('\n\n'); end >= 0; end = buffer.indexOf('\n\n')) {
          const block = buffer.slice(0, end);
          buffer = buffer.slice(end + 2);
          const event = /^event: (.*)$/m.exec(block)?.[1];
          const data = /^data: (.*)$/m.exec(block)?.[1];
          const id = /^id: (.*)$/m.exec(block)?.[1];
          if (event && data) events.push({ event, data: JSON.parse(data), ...(id !== undefined ? { id } : {}) });
        }
      });
      const ended = new Promise<void>((done) => res.on('close', done));
      resolve({
        res,
        status: res.statusCode ?? 0,
        events,
        body: () => text,
        ended,
        close: () => req.destroy(),
      });
    });
    req.on('error', reject);
  });
}

/** The topic updates of every "topics" event so far, in order. */
export const topicUpdates = (c: SseClient): any[] =>
  c.events.filter((e) => e.event === 'topics').flatMap((e) => e.data.topics);
