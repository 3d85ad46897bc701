import type { AvailabilitySource } from '../../protocol/ha-discovery/components/index.js';
import { payloadVariables } from '../../protocol/template/index.js';

/**
 * Home Assistant's availability rules: with no availability topics an entity is always available;
 * otherwise it starts unavailable, and `all` / `any` / `latest` combine the topics' last payloads.
 */
export class AvailabilityTracker {
  private readonly values: boolean[];
  private latest = false;

  constructor(
    private readonly sources: readonly AvailabilitySource[],
    private readonly mode: 'all' | 'any' | 'latest',
  ) {
    this.values = sources.map(() => false);
  }

  get topics(): string[] {
    return [...new Set(this.sources.map((s) => s.topic))];
  }

  get available(): boolean {
    if (this.sources.length === 0) return true;
    if (this.mode === 'all') return this.values.every(Boolean);
    if (this.mode === 'any') return this.values.some(Boolean);
    return this.latest;
  }

  /** Feeds one message; returns true when it was an availability payload. A failing template throws. */
  onMessage(topic: string, payload: string): boolean {
    let matched = false;
    this.sources.forEach((source, i) => {
      if (source.topic !== topic) return;
      const value = source.template ? source.template.render(payloadVariables(payload)) : payload;
      if (value === source.payloadAvailable) this.values[i] = true;
      else if (value === source.payloadNotAvailable) this.values[i] = false;
      else return;
      this.latest = this.values[i] ?? false;
      matched = true;
    });
    return matched;
  }
}
