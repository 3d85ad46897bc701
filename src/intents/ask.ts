/**
 * Reading a command as a question about the home, answered from the state store: is something in a state ("is the
 * front door locked?" — yes or no, with the state it is in), what a sensor reads ("what is the temperature in the
 * bedroom?" — its value and unit; a thermostat's current temperature), or what state something is in.
 */
import type { State } from '../core/state.js';
import type { Target } from './home-index.js';
import type { Lexicon, QuestionPattern } from './lexicon.js';
import type { PatternMatch } from './match.js';
import { exactly } from './phrase-table.js';
import { answer, RANK, unresolved, type Plan, type PlanDeps } from './plan.js';
import type { IntentTarget } from './reply.js';
import { resolveTargets } from './resolve.js';
import { fill, joined } from './speech.js';
import { spokenNumber } from './values.js';

/** How a state is said: `device_class:state`, then `domain:state`, then `state`, else as it is. */
export function spokenState(lexicon: Lexicon, target: Target, state: string): string {
  const names = lexicon.file.state_names;
  return (
    (target.deviceClass ? names[`${target.deviceClass}:${state}`] : undefined) ??
    names[`${target.domain}:${state}`] ??
    names[state] ??
    state
  );
}

function spokenValue(lexicon: Lexicon, target: Target, s: State | undefined): string {
  if (!s) return spokenState(lexicon, target, 'unknown');
  const unit = (a: unknown) => (typeof a === 'string' && a ? ` ${a}` : '');
  if (target.domain === 'climate') {
    const current = s.attributes['current_temperature'];
    if (typeof current === 'number') return `${spokenNumber(current)}${unit(s.attributes['temperature_unit'] ?? '°C')}`;
    return spokenState(lexicon, target, s.state);
  }
  const n = Number(s.state);
  if (s.state !== '' && Number.isFinite(n)) return `${spokenNumber(n)}${unit(s.attributes['unit_of_measurement'])}`;
  return spokenState(lexicon, target, s.state);
}

const entityTarget = (t: Target): IntentTarget => ({ name: t.name, type: 'entity', id: t.entity_id });

export function planQuestion(deps: PlanDeps, match: PatternMatch): Plan | undefined {
  const { question } = match.pattern as QuestionPattern;
  const { lexicon, index, states } = deps;
  const { responses } = lexicon.file;
  let expected: Readonly<Record<string, string>> | undefined;
  if (question.question_type === 'is_state') {
    const words = match.slots.get('state');
    expected = words
      ? exactly(
          lexicon.stateWords,
          words.map((w) => w.known ?? w.stem),
        )
      : question.states;
    if (!expected) return undefined;
  }
  const domains = expected ? Object.keys(expected) : question.device_types;
  const resolution = resolveTargets(
    index,
    lexicon,
    match.slots.get('name'),
    match.slots.get('area'),
    deps.speakerArea,
    {
      domains,
      deviceClasses: question.device_classes,
      preferFirst: true,
    },
    deps.memo,
  );
  if (resolution.kind === 'unknown') {
    // a question mostly about things the home does not know ("what time is it", "tell me a joke") is not for this
    // engine: another may answer it
    const words = [...(match.slots.get('name') ?? []), ...(match.slots.get('area') ?? [])];
    const ofHome = (s: string) => index.byStem.has(s) || index.areas.words.has(s) || lexicon.deviceWords.words.has(s);
    const known = words.filter((w) => ofHome(w.known ?? w.stem)).length;
    if (known * 2 < words.length) return undefined;
  }
  if (resolution.kind !== 'targets') return unresolved(deps, resolution);
  let targets = resolution.targets;
  // several readings of different kinds (a temperature sensor and a thermostat): the kind listed first answers
  const order = question.device_types;
  if (targets.length > 1 && order.length > 1) {
    const first = order.find((d) => targets.some((t) => t.domain === d));
    targets = targets.filter((t) => t.domain === first);
  }
  const understood = {
    intent: `question.${question.question_type}`,
    action: null,
    entities: targets.map((t) => t.entity_id),
    area: resolution.area,
    data: {},
  };
  let speech: string;
  if (expected) {
    const wrong = targets.filter((t) => states.get(t.entity_id)?.state !== expected[t.domain]);
    const stateOf = (t: Target) => spokenState(lexicon, t, states.get(t.entity_id)?.state ?? 'unknown');
    speech =
      wrong.length === 0
        ? fill(responses.yes, {
            target: joined(
              responses,
              targets.map((t) => t.name),
              'and',
            ),
            state: spokenState(lexicon, targets[0] as Target, expected[(targets[0] as Target).domain] ?? ''),
          })
        : fill(responses.no, {
            target: joined(
              responses,
              wrong.map((t) => t.name),
              'and',
            ),
            state: joined(responses, [...new Set(wrong.map(stateOf))], 'or'),
          });
  } else {
    const text = question.question_type === 'value' ? responses.value : responses.state;
    const parts = targets.map((t) =>
      fill(text, {
        target: t.name,
        value: spokenValue(lexicon, t, states.get(t.entity_id)),
        state: spokenState(lexicon, t, states.get(t.entity_id)?.state ?? 'unknown'),
      }),
    );
    speech = joined(responses, parts, 'and', 6);
  }
  return {
    rank: RANK.done + resolution.score,
    run: answer({
      response_type: 'query_answer',
      speech,
      targets: targets.map(entityTarget),
      success: targets.map(entityTarget),
      failed: [],
      understood,
    }),
  };
}
