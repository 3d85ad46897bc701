// The restart of the discovered entities: those in the registry (restored from the database) come back to life
// first, so announcers that do not retain their configs keep their entities across a restart. They are listed
// from the start; building their runtimes (validating each config, compiling its templates, subscribing) takes
// about 1.5 s of the main thread for 10,000 entities, so it runs at the head of the discovery queue, in slices
// that leave the event loop free, once the app has started (`started`: done beside the rest of the start, it held
// health back by about as much; issue 22, `npm run bench -- startup`). An entity asked for meanwhile (a command) is
// restored on the spot. Discovery messages (the retained configs again, mostly the same) queue behind it, so they
// find the restored entities.
import type { Logger } from '../../core/logger.js';
import type { Entity } from '../../core/model.js';
import type { Registry } from '../../core/registry.js';
import { DISCOVERY_SOURCE, storedDiscovery, type StoredDiscovery } from './entity-builder.js';
import type { MessageQueue } from './message-queue.js';

export interface RestoreDeps {
  registry: Registry;
  log: Logger;
  /** whether a runtime exists for the discovery key (then the record was replaced meanwhile) */
  hasKey: (key: string) => boolean;
  /** builds the runtime; runs synchronously up to its first wait */
  load: (topic: string, stored: StoredDiscovery, entity: Entity, restoring: boolean) => Promise<unknown>;
  /** resolves when every load under way is done */
  settle: () => Promise<void>;
  /** how many runtimes are live */
  liveCount: () => number;
}

export interface Restore {
  /** resolves once every entity restored from the database is live again */
  readonly restored: Promise<void>;
  /** restores the entity now if it is still waiting */
  now(entityId: string): void;
  /** queues the restore of every discovered entity in the registry; returns how many */
  start(queue: MessageQueue, started: Promise<void> | undefined): number;
  stop(): void;
}

export function createRestore(deps: RestoreDeps): Restore {
  const waiting = new Map<string, Entity>();
  let stopping = false;
  let done: () => void = () => {};
  const restored = new Promise<void>((resolve) => (done = resolve));

  /** brings one restored entity back to life, unless it is no longer the record it was (removed, replaced) */
  const now = (entityId: string) => {
    const entity = waiting.get(entityId);
    if (!entity) return;
    waiting.delete(entityId);
    const stored = storedDiscovery(entity);
    if (
      !stored ||
      !entity.discovery_topic ||
      deps.registry.entity(entityId) !== entity ||
      deps.hasKey(stored.discovery_key)
    )
      return;
    // load() runs synchronously up to its first wait, so the runtime exists when this returns (no wait
    // happens for a restored entity unless two records claim the same entity id or unique id)
    void deps.load(entity.discovery_topic, stored, entity, true);
  };

  return {
    restored,
    now,
    start(queue, started) {
      for (const entity of deps.registry.entities()) {
        if (entity.source === DISCOVERY_SOURCE && entity.discovery_topic) waiting.set(entity.entity_id, entity);
      }
      const total = waiting.size;
      const all = async (yieldNow: () => Promise<void>) => {
        const t0 = performance.now();
        try {
          for (const id of [...waiting.keys()]) {
            if (stopping) break;
            await yieldNow();
            now(id);
          }
          await deps.settle();
          const ms = Math.round(performance.now() - t0);
          deps.log.info('discovered entities restored', { entities: total, live: deps.liveCount(), ms });
        } catch (err) {
          const message = err instanceof Error ? err.message : String(err);
          deps.log.error('restoring discovered entities failed', { err: message });
        } finally {
          done();
        }
      };
      queue.runFirst(all, total, started);
      return total;
    },
    stop() {
      stopping = true;
      waiting.clear();
    },
  };
}
