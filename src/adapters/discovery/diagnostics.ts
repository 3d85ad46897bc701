import type { Clock } from '../../core/clock.js';
import type { Logger } from '../../core/logger.js';
import type { Diagnostic, DiagnosticCode, DiagnosticCounts, DiagnosticsSource } from '../../core/ports.js';

/**
 * One entry per topic and item, so the real bound is the number of discovery topics (about 41,000 for a
 * Zigbee2MQTT network of every model); this one only holds against a flood of garbage topics, and what
 * it lets go is counted.
 */
export const MAX_DIAGNOSTICS = 50_000;

const DEFAULT_CODE: Record<Diagnostic['kind'], DiagnosticCode> = {
  discovery: 'config',
  template: 'template',
  state: 'state',
};

/**
 * Rejected discovery configs and entity problems, newest last, one per topic (a fixed config clears
 * its entry). Each problem is logged once (again only when its reason changes), and counted per code.
 */
export class DiagnosticsLog implements DiagnosticsSource {
  private readonly byKey = new Map<string, Diagnostic>();
  private readonly seen = new Map<DiagnosticCode, number>();
  private evicted = 0;
  rejected = 0;

  constructor(
    private readonly clock: Clock,
    private readonly log: Logger,
    private readonly max = MAX_DIAGNOSTICS,
  ) {}

  /** `item` separates problems that share a topic (components of one device payload, entities). */
  add(
    kind: Diagnostic['kind'],
    topic: string,
    reason: string,
    entityId?: string,
    item = entityId ?? '',
    code: DiagnosticCode = DEFAULT_CODE[kind],
  ): void {
    const before = this.note(kind, topic, reason, entityId, item, code, 1);
    if (before?.reason !== reason)
      this.log.warn(`${kind} rejected`, { code, topic, reason, ...(entityId ? { entity_id: entityId } : {}) });
  }

  /**
   * Records (or updates) a problem that stands for `count` inputs not acted on, without logging it (`add` logs; a
   * device's flood is one entry summing up many, whose caller logs once per flood). Returns what was there before.
   */
  note(
    kind: Diagnostic['kind'],
    topic: string,
    reason: string,
    entityId: string | undefined,
    item: string,
    code: DiagnosticCode,
    count: number,
  ): Diagnostic | undefined {
    this.rejected += count;
    this.seen.set(code, (this.seen.get(code) ?? 0) + count);
    const key = `${kind}\u0000${item}\u0000${topic}`;
    const before = this.byKey.get(key);
    this.byKey.delete(key);
    this.byKey.set(key, {
      kind,
      code,
      topic,
      reason,
      time: this.clock.now().toISOString(),
      ...(entityId ? { entity_id: entityId } : {}),
    });
    if (this.byKey.size > this.max) {
      const oldest = this.byKey.keys().next().value;
      if (oldest !== undefined) this.byKey.delete(oldest);
      this.evicted++;
    }
    return before;
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

  counts(): DiagnosticCounts {
    const current: Partial<Record<DiagnosticCode, number>> = {};
    for (const d of this.byKey.values()) current[d.code] = (current[d.code] ?? 0) + 1;
    return { seen: Object.fromEntries(this.seen), current, evicted: this.evicted };
  }
}
