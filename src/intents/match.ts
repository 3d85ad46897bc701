/**
 * Which phrases of a lexicon fit what was said. A phrase's words must be heard in its order, each as said, in
 * another inflection (same stem) or with a typo or two (`language/` typos: ≤ 1 from 4 letters, ≤ 2 from 8); each
 * slot takes one or more of the words between. Word order is tolerated through the templates themselves (their
 * alternatives and `(a; b)` permutations), not by shuffling: shuffled words would make "turn the light off in the
 * hall" and "turn off the hall light" indistinguishable from nonsense.
 *
 * Written here rather than taken from npm: matching word sequences with typo-tolerant words and free-length slots is
 * a backtracking walk of a few lines over compiled phrases; the fuzzy-search packages (fuse.js, fuzzysort) rank one
 * string against a list and have no slots, and hassil exists only in Python.
 */
import { typos } from './language/index.js';
import { letterMask, maybeClose } from './letters.js';
import type { Lexicon, Literal, Pattern, PatternItem } from './lexicon.js';
import type { Word } from './words.js';

export interface PatternMatch {
  readonly pattern: Pattern;
  /** slot name → the words it took */
  readonly slots: ReadonlyMap<string, readonly Word[]>;
  /** the sum of the phrase words' costs: 0 as said, 1 another inflection, 1 + typos */
  readonly cost: number;
  /** how many words of the phrase were heard (more is a closer fit) */
  readonly heard: number;
}

const NO = -1;

/** A word's cost against a phrase word, or NO. */
function costOf(word: Word, literal: Literal): number {
  if (word.quantity) return NO;
  if (word.text === literal.word) return 0;
  if (word.stem === literal.stem) return 1;
  if (!maybeClose(word.text, letterMask(word.text), literal.word, literal.mask, 2)) return NO;
  const direct = typos(word.text, literal.word);
  if (direct !== undefined) return 1 + direct;
  if (word.stem.length >= 3 && literal.stem.length >= 3) {
    const stems = typos(word.stem, literal.stem);
    if (stems !== undefined) return 1 + stems;
  }
  return NO;
}

/** At most this many ways for one phrase to split what was said among its slots. */
const MAX_SPLITS = 6;

interface Walk {
  readonly items: readonly PatternItem[];
  readonly n: number;
  readonly costs: Int8Array; // literal id * n + word index
  /** every way found: its cost and the slots' [start, end) in order */
  readonly found: { cost: number; cuts: number[] }[];
  readonly cuts: number[];
}

/** Finds the ways for items[k…] to take words[i…] (several: which split of the slots fits is decided later). */
function walk(w: Walk, k: number, i: number, cost: number): void {
  if (w.found.length >= MAX_SPLITS) return;
  if (k === w.items.length) {
    if (i === w.n) w.found.push({ cost, cuts: w.cuts.slice() });
    return;
  }
  const remaining = w.items.length - k - 1;
  if (i >= w.n) return;
  const item = w.items[k] as PatternItem;
  if ('id' in item) {
    const c = w.costs[item.id * w.n + i] as number;
    if (c !== NO) walk(w, k + 1, i + 1, cost + c);
    return;
  }
  for (let end = i + 1; end <= w.n - remaining; end++) {
    w.cuts.push(i, end);
    walk(w, k + 1, end, cost);
    w.cuts.length -= 2;
  }
}

/** Every pattern that fits `words`, the closest fits first (fewest typos, then most phrase words heard). */
export function matchPatterns(lexicon: Lexicon, words: readonly Word[]): PatternMatch[] {
  const n = words.length;
  const costs = new Int8Array(lexicon.literals.length * n).fill(NO);
  const heardAnywhere = new Uint8Array(lexicon.literals.length);
  for (const literal of lexicon.literals)
    for (let i = 0; i < n; i++) {
      const c = costOf(words[i] as Word, literal);
      if (c !== NO) {
        costs[literal.id * n + i] = c;
        heardAnywhere[literal.id] = 1;
      }
    }
  const found: PatternMatch[] = [];
  for (const pattern of lexicon.patterns) {
    if (pattern.items.length > n) continue;
    if (!pattern.literals.every((id) => heardAnywhere[id] === 1)) continue;
    const w: Walk = { items: pattern.items, n, costs, found: [], cuts: [] };
    walk(w, 0, 0, 0);
    for (const way of w.found) {
      const slots = new Map<string, Word[]>();
      let s = 0;
      for (const item of pattern.items) {
        if ('id' in item) continue;
        const start = way.cuts[s++] as number;
        const end = way.cuts[s++] as number;
        slots.set(item.slot, words.slice(start, end));
      }
      found.push({ pattern, slots, cost: way.cost, heard: pattern.items.length - slots.size });
    }
  }
  return found.sort((a, b) => a.cost - b.cost || b.heard - a.heard);
}
