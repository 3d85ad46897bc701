/**
 * A light English stemmer: plurals only ("lights" → "light", "switches" → "switch", "batteries" → "battery"),
 * enough to match a spoken plural to a device's name. Words that end in "ss", "us", "is" or are short stay.
 */
const KEEP = /(?:ss|us|is|ous|ics)$/;

export function stemEn(word: string): string {
  if (word.length <= 3 || !word.endsWith('s') || KEEP.test(word)) return word;
  if (word.endsWith('ies') && word.length > 4) return `${word.slice(0, -3)}y`;
  if (/(?:sses|xes|zes|ches|shes)$/.test(word)) return word.slice(0, -2);
  return word.slice(0, -1);
}
