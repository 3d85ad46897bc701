import type { Clock } from '../../core/clock.js';
import type { Logger } from '../../core/logger.js';
import type { Diagnostic, DiagnosticsSource } from '../../core/ports.js';

const MAX_ENTRIES = 500;

/**
 * Rejected discovery configs and entity problems, newest last, one per topic (a fixed config clears
 * its entry), bounded so a flood of garbage cannot grow memory.
 */
export class DiagnosticsLog implements DiagnosticsSource {
  private readonly byKey = new Map<string, Diagnostic>();
  rejected = 0;

  constructor(
    private readonly clock: Clock,
    private readonly log: Logger,
  ) {}

  /** `item` separates problems that share a topic (components of one device payload, entities). */
  add(kind: Diagnostic['kind'], topic: string, reason: string, entityId?: string, item = entityId ?? ''): void {
    this.rejected++;
    const key = `${kind}\u0000${item}\u0000${topic}`;
    this.byKey.delete(key);
    this.byKey.set(key, { kind, topic, reason, time: this.clock.now().toISOString(), ...(entityId ? { entity_id: entityId } : {}) });
    if (this.byKey.size > MAX_ENTRIES) {
      const oldest = this.byKey.keys().next().value;
      if (oldest !== undefined) this.byKey.delete(oldest);
    }
    this.log.warn(`${kind} rejected`, { topic, reason, ...(entityId ? { entity_id: entityId } : {}) });
  }

  clear(kind: Diagnostic['kind'], topic: string, item = ''): void {
    this.byKey.delete(`${kind}\u0000${item}\u0000${topic}`);
  }

  /** forget every problem recorded for a topic (its config was removed) */
  clearTopic(topic: string): void {
    for (const [key, d] of this.byKey) if (d.topic === topic) this.byKey.delete(key);
  }

  clearEntity(entityId: string): void {
    for (const [key, d] of this.byKey) if (d.entity_id === entityId) this.byKey.delete(key);
  }

  diagnostics(): readonly Diagnostic[] {
    return [...this.byKey.values()];
  }
}
