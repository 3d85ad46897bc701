// The config texts of the entity rows loaded at start, read ahead in batches and held while start-up uses them.
// A restart with thousands of discovered entities reads each config twice soon after the registry is loaded:
// once to rebuild its live entity (the discovery restore) and once to compare it with the retained config the
// broker sends again. Read from the row each time, that was two SQLite lookups per entity (each a statement with
// its own read transaction: 0.3–0.4 s of CPU for 10,000 entities, measured in-process).
//
// The restore asks for the records in the order the registry scan loaded them, which is the rows' order, so
// the first text asked for reads the next READ_AHEAD rows in one statement, and so on. Reading every text in the
// registry scan itself was tried: it puts 10 MB of strings (for 10,000 entities) on the way to healthy, 75–120 ms
// more there, measured, while the restore mostly runs after healthy. A text goes once compared (its last use in
// a restart), when its row is written or deleted, and all that remain once start-up has stopped asking for them
// (RELEASE_MS without a use); a record reads its row after that, as before. Only the registry store writes those
// rows and it drops the text before writing, and a batch reads the rows as they are then: a held text is always
// its row's, so what a record gives is the same either way, only the cost differs.

/** how long the texts stay unused before all are let go */
export const RELEASE_MS = 2_000;
/** how long they are kept when nothing ever asks for them (no discovery restore: nothing will) */
export const UNUSED_MS = 30_000;
/** rows read at once: a millisecond or two of one restore slice (5 ms) */
export const READ_AHEAD = 256;

export interface ConfigRow {
  readonly entity_id: string;
  readonly config: string;
  /** the row's rowid */
  readonly row: number;
}

export class LoadedConfigs {
  private texts = new Map<string, string>();
  /** entity id → rowid of the rows loaded at start whose texts are not read yet */
  private unread = new Map<string, number>();
  private used = false;
  private everUsed = false;
  /** checks passed while nothing had asked for a text yet */
  private unusedChecks = 0;
  private timer: NodeJS.Timeout | undefined;

  /** `readFrom(row)`: up to READ_AHEAD rows from that rowid on, in rowid order */
  constructor(private readonly readFrom: (row: number) => readonly ConfigRow[]) {}

  /** the rows the registry scan just loaded (replacing any held before): their texts are read when first asked for */
  expect(rows: Iterable<{ readonly entity_id: string; readonly row: number }>): void {
    this.texts = new Map();
    this.unread = new Map();
    for (const r of rows) this.unread.set(r.entity_id, r.row);
    this.used = false;
    this.everUsed = false;
    this.unusedChecks = 0;
    if (this.timer === undefined && this.unread.size > 0) {
      this.timer = setInterval(() => this.check(), RELEASE_MS);
      this.timer.unref();
    }
  }

  /** the row's text, if it is one of those loaded at start and still held */
  peek(entityId: string): string | undefined {
    let text = this.texts.get(entityId);
    if (text === undefined) {
      const row = this.unread.get(entityId);
      if (row === undefined) return undefined;
      for (const r of this.readFrom(row)) {
        this.texts.set(r.entity_id, r.config);
        this.unread.delete(r.entity_id);
      }
      this.unread.delete(entityId); // its row may be gone: not read again
      text = this.texts.get(entityId);
      if (text === undefined) return undefined;
    }
    this.used = true;
    return text;
  }

  /** the text as peek() gives it, let go after: its last use */
  take(entityId: string): string | undefined {
    const text = this.peek(entityId);
    if (text !== undefined) this.texts.delete(entityId);
    return text;
  }

  /** its row is about to change or go (or its record keeps the config itself now): no text held for it */
  forget(entityId: string): void {
    this.texts.delete(entityId);
  }

  /** texts held or still to read */
  get size(): number {
    return this.texts.size + this.unread.size;
  }

  /** lets go of every text */
  release(): void {
    this.texts = new Map();
    this.unread = new Map();
    if (this.timer !== undefined) clearInterval(this.timer);
    this.timer = undefined;
  }

  // Every RELEASE_MS: the texts stay while start-up still asks for them, or has not begun to yet (the discovery
  // restore starts once MQTT is connected, which can take a while); otherwise all of them go.
  private check(): void {
    const usedNow = this.used;
    this.used = false;
    if (usedNow) this.everUsed = true;
    const notYet = !this.everUsed && ++this.unusedChecks * RELEASE_MS < UNUSED_MS;
    if (this.size > 0 && (usedNow || notYet)) return;
    this.release();
  }
}
