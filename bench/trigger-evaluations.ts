// What noting a trigger's evaluations costs ("why didn't it fire?", src/automations/evaluations.ts): a state trigger
// `to: "on"` armed twice, once with its automation's ring and once without (as a wait_for_trigger is), handed the
// same 64 changes that do not match (off ↔ unavailable) over and over, in one process; and the ring's `add` alone.
// Timed passes alternate between them (the machine is shared: the best pass is reported, in ns per evaluation).
// Not part of `npm test` or `npm run bench`. Run from the repository root:
//   npx tsc -p tsconfig.build.json && node dist/bench/trigger-evaluations.js
import type { Context } from '../src/core/context.js';
import type { State } from '../src/core/state.js';
import { TriggerEvaluations, Why } from '../src/automations/evaluations.js';
import type { Trigger } from '../src/automations/model.js';
import type { StateChange } from '../src/automations/trigger-index.js';
import { armState } from '../src/automations/triggers/state.js';
import type { TriggerRuntime } from '../src/automations/triggers/types.js';

const N = Number(process.env.N ?? 5_000_000);
const PASSES = Number(process.env.PASSES ?? 15);
const ENTITY = 'binary_sensor.door';

/** the state trigger's listener, as the trigger index would call it */
function armed(evaluations: TriggerEvaluations | undefined): (change: StateChange) => void {
  let listener: ((change: StateChange) => void) | undefined;
  // only what an unmatched change reaches: the index's watchEntity and the clock
  const runtime = {
    index: {
      watchEntity: (_id: string, l: (change: StateChange) => void) => {
        listener = l;
        return () => true;
      },
    },
    clock: { now: () => new Date() },
  } as unknown as TriggerRuntime;
  const trigger = { trigger: 'state', enabled: true, entity_id: [ENTITY], to: ['on'] } as Trigger & {
    trigger: 'state';
  };
  armState(trigger, { idx: 0, id: '0', alias: null, platform: 'state', evaluations }, runtime, {}, () => undefined);
  if (!listener) throw new Error('the trigger did not watch its entity');
  return listener;
}

const context: Context = { id: 'bench', parent_id: null, user_id: null } as unknown as Context;
const state = (value: string, at: string): State => ({
  entity_id: ENTITY,
  state: value,
  attributes: {},
  last_changed: at,
  last_updated: at,
  last_reported: at,
  context,
});
const changes: StateChange[] = Array.from({ length: 64 }, (_, i) => {
  const at = new Date(1e12 + i * 1000).toISOString();
  const [from, to] = i % 2 ? ['off', 'unavailable'] : ['unavailable', 'off'];
  return { entity_id: ENTITY, old_state: state(from, at), new_state: state(to, at), context };
});

/** ns per call of `listener` over N changes (one loop per listener: a shared loop would make its call polymorphic) */
function evaluations(listener: (change: StateChange) => void): number {
  const start = process.hrtime.bigint();
  for (let i = 0; i < N; i++) listener(changes[i & 63] as StateChange);
  return Number(process.hrtime.bigint() - start) / N;
}

function adds(ring: TriggerEvaluations): number {
  const start = process.hrtime.bigint();
  for (let i = 0; i < N; i++) {
    const c = changes[i & 63] as StateChange;
    ring.add(0, c.entity_id, c.old_state?.state, c.new_state?.state, Why.toMismatch, null, ENTITY);
  }
  return Number(process.hrtime.bigint() - start) / N;
}

const without = armed(undefined);
const withRing = armed(new TriggerEvaluations());
const ring = new TriggerEvaluations();
const best = { without: Infinity, with: Infinity, add: Infinity };
for (let pass = 0; pass < PASSES; pass++) {
  best.without = Math.min(best.without, evaluations(without));
  best.with = Math.min(best.with, evaluations(withRing));
  best.add = Math.min(best.add, adds(ring));
}
const ns = (n: number) => `${n.toFixed(1)} ns`;
console.log(
  `unmatched state-trigger evaluation: ${ns(best.without)} without the ring, ${ns(best.with)} with it ` +
    `(+${ns(best.with - best.without)}); TriggerEvaluations.add alone ${ns(best.add)}`,
);
