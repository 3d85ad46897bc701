/**
 * The action steps that hold no steps: delay, wait_template, wait_for_trigger, event, variables, stop and the
 * `scene:` shorthand (Home Assistant's activate_scene step, a `scene.turn_on` call). `actions.ts` dispatches to them.
 */
import { z } from 'zod';
import { actionCommon, type CallAction } from './call-action.js';
import { fields, isTemplate, report } from './fields.js';
import { triggerList } from './triggers.js';
import { duration, haBoolean, haString, template, variablesSchema } from './values.js';

export const delay = fields('delay action', { ...actionCommon, delay: duration }).transform((a) => ({
  kind: 'delay' as const,
  ...a,
}));

export const waitTemplate = fields('wait_template action', {
  ...actionCommon,
  wait_template: template,
  timeout: duration.optional(),
  continue_on_timeout: haBoolean.default(true),
}).transform((a) => ({ kind: 'wait_template' as const, ...a }));

export const waitForTrigger = fields('wait_for_trigger action', {
  ...actionCommon,
  wait_for_trigger: triggerList,
  timeout: duration.optional(),
  continue_on_timeout: haBoolean.default(true),
})
  .superRefine((a, ctx) => {
    if (a.wait_for_trigger.length === 0) report(ctx, 'needs at least one trigger', ['wait_for_trigger']);
  })
  .transform((a) => ({ kind: 'wait_for_trigger' as const, ...a }));

export const fireEvent = fields(
  'event action',
  {
    ...actionCommon,
    event: haString,
    event_data: variablesSchema.optional(),
    event_data_template: variablesSchema.optional(),
  },
  { quiet: ['event_data_template'] },
).transform(({ event_data, event_data_template, ...a }) => ({
  kind: 'event' as const,
  ...a,
  event_data: { ...(event_data ?? {}), ...(event_data_template ?? {}) },
}));

export const setVariables = fields('variables action', { ...actionCommon, variables: variablesSchema }).transform(
  (a) => ({
    kind: 'variables' as const,
    ...a,
  }),
);

export const stop = fields('stop action', {
  ...actionCommon,
  stop: haString,
  error: haBoolean.default(false),
  response_variable: haString.optional(),
}).transform((a) => ({ kind: 'stop' as const, ...a }));

/** `- scene: scene.movie_night`: Home Assistant's activate_scene step, which performs `scene.turn_on` on it. */
export const sceneStep = fields(
  'scene action',
  { ...actionCommon, scene: haString, metadata: z.unknown().optional() },
  { quiet: ['metadata'] },
)
  .superRefine((a, ctx) => {
    if (!isTemplate(a.scene) && !/^scene\.[a-z0-9_]+$/.test(a.scene.trim().toLowerCase()))
      report(ctx, `expected a scene entity id (scene.<name>), got '${a.scene}'`, ['scene']);
  })
  .transform(
    (a): CallAction => ({
      kind: 'call',
      ...(a.alias !== undefined ? { alias: a.alias } : {}),
      enabled: a.enabled,
      continue_on_error: a.continue_on_error,
      action: 'scene.turn_on',
      target: { entity_id: [isTemplate(a.scene) ? a.scene : a.scene.trim().toLowerCase()] },
      data: {},
    }),
  );
