/**
 * Shares what thousands of discovery configs repeat. A Zigbee2MQTT network announces every entity with its
 * device's whole identity block, origin and availability list, and the same templates and topics again and
 * again; parsed as JSON each copy is its own string and object. `share` returns the config with every
 * string, and every nested object or list (device, origin, availability entries), replaced by one kept
 * copy, so 40,000 configs hold each repeated part once. Bounded: past `maxEntries` kept values, new ones are
 * passed through unshared. The values it returns are shared: callers must not modify them.
 */
export class ConfigInterner {
  private readonly strings = new Map<string, string>();
  private readonly objects = new Map<string, unknown>();

  constructor(private readonly maxEntries = 200_000) {}

  get size(): number {
    return this.strings.size + this.objects.size;
  }

  /** the config with its repeated parts shared (the top-level object itself is a new one) */
  share(config: Readonly<Record<string, unknown>>): Record<string, unknown> {
    const out: Record<string, unknown> = {};
    for (const key of Object.keys(config)) out[this.string(key)] = this.value(config[key], true);
    return out;
  }

  private string(s: string): string {
    const kept = this.strings.get(s);
    if (kept !== undefined) return kept;
    if (this.strings.size < this.maxEntries) this.strings.set(s, s);
    return s;
  }

  private value(v: unknown, nested: boolean): unknown {
    if (typeof v === 'string') return this.string(v);
    if (v === null || typeof v !== 'object') return v;
    const copy: unknown = Array.isArray(v)
      ? v.map((item) => this.value(item, true))
      : Object.fromEntries(Object.entries(v as Record<string, unknown>).map(([k, x]) => [this.string(k), this.value(x, true)]));
    if (!nested) return copy;
    const key = JSON.stringify(copy);
    const kept = this.objects.get(key);
    if (kept !== undefined) return kept;
    if (this.objects.size < this.maxEntries) this.objects.set(key, copy);
    return copy;
  }
}
