// The entities as the panel knows them: GET /api/entities once the push channel is open, then every change from
// GET /api/events/states (Server-Sent Events) applied as it comes. Renders are batched per animation frame; a
// new entity (an id the list lacks) reloads the list. EventSource reconnects by itself after a dropped stream.
import { useEffect, useState } from 'preact/hooks';
import { BASE, get } from './api.js';

export interface EntityRow {
  entity_id: string;
  name: string | null;
  domain: string;
  state: string;
  unit?: string | undefined;
  available: boolean;
  area: string | null;
  device_id: string | null;
  /** known once a change arrived or its details were read */
  attributes?: Record<string, unknown>;
  last_changed?: string | null;
}

interface StateEvent {
  entity_id: string;
  state: string | null;
  attributes: Record<string, unknown>;
  available: boolean;
  last_changed: string | null;
}

export type LiveStatus = 'connecting' | 'live' | 'reconnecting';

export class LiveEntities {
  readonly rows = new Map<string, EntityRow>();
  status: LiveStatus = 'connecting';
  /** changes applied since the page opened (shown for the curious, read by tests) */
  changes = 0;
  private readonly listeners = new Set<() => void>();
  private frame = 0;
  private source: EventSource | undefined;
  private loading: Promise<void> | undefined;

  start(): void {
    const source = new EventSource(`${BASE}/api/events/states`);
    this.source = source;
    source.addEventListener('ready', () => {
      this.status = 'live';
      void this.reload();
    });
    source.addEventListener('state', (e) => this.apply(JSON.parse((e as MessageEvent<string>).data) as StateEvent));
    source.addEventListener('error', () => {
      this.status = source.readyState === EventSource.CLOSED ? 'reconnecting' : 'connecting';
      this.notify();
    });
  }

  stop(): void {
    this.source?.close();
  }

  /** the whole list again (at start, after a reconnect, when an unknown entity changed) */
  reload(): Promise<void> {
    this.loading ??= get<{ entities: EntityRow[] }>('/api/entities')
      .then(({ entities }) => {
        const seen = new Set<string>();
        for (const row of entities) {
          seen.add(row.entity_id);
          const known = this.rows.get(row.entity_id);
          this.rows.set(row.entity_id, known ? { ...known, ...row, attributes: known.attributes } : row);
        }
        for (const id of this.rows.keys()) if (!seen.has(id)) this.rows.delete(id);
      })
      .catch(() => undefined)
      .finally(() => {
        this.loading = undefined;
        this.notify();
      });
    return this.loading;
  }

  apply(e: StateEvent): void {
    this.changes++;
    const row = this.rows.get(e.entity_id);
    if (e.state === null) this.rows.delete(e.entity_id);
    else if (!row) void this.reload();
    else {
      const friendly = e.attributes['friendly_name'];
      const unit = e.attributes['unit_of_measurement'];
      this.rows.set(e.entity_id, {
        ...row,
        state: e.state,
        available: e.available,
        attributes: e.attributes,
        last_changed: e.last_changed,
        name: typeof friendly === 'string' ? friendly : row.name,
        unit: typeof unit === 'string' ? unit : undefined,
      });
    }
    this.notify();
  }

  /** merges attributes read from GET /api/entities/{id} */
  details(entityId: string, attributes: Record<string, unknown>): void {
    const row = this.rows.get(entityId);
    if (row && !row.attributes) {
      this.rows.set(entityId, { ...row, attributes });
      this.notify();
    }
  }

  subscribe(listener: () => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  private notify(): void {
    if (this.frame !== 0) return;
    this.frame = requestAnimationFrame(() => {
      this.frame = 0;
      for (const l of this.listeners) l();
    });
  }
}

/** Re-renders the calling component whenever the live entities change. */
export function useLive(live: LiveEntities): LiveEntities {
  const [, setTick] = useState(0);
  useEffect(() => live.subscribe(() => setTick((n) => n + 1)), [live]);
  return live;
}
