/**
 * Loop protection. Every run gets a context `automation:<id>` whose parent is the context of what
 * triggered it, and everything the run does carries that context. A state change, event or message
 * whose context — or a known ancestor of it — came from automation X does not trigger X again; so
 * X cannot re-trigger itself, and X → Y → X chains stop at the second X.
 */
import type { Context } from '../core/context.js';

const MAX_DEPTH = 64;

export class ContextLog {
  private readonly known = new Map<string, Context>();

  constructor(private readonly limit = 10_000) {}

  /** remembers a context created by a run, so its children can be traced back to it */
  remember(context: Context): void {
    if (this.known.size >= this.limit) {
      const oldest = this.known.keys().next();
      if (!oldest.done) this.known.delete(oldest.value);
    }
    this.known.set(context.id, context);
  }

  /** whether `context` or one of its known ancestors came from a run of `automationId` */
  causedBy(context: Context | null, automationId: string): boolean {
    const origin = `automation:${automationId}`;
    let current: Context | undefined = context ?? undefined;
    for (let depth = 0; current && depth < MAX_DEPTH; depth++) {
      if (current.origin === origin) return true;
      current = current.parentId ? this.known.get(current.parentId) : undefined;
    }
    return false;
  }
}
