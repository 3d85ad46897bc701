/**
 * The template trigger fires when its template's result turns true (from false). It is rendered again
 * when an entity it reads changes (entity ids found in `states('…')`, `is_state('…')`,
 * `states.domain.object`, …), or every minute when it reads none. With `for`, the result must stay
 * true that long.
 */
import { PyTimedelta } from '../../protocol/template/datetime-value.js';
import { resolveDuration } from '../durations.js';
import type { Trigger } from '../model.js';
import { resultAsBoolean } from '../native.js';
import { after, type Timer } from '../timers.js';
import type { StateChange } from '../trigger-index.js';
import { timeOf, Why } from '../evaluations.js';
import { fireOf, Holds, type ArmFunction } from './types.js';

type TemplateTrigger = Extract<Trigger, { trigger: 'template' }>;

const ENTITY_CALL = /\b(?:states|is_state|state_attr|is_state_attr|has_value)\(\s*['"]([a-z0-9_]+\.[a-z0-9_]+)['"]/g;
const ENTITY_ATTR = /\bstates\.([a-z0-9_]+)\.([a-z0-9_]+)/g;
const MINUTE_MS = 60_000;

/** The entity ids a template visibly reads. */
export function referencedEntities(source: string): string[] {
  const ids = new Set<string>();
  for (const m of source.matchAll(ENTITY_CALL)) if (m[1]) ids.add(m[1]);
  for (const m of source.matchAll(ENTITY_ATTR)) ids.add(`${m[1]}.${m[2]}`);
  return [...ids];
}

export const armTemplate: ArmFunction<TemplateTrigger> = (t, base, rt, vars, fire) => {
  const template = rt.templates.compile(t.value_template);
  const holds = new Holds();
  const truth = (): boolean => {
    try {
      return resultAsBoolean(template.render(vars));
    } catch (err) {
      rt.log.debug('template trigger: render failed', { err: err instanceof Error ? err.message : String(err) });
      return false;
    }
  };
  let last = truth();
  // each evaluation for an entity change is noted ("why didn't it fire?"): the results before and after
  const { evaluations: ev, idx } = base;

  const check = (change: StateChange | null): void => {
    const now = truth();
    const was = last;
    last = now;
    const note = change !== null ? ev : undefined;
    const at = note && change ? timeOf(change, rt.clock) : '';
    if (!now) {
      const held = holds.cancel('template');
      if (held >= 0) note?.add(idx, change?.entity_id ?? '', was, now, Why.waitCancelled, held, at);
      note?.add(idx, change?.entity_id ?? '', was, now, Why.templateFalse, null, at);
      return;
    }
    if (was) {
      note?.add(idx, change?.entity_id ?? '', was, now, Why.templateStillTrue, null, at);
      return;
    }
    const variables = {
      entity_id: change?.entity_id ?? null,
      from_state: change?.old_state ? rt.templates.stateObject(change.old_state) : null,
      to_state: change?.new_state ? rt.templates.stateObject(change.new_state) : null,
      for: null as PyTimedelta | null,
    };
    const cause = change?.context ?? null;
    const entityId = change?.entity_id ?? '';
    if (!t.for) {
      note?.add(idx, entityId, was, now, Why.fired, null, at);
      fire(fireOf(base, 'template', variables, cause));
      return;
    }
    const ms = resolveDuration(t.for, rt.templates, { ...vars, trigger: { ...variables, platform: 'template' } });
    note?.add(idx, entityId, was, now, Why.waiting, ms, at);
    holds.start(
      'template',
      ms,
      () => true,
      () => {
        note?.add(idx, entityId, was, now, Why.heldFired, ms, rt.clock.now().toISOString());
        fire(fireOf(base, 'template', { ...variables, for: new PyTimedelta(ms) }, cause));
      },
    );
  };

  const ids = referencedEntities(t.value_template);
  const offs = ids.map((id) => rt.index.watchEntity(id, check));
  let timer: Timer | undefined;
  const tick = (): void => {
    timer = after(MINUTE_MS, () => {
      check(null);
      tick();
    });
  };
  if (ids.length === 0) tick();
  return {
    stop() {
      for (const off of offs) off();
      timer?.cancel();
      holds.clear();
    },
  };
};
