/**
 * The registry as the intent engine searches it, for one language: every named entity with its domain, device class,
 * area and the stems of its name (and its device's name), looked up by the whole name, by each word, and the areas
 * by their names (the registry's and the file's other names for them). Built again after the registry changes, never
 * per request, so a command costs a few map lookups however many entities there are.
 */
import type { Registry } from '../core/registry.js';
import type { StateStore } from '../core/state-store.js';
import { endings, inflectedTypos, typoBudget, typos, type Language } from './language/index.js';
import { bits, letterMask, maybeClose } from './letters.js';
import type { Lexicon } from './lexicon.js';
import { findIn, phraseTable, type PhraseTable } from './phrase-table.js';

export interface Target {
  readonly entity_id: string;
  readonly domain: string;
  /** the device class; a thermostat counts as `temperature` */
  readonly deviceClass: string | null;
  readonly area: string | null;
  readonly name: string;
  /** the stems of its name and its device's name */
  readonly stems: ReadonlySet<string>;
}

/** Other names entities answer to (Home Assistant's aliases and the names given there), by Switchyard entity id. */
export interface AliasSource {
  of(entityId: string): readonly string[];
  /** called when the names may have changed */
  onChange(listener: () => void): () => void;
}

export interface HomeIndex {
  readonly targets: readonly Target[];
  /** a whole name as stems joined by spaces → targets */
  readonly byName: ReadonlyMap<string, readonly Target[]>;
  /** a name without its area's words ("Kitchen Ceiling" → "ceiling"): only for an area said or the speaker's */
  readonly byNameInArea: ReadonlyMap<string, readonly Target[]>;
  /** domain → its targets */
  readonly byDomain: ReadonlyMap<string, readonly Target[]>;
  /** area (lower case) → its targets */
  readonly byArea: ReadonlyMap<string, readonly Target[]>;
  /** one stem of a name → targets */
  readonly byStem: ReadonlyMap<string, readonly Target[]>;
  readonly areas: PhraseTable<string>;
  /** every known stem (names, areas, kinds of device, colours, states, units) by length, for typo correction */
  readonly vocabulary: ReadonlyMap<number, readonly { readonly word: string; readonly mask: number }[]>;
  readonly known: ReadonlySet<string>;
  readonly language: Language;
}

const key = (s: string) => s.toLowerCase().normalize('NFC').trim();

function push<K, V>(map: Map<K, V[]>, k: K, v: V): void {
  const list = map.get(k);
  if (!list) map.set(k, [v]);
  else if (!list.includes(v)) list.push(v);
}

/** `device_class` of a record, or of the discovery payload it keeps (`payload`, abbreviated `dev_cla`). */
function deviceClassOf(record: Readonly<Record<string, unknown>>): string | null {
  const payload = record['payload'];
  const found =
    record['device_class'] ??
    (typeof payload === 'object' && payload !== null
      ? ((payload as Record<string, unknown>)['device_class'] ?? (payload as Record<string, unknown>)['dev_cla'])
      : undefined);
  return typeof found === 'string' && found ? found : null;
}

export function buildHomeIndex(
  registry: Registry,
  lexicon: Lexicon,
  states?: StateStore,
  aliases?: AliasSource,
): HomeIndex {
  // areas: the registry's spelling wins; the file's other names point at it
  const registryAreas = new Map<string, string>();
  const note = (a: string | null) => {
    if (a && !registryAreas.has(key(a))) registryAreas.set(key(a), a);
  };
  for (const d of registry.devices()) note(d.area);
  const entities = registry.entities();
  for (const e of entities) note(e.area);
  const areaEntries: [string[], string][] = [...registryAreas.values()].map((a) => [lexicon.stems(a), a]);
  for (const [phrase, area] of lexicon.areaNames.map)
    areaEntries.push([phrase.split(' '), registryAreas.get(key(area)) ?? area]);
  const areas = phraseTable(areaEntries);

  const targets: Target[] = [];
  const byName = new Map<string, Target[]>();
  const byNameInArea = new Map<string, Target[]>();
  const byStem = new Map<string, Target[]>();
  const byDomain = new Map<string, Target[]>();
  const byArea = new Map<string, Target[]>();
  for (const e of entities) {
    if (!e.name) continue;
    const device = e.device_id ? registry.device(e.device_id) : undefined;
    const area = e.area ?? device?.area ?? null;
    const cls = deviceClassOf(e.config) ?? deviceClassOf(states?.get(e.entity_id)?.attributes ?? {});
    const nameStems = lexicon.stems(e.name);
    const deviceStems = device?.name ? lexicon.stems(device.name) : [];
    const aliasStems = (aliases?.of(e.entity_id) ?? []).map((a) => lexicon.stems(a));
    const target: Target = {
      entity_id: e.entity_id,
      domain: e.domain,
      deviceClass: cls ?? (e.domain === 'climate' ? 'temperature' : null),
      area,
      name: e.name,
      stems: new Set([...nameStems, ...deviceStems, ...aliasStems.flat()]),
    };
    targets.push(target);
    push(byDomain, target.domain, target);
    if (area) push(byArea, area.toLowerCase(), target);
    for (const stems of [nameStems, deviceStems, ...aliasStems]) {
      if (stems.length === 0) continue;
      push(byName, stems.join(' '), target);
      const inArea = findIn(areas, stems);
      if (inArea && inArea.end - inArea.start < stems.length)
        push(byNameInArea, [...stems.slice(0, inArea.start), ...stems.slice(inArea.end)].join(' '), target);
    }
    for (const s of target.stems) push(byStem, s, target);
  }

  const known = new Set<string>([
    ...byStem.keys(),
    ...areas.words,
    ...lexicon.deviceWords.words,
    ...lexicon.colors.words,
    ...lexicon.stateWords.words,
    ...lexicon.units.words,
    ...lexicon.literals.map((l) => l.stem),
  ]);
  const vocabulary = new Map<number, { word: string; mask: number }[]>();
  for (const w of known) push(vocabulary, w.length, { word: w, mask: letterMask(w) });
  return {
    targets,
    byName,
    byNameInArea,
    byDomain,
    byArea,
    byStem,
    areas,
    vocabulary,
    known,
    language: lexicon.language,
  };
}

/**
 * A stem as the index knows it: itself when known, else the closest known stem within the typo budget, else (given the
 * word as said) the known stem whose inflected form is closest to it (`inflectedTypos`).
 */
export function corrected(index: HomeIndex, stem: string, said?: string): string {
  if (index.known.has(stem) || /^\d/.test(stem)) return stem;
  let best: string | undefined;
  let bestCost = Number.POSITIVE_INFINITY;
  const mask = letterMask(stem);
  for (let len = stem.length - 2; len <= stem.length + 2; len++) {
    for (const candidate of index.vocabulary.get(len) ?? []) {
      if (!maybeClose(stem, mask, candidate.word, candidate.mask, 2)) continue;
      const c = typos(stem, candidate.word);
      if (c !== undefined && c < bestCost) {
        best = candidate.word;
        bestCost = c;
      }
    }
  }
  return best ?? (said !== undefined ? inflected(index, said) : undefined) ?? stem;
}

/**
 * The known stem closest to a word as said with one of its endings. Candidates are cut first: the same first letter
 * (typos at a word's start are rare, and this keeps a short word from matching half the home), no more of their
 * letters missing from the word than the allowance, and a length that an ending and the allowance can make up.
 */
function inflected(index: HomeIndex, said: string): string | undefined {
  const budget = typoBudget(said.length);
  const longest = Math.max(0, ...endings(index.language).map((e) => e.length));
  if (budget === 0 || longest === 0) return undefined;
  const mask = letterMask(said);
  let best: string | undefined;
  let bestCost = Number.POSITIVE_INFINITY;
  for (let len = said.length - longest - budget; len <= said.length + budget; len++) {
    for (const candidate of index.vocabulary.get(len) ?? []) {
      if (candidate.word[0] !== said[0] || bits(candidate.mask & ~mask) > budget) continue;
      const c = inflectedTypos(said, candidate.word, index.language);
      if (c !== undefined && c < bestCost) {
        best = candidate.word;
        bestCost = c;
      }
    }
  }
  return best;
}
