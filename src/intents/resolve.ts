/**
 * What a `{name}` (and `{area}`) slot means in the home: the entities it names. In order, the first that finds any
 * entity of a kind the action takes wins: the whole name as an entity or device is called ("Front Door"); the name
 * without an area said with it ("the ceiling in the kitchen"); its words all found in one name, with a kind of device
 * that fits ("ceiling light"); a kind of device alone ("the light", "the lights") in the area said or, failing that,
 * where the speaker is. Several entities for one name that is not a plural are a question back, never a guess.
 */
import { corrected, type HomeIndex, type Target } from './home-index.js';
import type { DeviceWord, Lexicon } from './lexicon.js';
import { exactly, findIn } from './phrase-table.js';
import type { Word } from './words.js';

export interface TargetFilter {
  /** entity domains the action or question takes (empty: any) */
  readonly domains: readonly string[];
  /** device classes it takes (empty: any) */
  readonly deviceClasses: readonly string[];
  /** several found of different domains: keep those of the domain listed first (a sensor before a thermostat) */
  readonly preferFirst?: boolean;
  /** no name said: every target that fits in the area said, or where the speaker is ("brighter in the kitchen") */
  readonly wholeArea?: boolean;
}

export type Resolution =
  | {
      readonly kind: 'targets';
      readonly targets: readonly Target[];
      /** 3 a whole name, 2 words of a name, 1 a kind of device, 0 an area alone */
      readonly score: number;
      readonly area: string | null;
    }
  | { readonly kind: 'ambiguous'; readonly options: readonly Target[]; readonly noun: string }
  | { readonly kind: 'unknown'; readonly what: string }
  | { readonly kind: 'unknown_area'; readonly what: string };

const fits = (t: Target, f: TargetFilter): boolean =>
  (f.domains.length === 0 || f.domains.includes(t.domain)) &&
  (f.deviceClasses.length === 0 || (t.deviceClass !== null && f.deviceClasses.includes(t.deviceClass)));

/** Domains whose entities say what they are by their device class: one without a class is no "door" or "window". */
const CLASSED = new Set(['sensor', 'binary_sensor', 'cover']);

const isKind = (t: Target, d: DeviceWord): boolean =>
  (d.domains.length === 0 || d.domains.includes(t.domain)) &&
  (d.deviceClasses.length === 0 ||
    (t.deviceClass === null ? !CLASSED.has(t.domain) : d.deviceClasses.includes(t.deviceClass)));

const sameArea = (a: string | null, b: string | null): boolean =>
  a !== null && b !== null && a.toLowerCase() === b.toLowerCase();

/** The targets having every one of `stems` in their names. */
function havingAll(index: HomeIndex, stems: readonly string[]): Target[] {
  if (stems.length === 0) return [];
  const lists = stems.map((s) => index.byStem.get(s) ?? []);
  lists.sort((a, b) => a.length - b.length);
  const [first = [], ...rest] = lists;
  return first.filter((t) => rest.every((l) => l.includes(t)));
}

const text = (words: readonly Word[]) => words.map((w) => w.text).join(' ');

/** A noun for a question about these targets ("which light"): a kind of device they all are, else "device". */
function nounFor(lexicon: Lexicon, options: readonly Target[], said: DeviceWord | undefined): string {
  if (said && !said.plural) return said.noun;
  for (const d of lexicon.deviceWords.map.values()) if (!d.plural && options.every((t) => isKind(t, d))) return d.noun;
  return said?.noun ?? 'device';
}

/** The same words with the same filter resolve the same within one request: many readings share them. */
export type ResolutionMemo = Map<string, Resolution>;

export function resolveTargets(
  index: HomeIndex,
  lexicon: Lexicon,
  nameWords: readonly Word[] | undefined,
  areaWords: readonly Word[] | undefined,
  speakerArea: string | null,
  filter: TargetFilter,
  memo?: ResolutionMemo,
): Resolution {
  if (!memo) return resolve(index, lexicon, nameWords, areaWords, speakerArea, filter);
  const key = `${text(nameWords ?? [])}|${text(areaWords ?? [])}|${filter.domains.join(',')}|${filter.deviceClasses.join(',')}|${filter.preferFirst === true}|${filter.wholeArea === true}`;
  let found = memo.get(key);
  if (!found) {
    found = resolve(index, lexicon, nameWords, areaWords, speakerArea, filter);
    memo.set(key, found);
  }
  return found;
}

function resolve(
  index: HomeIndex,
  lexicon: Lexicon,
  nameWords: readonly Word[] | undefined,
  areaWords: readonly Word[] | undefined,
  speakerArea: string | null,
  filter: TargetFilter,
): Resolution {
  const stems = (nameWords ?? []).map((w) => (w.quantity ? w.text : (w.known ?? corrected(index, w.stem, w.text))));
  let area: string | null = null;
  if (areaWords && areaWords.length > 0) {
    const areaStems = areaWords.map((w) => w.known ?? corrected(index, w.stem, w.text));
    area = exactly(index.areas, areaStems) ?? null;
    if (area === null) return { kind: 'unknown_area', what: text(areaWords) };
  }
  const inArea = (list: readonly Target[]) => (area === null ? list : list.filter((t) => sameArea(t.area, area)));

  type Level = { found: readonly Target[]; score: number; plural: boolean; word?: DeviceWord };
  const levels: (() => Level | undefined)[] = [];
  // the whole name as said (and, where the speaker is, a name said without its area's words)
  levels.push(() => {
    const whole = index.byName.get(stems.join(' ')) ?? [];
    const here = speakerArea === null || area !== null ? [] : (index.byNameInArea.get(stems.join(' ')) ?? []);
    return {
      found: [...whole, ...here.filter((t) => sameArea(t.area, speakerArea) && !whole.includes(t))],
      score: 3,
      plural: false,
    };
  });
  // an area said inside the name: "kitchen light", "the ceiling in the living room"
  let rest = stems;
  if (area === null) {
    const where = findIn(index.areas, stems);
    if (where) {
      area = where.value;
      // a preposition before the area ("the ceiling in the kitchen") goes with it
      const from =
        where.start > 0 && lexicon.areaPrepositions.has(stems[where.start - 1] as string)
          ? where.start - 1
          : where.start;
      rest = [...stems.slice(0, from), ...stems.slice(where.end)];
    }
  }
  if (rest !== stems && rest.length > 0)
    levels.push(() => ({ found: index.byName.get(rest.join(' ')) ?? [], score: 3, plural: false }));
  // a name said without its area's words, in the area said or where the speaker is ("the ceiling")
  const here = area ?? speakerArea;
  if (rest.length > 0 && here !== null)
    levels.push(() => ({
      found: (index.byNameInArea.get(rest.join(' ')) ?? []).filter((t) => sameArea(t.area, here)),
      score: 3,
      plural: false,
    }));
  const kindFound = rest.length > 0 ? findIn(lexicon.deviceWords, rest) : undefined;
  // "lights" and "light" share a stem: a plural is told by the word as said
  const plural = (nameWords ?? []).some((w) => lexicon.pluralWords.has(w.text));
  const kind = kindFound && { ...kindFound, value: { ...kindFound.value, plural: kindFound.value.plural || plural } };
  if (kind) {
    const others = [...rest.slice(0, kind.start), ...rest.slice(kind.end)];
    const kindStems = rest.slice(kind.start, kind.end);
    if (others.length > 0)
      levels.push(() => ({
        found: havingAll(index, others).filter((t) => isKind(t, kind.value) || kindStems.every((s) => t.stems.has(s))),
        score: 2,
        plural: kind.value.plural,
        word: kind.value,
      }));
    else
      levels.push(() => ({
        found: (area !== null
          ? (index.byArea.get(area.toLowerCase()) ?? [])
          : kind.value.domains.length > 0
            ? kind.value.domains.flatMap((d) => index.byDomain.get(d) ?? [])
            : index.targets
        ).filter((t) => isKind(t, kind.value)),
        score: 1,
        plural: kind.value.plural,
        word: kind.value,
      }));
  } else if (rest.length > 0) levels.push(() => ({ found: havingAll(index, rest), score: 2, plural: false }));
  const areaAlone = area ?? (filter.wholeArea ? speakerArea : null);
  if (rest.length === 0 && areaAlone !== null)
    levels.push(() => ({
      found: index.byArea.get(areaAlone.toLowerCase()) ?? [],
      score: 0,
      plural: filter.wholeArea === true,
    }));

  for (const level of levels) {
    const l = level();
    if (!l) continue;
    let found = inArea(l.found.filter((t) => fits(t, filter)));
    if (found.length === 0) continue;
    if (found.length > 1 && area === null && speakerArea !== null) {
      const here = found.filter((t) => sameArea(t.area, speakerArea));
      if (here.length > 0) found = here;
    }
    if (found.length > 1 && filter.preferFirst) {
      const first = filter.domains.find((d) => found.some((t) => t.domain === d));
      if (first !== undefined) found = found.filter((t) => t.domain === first);
    }
    if (found.length > 1 && !l.plural && l.score > 0)
      return { kind: 'ambiguous', options: found, noun: nounFor(lexicon, found, l.word) };
    if (found.length > 1 && l.score === 0 && !l.plural)
      return { kind: 'ambiguous', options: found, noun: nounFor(lexicon, found, undefined) };
    return { kind: 'targets', targets: found, score: l.score, area };
  }
  const said = [text(nameWords ?? []), areaWords ? text(areaWords) : ''].filter(Boolean).join(' ');
  return { kind: 'unknown', what: said };
}
