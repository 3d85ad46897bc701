// What Switchyard does while SQLite refuses writes for a reason that may pass (disk full, read-only file: see
// unwritable.ts). Each writer keeps what it could not write in a backlog of its own (registry rows, alerts,
// traces, helper states, the history writer's rows) and registers it here; the guard raises one
// `storage_unwritable` alert, makes health degraded with the reason, and tries the backlogs again in the order
// they were registered with a capped backoff (100 ms doubling to 2 s). Once every backlog is written it resolves
// the alert, raises an info alert saying what was written and what was dropped, and health is ok again.
import type { AlertStore } from '../../core/alerts.js';
import type { Logger } from '../../core/logger.js';
import { nextDelay, outageOf as sqliteOutageOf, RETRY_MIN_MS, type Outage } from './unwritable.js';

export const UNWRITABLE_ALERT = 'storage_unwritable';
export const WRITABLE_ALERT = 'storage_writable';

/** Writes a writer holds because the database refused them. */
export interface Backlog {
  /** what it holds, in words: "history rows", "registry rows", … */
  readonly name: string;
  /** its bound, when it has one (past it, the oldest are dropped and counted) */
  readonly bound?: number;
  waiting(): number;
  /** writes dropped since the start: past the bound, or refused for good (not an outage) */
  dropped(): number;
  /**
   * writes what waits (nothing when nothing waits); throws what the database says when it still cannot. A write
   * refused for another reason is not kept: the backlog counts it as dropped and may throw the error, to be logged.
   */
  retry(): void;
}

/** What the writers see of the guard. */
export interface WriteGuardPort {
  /** false from a refused write until every backlog is written: writers then add to their backlog */
  readonly writable: boolean;
  /** true when `err` says the database cannot be written for now: the caller keeps its write in its backlog */
  absorb(err: unknown): boolean;
  add(backlog: Backlog): void;
}

export interface StorageStatus {
  writable: boolean;
  /** while not writable: what SQLite said, and since when */
  outage?: Outage & { since: string };
  /** writes held in memory, per backlog */
  waiting: Record<string, number>;
  /** writes dropped since the start (past a backlog's bound, or refused for good), per backlog */
  dropped: Record<string, number>;
  /** health's reason when not writable */
  reason?: string;
}

export interface WriteGuard extends WriteGuardPort {
  status(): StorageStatus;
  /** the alerts go to the store, which holds its own writes through this guard; resolves those left behind */
  useAlerts(alerts: Pick<AlertStore, 'raise' | 'acknowledge' | 'list'>): void;
  /** stops retrying, and tries once more to write everything held: what still cannot be is logged as lost */
  stop(): void;
}

const sum = (r: Record<string, number>) => Object.values(r).reduce((a, b) => a + b, 0);
const plural = (n: number, one: string) => `${n.toLocaleString('en')} ${one}${n === 1 ? '' : 's'}`;

export function createWriteGuard(deps: {
  dataDir: string;
  log: Logger;
  now?: () => number;
  /** which errors are outages: SQLite's codes by default (unwritable.ts); PostgreSQL's in pg/outage.ts */
  outageOf?: (err: unknown) => Outage | undefined;
  /** where the database is, in messages: `in <dataDir>` by default */
  place?: string;
  /** what the user can do, in the alert: free space in the data folder by default */
  remedy?: string;
}): WriteGuard {
  const now = deps.now ?? Date.now;
  const outageOf = deps.outageOf ?? sqliteOutageOf;
  const place = deps.place ?? `in ${deps.dataDir}`;
  const backlogs: Backlog[] = [];
  let alerts: Pick<AlertStore, 'raise' | 'acknowledge' | 'list'> | undefined;
  let down: (Outage & { since: number; waitedMost: number; droppedBefore: number }) | undefined;
  let alertId: number | undefined;
  let delay = RETRY_MIN_MS;
  let timer: NodeJS.Timeout | undefined;
  let stopped = false;

  const counts = (of: (b: Backlog) => number) => Object.fromEntries(backlogs.map((b) => [b.name, of(b)]));
  const dropped = () => sum(counts((b) => b.dropped()));
  const bounds = () =>
    backlogs
      .filter((b) => b.bound !== undefined)
      .map((b) => `${plural(b.bound ?? 0, b.name.replace(/s$/, ''))}`)
      .join(', ');

  const schedule = (ms: number) => {
    if (timer || stopped) return;
    timer = setTimeout(round, ms);
    timer.unref();
  };

  const raiseAlert = () => {
    if (!down || alertId !== undefined || !alerts) return;
    const message =
      `The database ${place} cannot be written (${down.code}: ${down.message}). States, history and ` +
      `registry changes are kept in memory (up to ${bounds()}; past that the oldest history rows are dropped and ` +
      'counted, never the latest state of an entity) and written as soon as it can be written again. ' +
      (deps.remedy ?? `Free space in ${deps.dataDir} or make it writable.`);
    try {
      alertId = alerts.raise({
        severity: 'error',
        type: UNWRITABLE_ALERT,
        message,
        device_id: null,
        entity_id: null,
      }).id;
    } catch (err) {
      deps.log.error('cannot raise the storage alert', { err: err instanceof Error ? err.message : String(err) });
    }
  };

  const recovered = () => {
    if (!down) return;
    const outage = down;
    down = undefined;
    delay = RETRY_MIN_MS;
    const seconds = Math.round((now() - outage.since) / 100) / 10;
    const lost = dropped() - outage.droppedBefore;
    const message =
      `The database ${place} can be written again after ${seconds} s: ` +
      `${plural(outage.waitedMost, 'write')} held in memory at most, all written` +
      (lost > 0 ? `, except ${plural(lost, 'write')} dropped (bounds: ${bounds()})` : '') +
      '.';
    deps.log[lost > 0 ? 'warn' : 'info'](message, { outage_s: seconds, dropped: lost });
    try {
      if (alertId !== undefined) alerts?.acknowledge(alertId);
      alertId = undefined;
      alerts?.raise({
        severity: lost > 0 ? 'warning' : 'info',
        type: WRITABLE_ALERT,
        message,
        device_id: null,
        entity_id: null,
      });
    } catch (err) {
      deps.log.error('cannot resolve the storage alert', { err: err instanceof Error ? err.message : String(err) });
    }
  };

  /** tries each backlog in turn; backs off at the first the database still refuses */
  function round(): void {
    timer = undefined;
    if (!down) return;
    down.waitedMost = Math.max(down.waitedMost, sum(counts((b) => b.waiting())));
    for (const b of backlogs) {
      try {
        b.retry();
      } catch (err) {
        const o = outageOf(err);
        if (o === undefined) {
          // the backlog dropped what the database will never take, and counted it: carry on
          deps.log.error('a write held during the outage failed', { backlog: b.name, err: String(err) });
          continue;
        }
        if (down) Object.assign(down, o);
        delay = nextDelay(delay);
        schedule(delay);
        return;
      }
    }
    delay = RETRY_MIN_MS;
    // the history thread writes its backlog by itself: look again soon
    if (backlogs.some((b) => b.waiting() > 0)) schedule(RETRY_MIN_MS);
    else recovered();
  }

  return {
    get writable() {
      return down === undefined;
    },
    absorb(err) {
      if (stopped) return false;
      const o = outageOf(err);
      if (o === undefined) return false;
      if (!down) {
        down = { ...o, since: now(), waitedMost: 0, droppedBefore: dropped() };
        deps.log.error('the database cannot be written: holding writes in memory', {
          code: o.code,
          err: o.message,
          data_dir: deps.dataDir,
        });
        // not from inside the write that failed (it may be the alert store's own)
        queueMicrotask(raiseAlert);
      }
      schedule(delay);
      return true;
    },
    add(backlog) {
      backlogs.push(backlog);
    },
    useAlerts(store) {
      alerts = store;
      // one active storage alert at most: those a run that never recovered left behind are resolved
      for (const a of store.list({ active: true, limit: 1_000 })) {
        if (a.type === UNWRITABLE_ALERT && a.id !== alertId) store.acknowledge(a.id);
      }
    },
    status() {
      const waiting = counts((b) => b.waiting());
      const status: StorageStatus = { writable: down === undefined, waiting, dropped: counts((b) => b.dropped()) };
      if (!down) return status;
      const since = new Date(down.since).toISOString();
      return {
        ...status,
        outage: { code: down.code, message: down.message, since },
        reason:
          `the database ${place} cannot be written since ${since} (${down.code}: ${down.message}): ` +
          `${plural(sum(waiting), 'write')} wait in memory (up to ${bounds()}; ` +
          `${plural(dropped() - down.droppedBefore, 'write')} dropped so far); retrying`,
      };
    },
    stop() {
      stopped = true;
      if (timer) clearTimeout(timer);
      timer = undefined;
      // one last attempt at everything held (and whatever waits to be written anyway)
      for (const b of backlogs) {
        if (b.waiting() === 0) continue;
        try {
          b.retry();
        } catch (err) {
          deps.log.error('writes held in memory could not be written before the stop: they are lost', {
            backlog: b.name,
            count: b.waiting(),
            err: err instanceof Error ? err.message : String(err),
          });
        }
      }
    },
  };
}
