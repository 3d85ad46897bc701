/**
 * Numbers in the words of a command, in digits ("21", "21.5", "-5") or in words of either language ("twenty-one",
 * "one hundred and five", "двадцати одного", "двести пятьдесят", "полтора", "пять с половиной"), and the unit
 * after them. Works on `tokens()` output.
 */
import { ENGLISH_NUMBERS } from './numbers-en.js';
import { RUSSIAN_NUMBERS } from './numbers-ru.js';
import type { Language, NumberMatch, NumberWords, QuantityMatch, UnitMatch } from './types.js';

const WORDS: Readonly<Record<Language, NumberWords>> = { en: ENGLISH_NUMBERS, ru: RUSSIAN_NUMBERS };

const DIGITS = /^-?\d+(?:\.\d+)?$/;

/** The number words of `language`. */
export function numberWords(language: Language): NumberWords {
  return WORDS[language];
}

/** Whether `words` appear in `ts` from `at`. */
function sequenceAt(ts: readonly string[], at: number, words: readonly string[]): boolean {
  return words.every((w, i) => ts[at + i] === w);
}

/** 1–999 said in words ("two hundred and five", "двести пять"), or 0 ("zero"). */
function groupAt(ts: readonly string[], start: number, w: NumberWords): NumberMatch | undefined {
  const first = ts[start];
  if (first === undefined) return undefined;
  if (w.zero.has(first)) return { value: 0, end: start + 1 };
  let i = start;
  let value = 0;
  const word = (): string => ts[i] ?? '';
  // hundreds: one word ("двести"), or a unit and "hundred" ("two hundred", "a hundred", "hundred")
  const hundreds = w.hundreds.get(word());
  if (hundreds !== undefined) {
    value += hundreds;
    i++;
  } else {
    const multiplier = w.units.get(word()) ?? (w.one.has(word()) ? 1 : undefined);
    if (multiplier !== undefined && w.hundred.has(ts[i + 1] ?? '')) {
      value += multiplier * 100;
      i += 2;
    } else if (w.hundred.has(word())) {
      value += 100;
      i++;
    }
  }
  const isNumberWord = (t: string | undefined): boolean =>
    t !== undefined && (w.tens.has(t) || w.teens.has(t) || w.units.has(t));
  if (i > start && w.and.has(word()) && isNumberWord(ts[i + 1])) i++;
  const tens = w.tens.get(word());
  const teen = w.teens.get(word());
  const unit = w.units.get(word());
  if (tens !== undefined) {
    value += tens;
    i++;
    const after = w.units.get(word());
    if (after !== undefined) {
      value += after;
      i++;
    }
  } else if (teen !== undefined) {
    value += teen;
    i++;
  } else if (unit !== undefined) {
    value += unit;
    i++;
  }
  if (i === start) return undefined;
  // "and" was taken only if a number word followed, so a dangling one cannot be left at the end
  return { value, end: i };
}

/** A whole number in words, with thousands ("two thousand seven hundred", "две тысячи семьсот"). */
function wholeAt(ts: readonly string[], start: number, w: NumberWords): NumberMatch | undefined {
  let group = groupAt(ts, start, w);
  let at = group?.end ?? start;
  const bare = w.one.has(ts[at] ?? '') && w.thousand.has(ts[at + 1] ?? '') && group === undefined;
  if (bare) at++;
  if (!w.thousand.has(ts[at] ?? '')) return group;
  if (group?.value === 0) return group;
  const thousands = (group?.value ?? 1) * 1000;
  at++;
  if (w.and.has(ts[at] ?? '')) {
    const rest = groupAt(ts, at + 1, w);
    if (rest) return { value: thousands + rest.value, end: rest.end };
  }
  group = groupAt(ts, at, w);
  return group && group.value > 0 ? { value: thousands + group.value, end: group.end } : { value: thousands, end: at };
}

/** Digits said one by one after "point" ("point two five" → .25). */
function decimalsAt(ts: readonly string[], start: number, w: NumberWords): NumberMatch | undefined {
  let digits = '';
  let i = start;
  for (;;) {
    const t = ts[i] ?? '';
    const d = w.zero.has(t) ? 0 : w.units.get(t);
    if (d === undefined) break;
    digits += String(d);
    i++;
  }
  return digits ? { value: Number(`0.${digits}`), end: i } : undefined;
}

/** The number that starts at `tokens[start]`, or undefined when none does. */
export function numberAt(tokens: readonly string[], start: number, language: Language): NumberMatch | undefined {
  const w = WORDS[language];
  const first = tokens[start];
  if (first === undefined) return undefined;
  if (w.minus.has(first)) {
    const rest = numberAt(tokens, start + 1, language);
    return rest && rest.value > 0 ? { value: -rest.value, end: rest.end } : undefined;
  }
  let found: NumberMatch | undefined;
  if (DIGITS.test(first)) {
    const value = Number(first);
    found =
      w.thousand.has(tokens[start + 1] ?? '') && Number.isInteger(value) && value > 0
        ? { value: value * 1000, end: start + 2 }
        : { value, end: start + 1 };
  } else {
    const alone = w.alone.get(first);
    if (alone !== undefined) return { value: alone, end: start + 1 };
    found = wholeAt(tokens, start, w);
    if (found && w.point.has(tokens[found.end] ?? '')) {
      const decimals = decimalsAt(tokens, found.end + 1, w);
      if (decimals) found = { value: found.value + decimals.value, end: decimals.end };
    }
  }
  if (!found) return undefined;
  const { end, value } = found;
  const half = w.plusHalf.find((words) => sequenceAt(tokens, end, words));
  return half && Number.isInteger(value) && value >= 0 ? { value: value + 0.5, end: end + half.length } : found;
}

/** The unit that starts at `tokens[start]` ("percent", "per cent", "%", "градусов", "°", "минут"…). */
export function unitAt(tokens: readonly string[], start: number, language: Language): UnitMatch | undefined {
  const w = WORDS[language];
  const hit = w.unitWords.find((u) => sequenceAt(tokens, start, u.words));
  if (!hit) return undefined;
  const end = start + hit.words.length;
  const tail = w.unitTail.get(hit.unit);
  return { unit: hit.unit, end: tail?.has(tokens[end] ?? '') ? end + 1 : end };
}

/**
 * A number and the unit after it ("21 degrees", "пятьдесят процентов"; unit undefined when none follows), or a
 * duration said without a number ("half an hour", "полчаса", "минуту").
 */
export function quantityAt(tokens: readonly string[], start: number, language: Language): QuantityMatch | undefined {
  const duration = WORDS[language].durations.find((d) => sequenceAt(tokens, start, d.words));
  if (duration) return { value: duration.value, unit: duration.unit, end: start + duration.words.length };
  const number = numberAt(tokens, start, language);
  if (!number) return undefined;
  const unit = unitAt(tokens, number.end, language);
  return { value: number.value, unit: unit?.unit, end: unit?.end ?? number.end };
}
