/**
 * Loop protection. Every run gets a context `automation:<id>` whose parent is the context of what
 * triggered it, and everything the run does carries that context. A state change, event or message
 * whose context — or a known ancestor of it — came from automation X does not trigger X again; so
 * X cannot re-trigger itself, and X → Y → X chains stop at the second X.
 */
import type { Context } from '../core/context.js';

const MAX_DEPTH = 64;

export class ContextLog {
  // Two generations instead of one map trimmed by its oldest key: on every run that trim took an iterator and a
  // delete that leaves the map to rehash (3% of the CPU of a burst of runs, profiled). A full `recent` becomes
  // `older`, and the one before is dropped whole: between limit/2 and limit contexts are known, the newest always.
  private recent = new Map<string, Context>();
  private older = new Map<string, Context>();
  private readonly half: number;

  constructor(limit = 10_000) {
    this.half = Math.max(1, Math.ceil(limit / 2));
  }

  /** remembers a context created by a run, so its children can be traced back to it */
  remember(context: Context): void {
    if (this.recent.size >= this.half) {
      this.older = this.recent;
      this.recent = new Map();
    }
    this.recent.set(context.id, context);
  }

  private known(id: string): Context | undefined {
    return this.recent.get(id) ?? this.older.get(id);
  }

  /** whether `context` or one of its known ancestors came from a run of `automationId` */
  causedBy(context: Context | null, automationId: string): boolean {
    const origin = `automation:${automationId}`;
    let current: Context | undefined = context ?? undefined;
    for (let depth = 0; current && depth < MAX_DEPTH; depth++) {
      if (current.origin === origin) return true;
      current = current.parentId ? this.known(current.parentId) : undefined;
    }
    return false;
  }
}
