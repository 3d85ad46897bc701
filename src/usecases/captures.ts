// Long MQTT captures ("capture handles"): MCP clients give up on a call after about 60 s, so a listening
// window longer than that runs in the background under a random capture_id, and mqtt_get_capture (or
// GET /api/mqtt/captures/{id}) reads what has been collected so far. Bounded: ≤ 500 messages each, a few
// captures at once, each dropped 10 minutes after its window ends. One store per process (app/usecases.ts),
// in the use-case deps REST and MCP share.
import { randomBytes } from 'node:crypto';
import type { Unsubscribe } from '../core/event-bus.js';
import { UnavailableError } from '../core/errors.js';
import type { IncomingMessage, MessageBus } from '../core/ports.js';

export const MAX_CAPTURE_MESSAGES = 500;
/** how long a capture is kept after its window ends */
export const CAPTURE_KEEP_MS = 10 * 60 * 1000;
/** captures running at the same time */
export const MAX_RUNNING_CAPTURES = 5;
/** captures kept (running or finished) */
export const MAX_KEPT_CAPTURES = 20;

export interface RenderedMessage {
  time: string;
  topic: string;
  qos: number;
  retain: boolean;
  payload: string;
  encoding: 'utf8' | 'base64';
  bytes: number;
  truncated: boolean;
}

/** A message as the tools return it: text when the (cut) payload is valid UTF-8, base64 otherwise. */
export function renderMessage(message: IncomingMessage, maxBytes: number, now: Date): RenderedMessage {
  const buf = message.payload;
  const cut = buf.subarray(0, maxBytes);
  const text = cut.toString('utf8');
  const isText = Buffer.from(text, 'utf8').equals(cut) && !text.includes('\uFFFD');
  return {
    time: now.toISOString(),
    topic: message.topic,
    qos: message.qos,
    retain: message.retain,
    payload: isText ? text : cut.toString('base64'),
    encoding: isText ? 'utf8' : 'base64',
    bytes: buf.length,
    truncated: buf.length > maxBytes,
  };
}

export type CaptureEnd = 'duration' | 'max_messages' | 'stopped' | 'error';

export interface Capture {
  readonly id: string;
  readonly filters: readonly string[];
  readonly started_at: string;
  /** when the window ends (or ended) */
  ends_at: string;
  /** when the capture is dropped */
  expires_at: string;
  status: 'running' | 'done';
  ended_by?: CaptureEnd;
  error?: string;
  readonly max_messages: number;
  readonly messages: RenderedMessage[];
}

export interface CaptureOptions {
  filters: readonly string[];
  duration_s: number;
  max_messages: number;
  payload_max_bytes: number;
  include_retained: boolean;
}

export interface CaptureStore {
  /** subscribes and starts collecting in the background; resolves once the subscriptions are in place */
  start(messages: MessageBus, options: CaptureOptions): Promise<Capture>;
  get(id: string): Capture | undefined;
  /** ends a running capture now (keeps what it collected) */
  stop(id: string): Capture | undefined;
  /** resolves when the capture is done or after `ms`, whichever comes first */
  wait(id: string, ms: number): Promise<void>;
  readonly size: number;
  /** ends every capture and forgets them */
  close(): void;
}

export function createCaptureStore(options: { now?: () => Date } = {}): CaptureStore {
  const now = options.now ?? (() => new Date());
  interface Entry {
    capture: Capture;
    unsubscribes: Unsubscribe[];
    timers: ReturnType<typeof setTimeout>[];
    waiters: (() => void)[];
  }
  const entries = new Map<string, Entry>();

  const forget = (id: string) => {
    const entry = entries.get(id);
    if (!entry) return;
    finish(entry, 'stopped');
    for (const t of entry.timers) clearTimeout(t);
    entries.delete(id);
  };

  const finish = (entry: Entry, endedBy: CaptureEnd, error?: string) => {
    const c = entry.capture;
    if (c.status === 'done') return;
    c.status = 'done';
    c.ended_by = endedBy;
    if (error !== undefined) c.error = error;
    const end = now();
    c.ends_at = end.toISOString();
    c.expires_at = new Date(end.getTime() + CAPTURE_KEEP_MS).toISOString();
    for (const unsubscribe of entry.unsubscribes.splice(0)) {
      try {
        unsubscribe();
      } catch {
        // the connection may be gone; nothing left to clean up
      }
    }
    for (const t of entry.timers.splice(0)) clearTimeout(t);
    const expiry = setTimeout(() => entries.delete(c.id), CAPTURE_KEEP_MS);
    expiry.unref?.();
    entry.timers.push(expiry);
    for (const w of entry.waiters.splice(0)) w();
  };

  return {
    async start(messages, opts) {
      const running = [...entries.values()].filter((e) => e.capture.status === 'running').length;
      if (running >= MAX_RUNNING_CAPTURES) {
        throw new UnavailableError(
          `${running} captures are already running (at most ${MAX_RUNNING_CAPTURES}). Wait for one to finish or stop ` +
            `one with mqtt_get_capture(capture_id, stop: true).`,
        );
      }
      // make room: drop the oldest finished captures
      for (const [id, e] of entries) {
        if (entries.size < MAX_KEPT_CAPTURES) break;
        if (e.capture.status === 'done') forget(id);
      }
      const start = now();
      const id = `cap_${randomBytes(12).toString('base64url')}`;
      const endsAt = new Date(start.getTime() + opts.duration_s * 1000);
      const capture: Capture = {
        id,
        filters: [...opts.filters],
        started_at: start.toISOString(),
        ends_at: endsAt.toISOString(),
        expires_at: new Date(endsAt.getTime() + CAPTURE_KEEP_MS).toISOString(),
        status: 'running',
        max_messages: Math.min(opts.max_messages, MAX_CAPTURE_MESSAGES),
        messages: [],
      };
      const entry: Entry = { capture, unsubscribes: [], timers: [], waiters: [] };
      entries.set(id, entry);
      const onMessage = (m: IncomingMessage) => {
        if (capture.status !== 'running' || capture.messages.length >= capture.max_messages) return;
        if (m.retain && !opts.include_retained) return;
        capture.messages.push(renderMessage(m, opts.payload_max_bytes, now()));
        if (capture.messages.length >= capture.max_messages) finish(entry, 'max_messages');
      };
      const timer = setTimeout(() => finish(entry, 'duration'), opts.duration_s * 1000);
      timer.unref?.();
      entry.timers.push(timer);
      try {
        for (const filter of [...new Set(opts.filters)]) {
          const unsubscribe = await messages.subscribe(filter, onMessage);
          if (capture.status === 'running') entry.unsubscribes.push(unsubscribe);
          else unsubscribe();
        }
      } catch (err) {
        finish(entry, 'error', err instanceof Error ? err.message : String(err));
        entries.delete(id);
        throw err;
      }
      return capture;
    },
    get: (id) => entries.get(id)?.capture,
    stop(id) {
      const entry = entries.get(id);
      if (!entry) return undefined;
      finish(entry, 'stopped');
      return entry.capture;
    },
    wait(id, ms) {
      const entry = entries.get(id);
      if (!entry || entry.capture.status === 'done' || ms <= 0) return Promise.resolve();
      return new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, ms);
        entry.waiters.push(() => {
          clearTimeout(timer);
          resolve();
        });
      });
    },
    get size() {
      return entries.size;
    },
    close() {
      for (const id of [...entries.keys()]) forget(id);
    },
  };
}
