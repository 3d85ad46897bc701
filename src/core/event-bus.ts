import type { Logger } from './logger.js';

export type Unsubscribe = () => void;
export type Listener<E> = (event: E) => void | Promise<void>;

/**
 * A typed publish/subscribe bus. A listener that throws (or rejects) is logged and counted; the other
 * listeners still run and `emit` never throws.
 */
export interface EventBus<M> {
  on<K extends keyof M>(type: K, listener: Listener<M[K]>): Unsubscribe;
  emit<K extends keyof M>(type: K, event: M[K]): void;
  listenerCount(type: keyof M): number;
  /** listeners of every type, for leak checks (the soak's) */
  listenerTotal(): number;
  /** how many listener calls failed since start */
  readonly failures: number;
}

export function createEventBus<M>(log: Logger): EventBus<M> {
  const listeners = new Map<keyof M, Set<Listener<never>>>();
  // what emit iterates: a copy of each set, made again only after on/off (emit runs for every message)
  const snapshots = new Map<keyof M, readonly Listener<never>[]>();
  let failures = 0;

  const report = (type: keyof M, err: unknown): void => {
    failures++;
    log.error('event listener failed', { event: String(type), err: err instanceof Error ? err.stack : String(err) });
  };

  return {
    on(type, listener) {
      let set = listeners.get(type);
      if (!set) {
        set = new Set();
        listeners.set(type, set);
      }
      const entry = listener as Listener<never>;
      set.add(entry);
      snapshots.delete(type);
      return () => {
        if (set.delete(entry)) snapshots.delete(type);
      };
    },
    emit(type, event) {
      let list = snapshots.get(type);
      if (!list) {
        const set = listeners.get(type);
        if (!set) return;
        list = [...set];
        snapshots.set(type, list);
      }
      for (const listener of list) {
        try {
          const result = (listener as Listener<typeof event>)(event);
          if (result instanceof Promise) result.catch((err: unknown) => report(type, err));
        } catch (err) {
          report(type, err);
        }
      }
    },
    listenerCount(type) {
      return listeners.get(type)?.size ?? 0;
    },
    listenerTotal() {
      let n = 0;
      for (const set of listeners.values()) n += set.size;
      return n;
    },
    get failures() {
      return failures;
    },
  };
}
