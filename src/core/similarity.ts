/** Small fuzzy-matching helpers for "did you mean" hints and fuzzy search. No dependencies. */

export function normalizeText(text: string): string {
  return text
    .toLowerCase()
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/[^\p{L}\p{N}]+/gu, ' ')
    .trim();
}

/** Levenshtein distance, with an early exit once it exceeds `max`. */
export function editDistance(a: string, b: string, max = Infinity): number {
  if (a === b) return 0;
  if (Math.abs(a.length - b.length) > max) return max + 1;
  let prev = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    const row = [i];
    let best = i;
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      const v = Math.min((prev[j] ?? 0) + 1, (row[j - 1] ?? 0) + 1, (prev[j - 1] ?? 0) + cost);
      row.push(v);
      if (v < best) best = v;
    }
    if (best > max) return max + 1;
    prev = row;
  }
  return prev[b.length] ?? max + 1;
}

/** 0..1, 1 = identical; substring containment scores high. */
export function similarity(a: string, b: string): number {
  const x = normalizeText(a);
  const y = normalizeText(b);
  if (!x || !y) return 0;
  if (x === y) return 1;
  if (y.includes(x) || x.includes(y)) return 0.8 + 0.2 * (Math.min(x.length, y.length) / Math.max(x.length, y.length));
  const d = editDistance(x, y);
  return Math.max(0, 1 - d / Math.max(x.length, y.length));
}

/** Whether one query word roughly matches a word of the text (prefix, substring, or ≤ 1–2 typos). */
export function wordMatches(word: string, text: string): boolean {
  if (text.includes(word)) return true;
  const allowed = word.length >= 7 ? 2 : word.length >= 4 ? 1 : 0;
  if (allowed === 0) return false;
  return text
    .split(' ')
    .some(
      (w) =>
        editDistance(word, w, allowed) <= allowed ||
        (w.length > word.length && editDistance(word, w.slice(0, word.length), allowed) <= allowed),
    );
}

/** The `count` candidates closest to `query`, best first, above a minimal similarity. */
export function closest(query: string, candidates: Iterable<string>, count = 3, minScore = 0.4): string[] {
  const scored: { value: string; score: number }[] = [];
  const q = normalizeText(query);
  for (const value of candidates) {
    const v = normalizeText(value);
    // compare against the whole id and against the part after the domain ("light.kichen" ~ "kitchen")
    const tail = value.includes('.') ? normalizeText(value.slice(value.indexOf('.') + 1)) : v;
    const qTail = query.includes('.') ? normalizeText(query.slice(query.indexOf('.') + 1)) : q;
    const score = Math.max(similarity(q, v), similarity(qTail, tail));
    if (score >= minScore) scored.push({ value, score });
  }
  scored.sort((a, b) => b.score - a.score || a.value.localeCompare(b.value));
  return scored.slice(0, count).map((s) => s.value);
}
