import type { AvailabilitySource } from '../../protocol/ha-discovery/components/index.js';
import { payloadVariables } from '../../protocol/template/index.js';

/** the most distinct availability lists kept for sharing before the table starts again */
const SHARED_MAX = 10_000;

/**
 * Availability lists shared between entities: every entity of a Zigbee2MQTT device has the same two
 * (the bridge's state and the device's availability topic), so 40,000 entities need a few thousand lists,
 * not 40,000. Sources are immutable and their templates come from the discovery consumer's template cache.
 */
export class SharedAvailability {
  private readonly lists = new Map<string, readonly AvailabilitySource[]>();

  share(sources: readonly AvailabilitySource[]): readonly AvailabilitySource[] {
    if (sources.length === 0) return NONE;
    const key = JSON.stringify(
      sources.map((s) => [s.topic, s.payloadAvailable, s.payloadNotAvailable, s.template?.source ?? null]),
    );
    const known = this.lists.get(key);
    // the same text from another compile cache generation is still the same template
    if (known?.every((s, i) => s.template === sources[i]?.template)) return known;
    if (this.lists.size >= SHARED_MAX) this.lists.clear();
    this.lists.set(key, sources);
    return sources;
  }
}

const NONE: readonly AvailabilitySource[] = Object.freeze([]);

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

  /** Feeds one message; returns true when it was an availability payload. A failing template throws, naming it. */
  onMessage(topic: string, payload: string): boolean {
    let matched = false;
    this.sources.forEach((source, i) => {
      if (source.topic !== topic) return;
      let value = payload;
      if (source.template) {
        try {
          value = source.template.render(payloadVariables(payload));
        } catch (err) {
          throw new Error(
            `availability template '${source.template.source}' failed: ${err instanceof Error ? err.message : String(err)}`,
          );
        }
      }
      if (value === source.payloadAvailable) this.values[i] = true;
      else if (value === source.payloadNotAvailable) this.values[i] = false;
      else return;
      this.latest = this.values[i] ?? false;
      matched = true;
    });
    return matched;
  }
}
