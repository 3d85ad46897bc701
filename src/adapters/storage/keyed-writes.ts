// Writes kept one per key while the database cannot be written (write-guard.ts): a store whose rows are each
// thing's latest state (an ESP32 device, a helper) writes straight through while it can; during an outage each
// key's latest row (null: remove it) waits in memory, in the order of their last change, and the guard's rounds
// write them in one transaction. Nothing is dropped but what SQLite refuses for good (not an outage), counted.
import type BetterSqlite3 from 'better-sqlite3';
import { outageOf } from './unwritable.js';
import type { WriteGuardPort } from './write-guard.js';

/** Returns `save(key, row)`: written now when it can be, else held for the guard's rounds. */
export function keyedWrites<R>(
  sqlite: BetterSqlite3.Database,
  name: string,
  write: (key: string, row: R | null) => void,
  guard: WriteGuardPort | undefined,
): (key: string, row: R | null) => void {
  let dropped = 0;
  const held = new Map<string, R | null>();
  const writeHeld = sqlite.transaction(() => {
    for (const [key, row] of held) write(key, row);
  });
  guard?.add({
    name,
    waiting: () => held.size,
    dropped: () => dropped,
    retry() {
      if (held.size === 0 || !sqlite.open) return;
      try {
        writeHeld();
      } catch (err) {
        if (outageOf(err)) throw err;
        dropped += held.size; // refused for good (not an outage): counted, and the error logged by the guard
        held.clear();
        throw err;
      }
      held.clear();
    },
  });
  return (key, row) => {
    if (!sqlite.open) return;
    if (held.size === 0 && (guard?.writable ?? true)) {
      try {
        return write(key, row);
      } catch (err) {
        if (!guard?.absorb(err)) throw err;
      }
    }
    held.delete(key); // re-inserted at the end: written after the changes held before it
    held.set(key, row);
  };
}
