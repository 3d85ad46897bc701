/** Phrases of a few words (area names, kinds of device, colours, state words) looked up by their stems. */

export interface PhraseTable<T> {
  readonly map: ReadonlyMap<string, T>;
  /** the most words a phrase has */
  readonly longest: number;
  /** every stem of every phrase (a vocabulary for typo correction) */
  readonly words: ReadonlySet<string>;
}

export function phraseTable<T>(entries: Iterable<readonly [readonly string[], T]>): PhraseTable<T> {
  const map = new Map<string, T>();
  const words = new Set<string>();
  let longest = 0;
  for (const [stems, value] of entries) {
    if (stems.length === 0) continue;
    const key = stems.join(' ');
    if (!map.has(key)) map.set(key, value);
    longest = Math.max(longest, stems.length);
    for (const s of stems) words.add(s);
  }
  return { map, longest, words };
}

export interface Found<T> {
  readonly start: number;
  readonly end: number;
  readonly value: T;
}

/** The whole of `stems` as one phrase of the table. */
export const exactly = <T>(table: PhraseTable<T>, stems: readonly string[]): T | undefined =>
  stems.length > 0 && stems.length <= table.longest ? table.map.get(stems.join(' ')) : undefined;

/** The longest phrase of the table anywhere in `stems` (the rightmost of equally long ones). */
export function findIn<T>(table: PhraseTable<T>, stems: readonly string[]): Found<T> | undefined {
  for (let len = Math.min(table.longest, stems.length); len > 0; len--) {
    for (let start = stems.length - len; start >= 0; start--) {
      const value = table.map.get(stems.slice(start, start + len).join(' '));
      if (value !== undefined) return { start, end: start + len, value };
    }
  }
  return undefined;
}
