/**
 * Compiled discovery templates, by source, owned by whoever parses configs (the discovery consumer makes one).
 * Announcers repeat the same few sources across thousands of configs (`{{ value_json.battery }}` on every
 * battery device), so each is compiled once; a source that fails to compile fails the same way again, so its
 * error is kept too. Bounded by an estimate of the memory the entries hold, least recently used first out.
 */
import type { CompiledTemplate } from '../../template/index.js';

/**
 * What one entry is taken to hold: a compiled template's tree is about 20–26 bytes per character of its source
 * plus a couple of hundred bytes (measured on Zigbee2MQTT's templates with heap figures around compiles).
 */
export const templateBytes = (source: string): number => 256 + 24 * source.length;

/** 16 MiB: thousands of distinct templates, far more than a large Zigbee2MQTT network announces */
export const DEFAULT_TEMPLATE_CACHE_BYTES = 16 * 1024 * 1024;

export class TemplateCache {
  private readonly entries = new Map<string, CompiledTemplate | Error>();
  private held = 0;
  /** entries let go to stay within the budget */
  evicted = 0;

  constructor(
    private readonly compile: (source: string) => CompiledTemplate,
    readonly maxBytes: number = DEFAULT_TEMPLATE_CACHE_BYTES,
  ) {}

  /** The compiled template of `source`, compiled now if it is not kept; throws what compiling threw. */
  get(source: string): CompiledTemplate {
    let entry = this.entries.get(source);
    if (entry !== undefined) {
      // most recently used last: re-inserted
      this.entries.delete(source);
      this.entries.set(source, entry);
    } else {
      try {
        entry = this.compile(source);
      } catch (err) {
        entry = err instanceof Error ? err : new Error(String(err));
      }
      this.entries.set(source, entry);
      this.held += templateBytes(source);
      for (const oldest of this.entries.keys()) {
        if (this.held <= this.maxBytes || oldest === source) break;
        this.entries.delete(oldest);
        this.held -= templateBytes(oldest);
        this.evicted++;
      }
    }
    if (entry instanceof Error) throw entry;
    return entry;
  }

  get size(): number {
    return this.entries.size;
  }

  /** the estimated bytes the entries hold (see templateBytes) */
  get bytes(): number {
    return this.held;
  }
}
