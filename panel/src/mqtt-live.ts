// The MQTT explorer's topics, live: GET /api/mqtt/topics for what the server has heard (validating the filter), then
// GET /api/events/mqtt (Server-Sent Events) whose batches update each topic's payload, retained flag and count as
// messages arrive (the server sends each topic at most once per 250 ms). Closing the view closes the stream, and the
// server then has no listener left for it. Renders are batched per animation frame; the list is bounded.
import { useEffect, useRef, useState } from 'preact/hooks';
import { BASE, get, query } from './api.js';

export interface Topic {
  topic: string;
  retained: boolean;
  count: number;
  last_seen: string;
  bytes: number;
  payload_preview?: string;
  encoding?: 'utf8' | 'base64';
  truncated?: boolean;
}

export type TopicsStatus = 'connecting' | 'live' | 'reconnecting' | 'failed';

/** topics kept in the page at most; more are left out (narrow the filter) */
export const MAX_TOPICS = 2_000;

export class LiveTopics {
  readonly topics = new Map<string, Topic>();
  status: TopicsStatus = 'connecting';
  note = '';
  /** updates the server dropped because this page read too slowly */
  dropped = 0;
  /** topic updates received over the stream */
  updates = 0;
  /** topics left out because MAX_TOPICS were shown */
  full = false;
  private source: EventSource | undefined;
  private frame = 0;
  private stopped = false;
  private search = '';

  constructor(
    readonly filter: string,
    private readonly changed: () => void,
  ) {}

  /** the list first (a bad filter is refused with the API's reason), then the stream */
  start(search: string): void {
    void this.reload(search).then((ok) => {
      if (!ok || this.stopped) return;
      const source = new EventSource(`${BASE}/api/events/mqtt${query({ filter: this.filter })}`);
      this.source = source;
      source.addEventListener('ready', () => {
        // after a reconnect: what came while the stream was down
        if (this.status === 'reconnecting') void this.reload(this.search);
        this.status = 'live';
        this.notify();
      });
      source.addEventListener('topics', (e) => {
        const batch = JSON.parse((e as MessageEvent<string>).data) as { topics: Topic[]; dropped: number };
        for (const t of batch.topics) this.put(t, true);
        this.updates += batch.topics.length;
        if (batch.dropped > this.dropped) {
          this.dropped = batch.dropped;
          void this.reload(this.search);
        }
        this.notify();
      });
      source.addEventListener('error', () => {
        this.status = source.readyState === EventSource.CLOSED ? 'failed' : 'reconnecting';
        this.notify();
      });
    });
  }

  stop(): void {
    this.stopped = true;
    this.source?.close();
    if (this.frame !== 0) cancelAnimationFrame(this.frame);
  }

  /** GET /api/mqtt/topics merged in (a topic's newer record wins); false when the server refused */
  reload(search: string): Promise<boolean> {
    this.search = search;
    return get<{ topics: Topic[] }>(
      `/api/mqtt/topics${query({ filter: this.filter, search: search || undefined, limit: 500 })}`,
    ).then(
      (r) => {
        for (const t of r.topics) this.put(t, false);
        this.note = '';
        this.notify();
        return true;
      },
      (e: Error) => {
        this.status = 'failed';
        this.note = e.message;
        this.notify();
        return false;
      },
    );
  }

  private put(t: Topic, live: boolean): void {
    const known = this.topics.get(t.topic);
    if (!known && this.topics.size >= MAX_TOPICS) {
      this.full = true;
      return;
    }
    // the stream's record is the newest; a list read may be older than an update already applied
    if (known && !live && known.count >= t.count) return;
    this.topics.set(t.topic, t);
  }

  private notify(): void {
    if (this.frame !== 0 || this.stopped) return;
    this.frame = requestAnimationFrame(() => {
      this.frame = 0;
      this.changed();
    });
  }
}

/** The live topics of `filter` while the calling component is shown; `search` also asks the server. */
export function useLiveTopics(filter: string, search: string): LiveTopics | undefined {
  const [, setTick] = useState(0);
  const ref = useRef<LiveTopics | undefined>(undefined);
  useEffect(() => {
    const live = new LiveTopics(filter, () => setTick((n) => n + 1));
    ref.current = live;
    live.start(search);
    setTick((n) => n + 1);
    return () => live.stop();
  }, [filter]);
  useEffect(() => {
    if (search) void ref.current?.reload(search);
  }, [search]);
  return ref.current;
}
