/**
 * Reading a command as an action of a device template: the values of its parameters from their slots, the targets
 * from `{name}`/`{area}`, then, before anything is sent, each target's own limits (the owner's allowedActions: an
 * action it lacks, a parameter it does not take, a number outside its range) — a value out of range refuses the
 * whole command with the reason spoken. Carried out through the command router, one call per target, with the
 * request's context, each target reported as done or failed.
 */
import type { Target } from './home-index.js';
import type { ActionPattern } from './lexicon.js';
import { parameterOf } from './lexicon.js';
import type { PatternMatch } from './match.js';
import { answer, RANK, unresolved, type Plan, type PlanDeps } from './plan.js';
import type { IntentReply, IntentTarget } from './reply.js';
import { resolveTargets } from './resolve.js';
import { fill, joined, names } from './speech.js';
import { spokenNumber, parameterValue, type Value } from './values.js';

const entityTarget = (t: Target): IntentTarget => ({ name: t.name, type: 'entity', id: t.entity_id });

interface Call {
  readonly target: Target;
  readonly domain: string;
  readonly action: string;
}

export function planAction(deps: PlanDeps, match: PatternMatch): Plan | undefined {
  const { template, action } = match.pattern as ActionPattern;
  const { lexicon, index } = deps;
  const values = new Map<string, Value>();
  for (const name of action.parameters) {
    const param = parameterOf(template, name);
    const words = match.slots.get(name);
    const value = param && words ? parameterValue(lexicon, index, template, param, words) : undefined;
    if (!value) return undefined; // this phrase does not fit what was said
    values.set(name, value);
  }
  const resolution = resolveTargets(
    index,
    lexicon,
    match.slots.get('name'),
    match.slots.get('area'),
    deps.speakerArea,
    {
      domains: template.device_types,
      deviceClasses: action.device_classes.length > 0 ? action.device_classes : template.device_classes,
      wholeArea: action.whole_area,
    },
    deps.memo,
  );
  if (resolution.kind === 'ambiguous')
    return {
      ...unresolved(deps, resolution),
      options: resolution.options,
      choose: (chosen) => planTargets(deps, match.pattern as ActionPattern, values, chosen, null),
    };
  if (resolution.kind !== 'targets') return unresolved(deps, resolution);
  return planTargets(
    deps,
    match.pattern as ActionPattern,
    values,
    resolution.targets,
    resolution.area,
    resolution.score,
  );
}

/** The plan for an action on targets found: each target's limits checked, then one call each. */
function planTargets(
  deps: PlanDeps,
  pattern: ActionPattern,
  values: ReadonlyMap<string, Value>,
  targets: readonly Target[],
  area: string | null,
  score = 3,
): Plan {
  const { template, action } = pattern;
  const { lexicon, commands } = deps;
  const { responses } = lexicon.file;
  const resolution = { targets, area, score };

  const data: Record<string, unknown> = { ...action.data };
  for (const [name, value] of values) data[parameterOf(template, name)?.data_key ?? name] = value.data;
  const spoken: Record<string, string> = Object.fromEntries([...values].map(([k, v]) => [k, v.spoken]));
  const calls: Call[] = [];
  const unsupported: Target[] = [];
  for (const target of resolution.targets) {
    const [domainPart, actionName] = action.action.split('.') as [string, string];
    const domain = domainPart === '{domain}' ? target.domain : domainPart;
    let spec: ReturnType<typeof commands.allowedActions>[string] | undefined;
    try {
      spec = commands.allowedActions(target.entity_id)[actionName];
    } catch {
      spec = undefined;
    }
    const takes = spec !== undefined && Object.keys(data).every((k) => spec?.params[k] !== undefined);
    if (!takes || spec === undefined) {
      unsupported.push(target);
      continue;
    }
    for (const [name, value] of values) {
      const param = parameterOf(template, name);
      const ps = spec.params[param?.data_key ?? name];
      if (value.number === undefined || ps?.type !== 'number' || param?.type !== 'number') continue;
      const min = ps.min ?? param.min_value;
      const max = ps.max ?? param.max_value;
      if ((min !== undefined && value.number < min) || (max !== undefined && value.number > max)) {
        const speech = fill(responses.out_of_range, {
          value: value.spoken,
          target: target.name,
          min: min === undefined ? '' : spokenNumber(min),
          max: max === undefined ? '' : spokenNumber(max),
          unit: ps.unit ?? '',
        });
        return { rank: RANK.refused, run: answer({ response_type: 'error', code: 'failed_to_handle', speech }) };
      }
    }
    calls.push({ target, domain, action: actionName });
  }
  const understood = {
    intent: `${template.intent_prefix}.${action.action_type}`,
    action: action.action,
    entities: resolution.targets.map((t) => t.entity_id),
    area: resolution.area,
    data,
  };
  if (calls.length === 0) {
    const speech = fill(responses.not_supported, {
      target: joined(responses, names(unsupported), 'or'),
      action: action.action_type.replaceAll('_', ' '),
    });
    return {
      rank: RANK.refused,
      run: answer({ response_type: 'error', code: 'failed_to_handle', speech, understood }),
    };
  }
  return {
    rank: RANK.done + resolution.score,
    async run(): Promise<IntentReply> {
      const success: Target[] = [];
      const failed: Target[] = [...unsupported];
      let error = '';
      for (const call of calls) {
        try {
          await commands.execute({
            domain: call.domain,
            action: call.action,
            entity_id: call.target.entity_id,
            data,
            context: deps.context,
          });
          success.push(call.target);
        } catch (err) {
          failed.push(call.target);
          error ||= err instanceof Error ? err.message : String(err);
        }
      }
      if (success.length === 0) {
        const speech = fill(responses.failed, { target: joined(responses, names(failed), 'and'), error });
        return { response_type: 'error', code: 'failed_to_handle', speech, understood };
      }
      const targets: IntentTarget[] = [
        ...(resolution.area ? [{ name: resolution.area, type: 'area' as const, id: resolution.area }] : []),
        ...success.map(entityTarget),
      ];
      return {
        response_type: 'action_done',
        speech: fill(action.response, { targets: joined(responses, names(success), 'and'), ...spoken }),
        targets,
        success: success.map(entityTarget),
        failed: failed.map(entityTarget),
        understood,
      };
    },
  };
}
