// A cache bounded by an estimate of the bytes its entries hold, least recently used out first. A hit costs a Map
// lookup and a comparison: an entry is moved to the newest end only once half the budget's worth of entries has
// been added (or moved) after it, so a template's few hot patterns are not reordered on every call, and an entry
// used again before about that much came after it is never the one let go.

interface Entry<V> {
  readonly value: V;
  readonly bytes: number;
  /** the bytes added before it was added or last moved to the newest end */
  mark: number;
}

export class ByteLru<V> {
  private readonly entries = new Map<string, Entry<V>>();
  /** bytes of every entry added or moved to the newest end so far */
  private added = 0;
  private held = 0;
  /** entries let go to stay within the budget */
  evicted = 0;

  constructor(
    /** the most the entries may hold together */
    readonly maxBytes: number,
    /** what the entry of `key` is taken to hold */
    private readonly weigh: (key: string) => number,
  ) {}

  get(key: string): V | undefined {
    const entry = this.entries.get(key);
    if (entry === undefined) return undefined;
    if (this.added - entry.mark > this.maxBytes / 2) {
      this.entries.delete(key);
      this.entries.set(key, entry);
      entry.mark = this.added;
      this.added += entry.bytes;
    }
    return entry.value;
  }

  /** Keeps `value` under `key`; one that alone would not fit is not kept (the caller still has it). */
  set(key: string, value: V): void {
    const bytes = this.weigh(key);
    if (bytes > this.maxBytes) return;
    const previous = this.entries.get(key);
    if (previous !== undefined) {
      this.entries.delete(key);
      this.held -= previous.bytes;
    }
    this.held += bytes;
    for (const [oldestKey, oldest] of this.entries) {
      if (this.held <= this.maxBytes) break;
      this.entries.delete(oldestKey);
      this.held -= oldest.bytes;
      this.evicted++;
    }
    this.entries.set(key, { value, bytes, mark: this.added });
    this.added += bytes;
  }

  get size(): number {
    return this.entries.size;
  }

  /** the estimated bytes the entries hold */
  get bytes(): number {
    return this.held;
  }
}
