/**
 * The intent engine: spoken commands understood without a language model, from the intent templates of each
 * language and the live registry. A command is split into words (`words.ts`), matched against every phrase
 * (`match.ts`), and each fitting reading is planned against the home (`act.ts`, `ask.ts`); the best plan runs.
 * The home's index is rebuilt after the registry changes (its entity and device events), never per request.
 */
import type { CommandRouter } from '../core/commands.js';
import type { Context } from '../core/context.js';
import type { EventBus, Unsubscribe } from '../core/event-bus.js';
import type { CoreEvents } from '../core/events.js';
import type { Registry } from '../core/registry.js';
import type { StateStore } from '../core/state-store.js';
import { planAction } from './act.js';
import { planQuestion } from './ask.js';
import { buildDonation } from './donation.js';
import { type AliasSource, buildHomeIndex, corrected, type HomeIndex, type Target } from './home-index.js';
import { languageOf, type Language } from './language/index.js';
import { compileLexicon, type Lexicon } from './lexicon.js';
import { matchPatterns } from './match.js';
import type { Plan, PlanDeps } from './plan.js';
import type { IntentReply } from './reply.js';
import type { IntentFile } from './schema.js';
import { wordsOf, type Word } from './words.js';

export interface IntentRequest {
  readonly text: string;
  /** a BCP 47 tag: "en", "ru-RU" */
  readonly language: string;
  /** where the speaker is, as the registry names the area */
  readonly area: string | null;
  readonly context: Context;
  /** a conversation the engine asked a question in: the answer ("the table lamp") may pick one of its options */
  readonly conversation_id?: string | undefined;
}

export interface IntentEngine {
  /** the languages it has templates for */
  readonly languages: readonly Language[];
  /** undefined when no phrase fits what was said (another handler may understand it) */
  understand(request: IntentRequest): Promise<IntentReply | undefined>;
  /** the reading that would be carried out, without doing anything (benchmarks, tests) */
  plan(request: Omit<IntentRequest, 'context'>): Plan | undefined;
  lexicon(language: Language): Lexicon | undefined;
  /** the home's index for a language (built now if the registry changed since) */
  index(language: Language): HomeIndex | undefined;
  /** the seed's handler donation for the current registry (built once per registry change) */
  donation(): Record<string, unknown>;
  /** called after every rebuild-worthy registry change */
  onChange(listener: () => void): Unsubscribe;
  stop(): void;
}

export interface IntentEngineDeps {
  readonly registry: Registry;
  readonly states: StateStore;
  readonly commands: CommandRouter;
  readonly bus: EventBus<CoreEvents>;
  readonly files: readonly IntentFile[];
  /** other names of entities (Home Assistant's aliases) */
  readonly aliases?: AliasSource | undefined;
}

/** At most this many readings are planned per command (the closest fits). */
const MAX_READINGS = 48;
/** Questions back waiting for their answer: at most this many, each for at most this long. */
const MAX_PENDING = 256;
const PENDING_MS = 120_000;

/** The option an answer names: the one having most of its words (a whole name wins a tie), else undefined. */
function chosen(plan: Plan, words: readonly Word[]): Target | undefined {
  const stems = words.map((w) => w.known ?? w.stem);
  const scored = (plan.options ?? []).map((t) => ({
    t,
    hits: stems.filter((s) => t.stems.has(s)).length,
    whole: stems.length === t.stems.size && stems.every((s) => t.stems.has(s)),
  }));
  const top = Math.max(0, ...scored.map((x) => x.hits));
  const best = scored.filter((x) => x.hits === top && top > 0);
  if (best.length === 1) return best[0]?.t;
  const whole = best.filter((x) => x.whole);
  return whole.length === 1 ? whole[0]?.t : undefined;
}

export function createIntentEngine(deps: IntentEngineDeps): IntentEngine {
  const lexicons = new Map<Language, Lexicon>();
  for (const file of deps.files) {
    const language = languageOf(file.language);
    if (language) lexicons.set(language, compileLexicon(file, language));
  }
  const indexes = new Map<Language, HomeIndex>();
  const pending = new Map<string, { plan: Plan; language: Language; at: number }>();
  const listeners = new Set<() => void>();
  let donation: Record<string, unknown> | undefined;
  const changed = () => {
    indexes.clear();
    donation = undefined;
    for (const l of listeners) l();
  };
  const offs = [
    deps.bus.on('entity_registered', ({ entity, previous }) => {
      // a config update that changes nothing the engine reads keeps the index
      if (
        previous &&
        previous.name === entity.name &&
        previous.area === entity.area &&
        previous.device_id === entity.device_id &&
        previous.config['device_class'] === entity.config['device_class']
      )
        return;
      changed();
    }),
    deps.bus.on('entity_removed', changed),
    deps.bus.on('device_registered', ({ device, previous }) => {
      if (previous && previous.name === device.name && previous.area === device.area) return;
      changed();
    }),
    deps.bus.on('device_removed', changed),
    ...(deps.aliases ? [deps.aliases.onChange(changed)] : []),
  ];

  const indexFor = (language: Language): HomeIndex | undefined => {
    const lexicon = lexicons.get(language);
    if (!lexicon) return undefined;
    let index = indexes.get(language);
    if (!index) {
      index = buildHomeIndex(deps.registry, lexicon, deps.states, deps.aliases);
      indexes.set(language, index);
    }
    return index;
  };

  const best = (request: Omit<IntentRequest, 'context'>, context: Context | undefined): Plan | undefined => {
    const language = languageOf(request.language);
    const lexicon = language && lexicons.get(language);
    const index = language && indexFor(language);
    if (!lexicon || !index) return undefined;
    const said = wordsOf(request.text, lexicon.language, lexicon.skip);
    if (!said || said.length === 0) return undefined;
    // each word corrected once against what the home knows, for every reading to use
    const words = said.map((w) => (w.quantity ? w : { ...w, known: corrected(index, w.stem, w.text) }));
    const matches = matchPatterns(lexicon, words).slice(0, MAX_READINGS);
    const planDeps: PlanDeps = {
      lexicon,
      index,
      states: deps.states,
      commands: deps.commands,
      speakerArea: request.area,
      context: context ?? ({} as Context),
      memo: new Map(),
    };
    let chosen: Plan | undefined;
    for (const m of matches) {
      const plan = m.pattern.kind === 'action' ? planAction(planDeps, m) : planQuestion(planDeps, m);
      if (plan && (!chosen || plan.rank > chosen.rank)) chosen = plan;
    }
    return chosen;
  };

  return {
    languages: [...lexicons.keys()],
    async understand(request) {
      const id = request.conversation_id;
      const asked = id === undefined ? undefined : pending.get(id);
      if (id !== undefined && asked) {
        pending.delete(id);
        const lexicon = lexicons.get(asked.language);
        const index = indexFor(asked.language);
        const said = lexicon && wordsOf(request.text, asked.language, lexicon.skip);
        const target =
          index && said && Date.now() - asked.at < PENDING_MS
            ? chosen(
                asked.plan,
                said.map((w) => ({ ...w, known: corrected(index, w.stem, w.text) })),
              )
            : undefined;
        const plan = target && asked.plan.choose?.([target]);
        if (plan) return plan.run();
      }
      const plan = best(request, request.context);
      const language = languageOf(request.language);
      if (plan?.choose && id !== undefined && language) {
        if (pending.size >= MAX_PENDING) pending.delete(pending.keys().next().value as string);
        pending.set(id, { plan, language, at: Date.now() });
      }
      return plan?.run();
    },
    plan: (request) => best(request, undefined),
    lexicon: (language) => lexicons.get(language),
    index: indexFor,
    donation() {
      const all = [...lexicons.values()];
      donation ??= buildDonation(all, all[0] && indexFor(all[0].language), deps.commands);
      return donation;
    },
    onChange(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    stop() {
      for (const off of offs) off();
      listeners.clear();
    },
  };
}
