// A fake Home Assistant Supervisor: a real node:http server on 127.0.0.1 answering GET /services/mqtt
// from a script of answers (the last one repeats), checking the bearer token on every request.
import { createServer, type Server } from 'node:http';

export interface FakeAnswer {
  status: number;
  body?: unknown;
  /** wait this long before answering (slow Supervisor) */
  delayMs?: number;
}

export interface FakeSupervisor {
  readonly url: string;
  readonly port: number;
  /** every request seen: method, path and authorization header */
  readonly requests: { method: string; path: string; authorization: string | undefined }[];
  close(): Promise<void>;
}

export const TOKEN = 'fake-supervisor-token';

export const ok = (data: Record<string, unknown>): FakeAnswer => ({ status: 200, body: { result: 'ok', data } });
export const error = (status: number, message: string): FakeAnswer => ({ status, body: { result: 'error', message } });

export async function startFakeSupervisor(answers: readonly FakeAnswer[], port = 0): Promise<FakeSupervisor> {
  const requests: FakeSupervisor['requests'] = [];
  let next = 0;
  const server: Server = createServer((req, res) => {
    requests.push({ method: req.method ?? '', path: req.url ?? '', authorization: req.headers.authorization });
    const send = (a: FakeAnswer) => {
      const text = a.body === undefined ? '' : JSON.stringify(a.body);
      res.writeHead(a.status, { 'content-type': 'application/json' }).end(text);
    };
    if (req.headers.authorization !== `Bearer ${TOKEN}`)
      return send({ status: 401, body: { result: 'error', message: 'Invalid token' } });
    if (req.method !== 'GET' || req.url !== '/services/mqtt') return send(error(404, 'Not found'));
    const answer = answers[Math.min(next++, answers.length - 1)] ?? error(500, 'no answer scripted');
    if (answer.delayMs) setTimeout(() => send(answer), answer.delayMs);
    else send(answer);
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => resolve());
  });
  const addr = server.address();
  const bound = typeof addr === 'object' && addr ? addr.port : port;
  return {
    url: `http://127.0.0.1:${bound}`,
    port: bound,
    requests,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** A logger that records messages, to assert which case was logged. */
export function recordingLogger() {
  const lines: { level: string; msg: string; fields: Record<string, unknown> | undefined }[] = [];
  const make = (level: string) => (msg: string, fields?: Record<string, unknown>) =>
    void lines.push({ level, msg, fields });
  const log = {
    trace: make('trace'),
    debug: make('debug'),
    info: make('info'),
    warn: make('warn'),
    error: make('error'),
    child: () => log,
  };
  return {
    log,
    lines,
    text: () => lines.map((l) => `${l.level} ${l.msg} ${JSON.stringify(l.fields ?? {})}`).join('\n'),
  };
}
