/**
 * One way of reading a command, before anything is done: what it would do and how good a reading it is. The engine
 * weighs every reading the phrases allow and carries out only the best: done or answered beats a question back,
 * which beats a refusal, which beats "I don't know that device".
 */
import type { CommandRouter } from '../core/commands.js';
import type { Context } from '../core/context.js';
import type { StateStore } from '../core/state-store.js';
import type { HomeIndex, Target } from './home-index.js';
import type { Lexicon } from './lexicon.js';
import type { PatternMatch } from './match.js';
import type { IntentReply } from './reply.js';
import type { Resolution, ResolutionMemo } from './resolve.js';
import { fill, joined } from './speech.js';

export interface Plan {
  /** higher is a better reading (see RANK) */
  readonly rank: number;
  run(): Promise<IntentReply>;
  /** a question back ("which light: …?"): the entities it offers, and the plan for the one the answer names */
  readonly options?: readonly Target[];
  choose?(chosen: readonly Target[]): Plan;
}

export const RANK = { unknownArea: 10, unknown: 12, refused: 15, ambiguous: 20, done: 30 } as const;

export interface PlanDeps {
  readonly lexicon: Lexicon;
  readonly index: HomeIndex;
  readonly states: StateStore;
  readonly commands: CommandRouter;
  readonly speakerArea: string | null;
  readonly context: Context;
  /** the resolutions made for this request so far */
  readonly memo: ResolutionMemo;
}

export type Planner = (deps: PlanDeps, match: PatternMatch) => Plan | undefined;

export const answer =
  (reply: IntentReply): (() => Promise<IntentReply>) =>
  () =>
    Promise.resolve(reply);

/** The plan for a reading whose targets were not found, or were more than one for a single name. */
export function unresolved(deps: PlanDeps, r: Exclude<Resolution, { kind: 'targets' }>): Plan {
  const { responses } = deps.lexicon.file;
  if (r.kind === 'ambiguous') {
    const options = r.options.map((t) => fill(responses.option, { name: t.name }));
    const speech = fill(responses.ambiguous, { noun: r.noun, options: joined(responses, options, 'or', 6) });
    return {
      rank: RANK.ambiguous,
      run: answer({ response_type: 'error', code: 'no_valid_targets', speech, question: true }),
    };
  }
  if (r.kind === 'unknown_area')
    return {
      rank: RANK.unknownArea,
      run: answer({
        response_type: 'error',
        code: 'no_valid_targets',
        speech: fill(responses.unknown_area, { area: r.what }),
      }),
    };
  return {
    rank: RANK.unknown,
    run: answer({
      response_type: 'error',
      code: 'no_valid_targets',
      speech: fill(responses.unknown_device, { name: r.what }),
    }),
  };
}
