/**
 * One language's intent templates compiled for matching: every phrase expanded into word sequences (stems, filler
 * words dropped), and the small tables (areas, kinds of device, colours, state words, units, choices) keyed by stems.
 * Built once per file load, shared by every request.
 */
import { stem, tokens, type Language } from './language/index.js';
import { letterMask } from './letters.js';
import { expandPhrase, type PhraseSequence } from './phrase.js';
import { phraseTable, type PhraseTable } from './phrase-table.js';
import type { ActionDonation, DeviceTemplate, IntentFile, ParameterSpec, Question } from './schema.js';
import { skipWords, type SkipWords } from './words.js';

/** One word of a phrase: the word, its stem, and its number among the lexicon's phrase words. */
export interface Literal {
  readonly word: string;
  readonly stem: string;
  readonly id: number;
  /** `letterMask(word)` */
  readonly mask: number;
}

export type PatternItem = Literal | { readonly slot: string };

interface PatternBase {
  readonly items: readonly PatternItem[];
  /** the ids of its words (each once): a pattern can only match when every one was heard */
  readonly literals: readonly number[];
  readonly phrase: string;
}
export interface ActionPattern extends PatternBase {
  readonly kind: 'action';
  readonly template: DeviceTemplate;
  readonly action: ActionDonation;
}
export interface QuestionPattern extends PatternBase {
  readonly kind: 'question';
  readonly question: Question;
}
export type Pattern = ActionPattern | QuestionPattern;

export interface DeviceWord {
  readonly noun: string;
  readonly domains: readonly string[];
  readonly deviceClasses: readonly string[];
  readonly plural: boolean;
}

export interface Lexicon {
  readonly language: Language;
  readonly file: IntentFile;
  readonly skip: SkipWords;
  readonly patterns: readonly Pattern[];
  /** every word of every phrase, by id */
  readonly literals: readonly Literal[];
  readonly deviceWords: PhraseTable<DeviceWord>;
  /** the file's area names → the area as the registry spells it */
  readonly areaNames: PhraseTable<string>;
  readonly colors: PhraseTable<{ readonly name: string; readonly rgb: readonly [number, number, number] }>;
  readonly stateWords: PhraseTable<Readonly<Record<string, string>>>;
  /** unit words → unit id */
  readonly units: PhraseTable<string>;
  /** `<template>.<parameter>` → its choice words → the value sent */
  readonly choices: ReadonlyMap<string, PhraseTable<string>>;
  /** the words (as said, not stems) of the plural kinds of device: "lights" */
  readonly pluralWords: ReadonlySet<string>;
  /** stems of the words that may stand before an area ("in", "on") */
  readonly areaPrepositions: ReadonlySet<string>;
  /** the stems of a text in this language (filler words kept) */
  stems(text: string): string[];
}

export function compileLexicon(file: IntentFile, language: Language): Lexicon {
  const skip = skipWords(file.skip_words, language);
  const split = (text: string) => tokens(text, language);
  const stems = (text: string) => split(text).map((w) => stem(w, language));
  const keep = (word: string) => !skip.single.has(stem(word, language));
  const literals: Literal[] = [];
  const literalIds = new Map<string, Literal>();
  const literal = (word: string): Literal => {
    let found = literalIds.get(word);
    if (!found) {
      found = { word, stem: stem(word, language), id: literals.length, mask: letterMask(word) };
      literals.push(found);
      literalIds.set(word, found);
    }
    return found;
  };
  const compile = (phrase: string, sequence: PhraseSequence): PatternBase => {
    const items = sequence.map((item): PatternItem => ('word' in item ? literal(item.word) : item));
    const ids = [...new Set(items.flatMap((i) => ('id' in i ? [i.id] : [])))];
    return { items, literals: ids, phrase };
  };
  const patterns: Pattern[] = [];
  for (const template of file.templates)
    for (const action of template.action_donations)
      for (const phrase of action.phrases)
        for (const seq of expandPhrase(phrase, split, keep))
          patterns.push({ kind: 'action', template, action, ...compile(phrase, seq) });
  for (const question of file.questions)
    for (const phrase of question.phrases)
      for (const seq of expandPhrase(phrase, split, keep))
        patterns.push({ kind: 'question', question, ...compile(phrase, seq) });

  const choices = new Map<string, PhraseTable<string>>();
  for (const template of file.templates)
    for (const p of template.parameters)
      if (p.type === 'choice' && p.choices)
        choices.set(
          `${template.template_name}.${p.name}`,
          phraseTable(
            Object.entries(p.choices).flatMap(([value, words]) => words.map((w) => [stems(w), value] as const)),
          ),
        );

  return {
    language,
    file,
    skip,
    patterns,
    literals,
    deviceWords: phraseTable(
      file.device_words.flatMap((d) =>
        d.words.map(
          (w) =>
            [
              stems(w),
              { noun: d.noun, domains: d.domains, deviceClasses: d.device_classes, plural: d.plural },
            ] as const,
        ),
      ),
    ),
    areaNames: phraseTable(file.areas.flatMap((a) => [a.area, ...a.names].map((n) => [stems(n), a.area] as const))),
    colors: phraseTable(
      file.colors.flatMap((c) => c.names.map((n) => [stems(n), { name: c.names[0] as string, rgb: c.rgb }] as const)),
    ),
    stateWords: phraseTable(file.state_words.flatMap((s) => s.words.map((w) => [stems(w), s.states] as const))),
    units: phraseTable(
      Object.entries(file.units).flatMap(([unit, words]) => words.map((w) => [stems(w), unit] as const)),
    ),
    choices,
    areaPrepositions: new Set(file.area_prepositions.flatMap(stems)),
    pluralWords: new Set(file.device_words.filter((d) => d.plural).flatMap((d) => d.words.flatMap(split))),
    stems,
  };
}

/** The parameter of a template by name. */
export const parameterOf = (template: DeviceTemplate, name: string): ParameterSpec | undefined =>
  template.parameters.find((p) => p.name === name);
