/**
 * One automation: the top-level keys, both spellings (`triggers`/`conditions`/`actions` since
 * Home Assistant 2024.10, `trigger`/`condition`/`action` before), normalised into one model.
 */
import { z } from 'zod';
import { actionList } from './actions.js';
import { conditionList } from './conditions.js';
import { fields, isRecord, report, runInner, unsupportedKey } from './fields.js';
import { triggerList } from './triggers.js';
import { choice, haBoolean, haString, idText, intAtLeast, positiveInt, variablesSchema } from './values.js';

export type {
  Action,
  ActionCommon,
  ChooseAction,
  ChooseOption,
  IfAction,
  ParallelAction,
  RepeatAction,
  RepeatSpec,
  SequenceAction,
} from './actions.js';
export type { CallAction } from './call-action.js';
export type { Condition, LeafCondition, LogicCondition } from './conditions.js';
export type { TimeAt, TimeMatch, Trigger, TriggerType } from './triggers.js';
export type { Duration, Weekday } from './values.js';

/** The issue message zod-based schemas use for an absent required key. */
export const MISSING = 'required key not provided';

const LEGACY = [
  ['triggers', 'trigger'],
  ['conditions', 'condition'],
  ['actions', 'action'],
] as const;

const maxExceeded = choice([
  'silent',
  'critical',
  'fatal',
  'error',
  'warning',
  'warn',
  'info',
  'debug',
  'notset',
]).transform((level) => (level === 'warn' ? 'warning' : level === 'fatal' ? 'critical' : level));

const BLUEPRINT_HINT = 'blueprint files go in blueprints/automation/; an automation uses one with use_blueprint';

const automationFields = fields(
  'automation',
  {
    id: idText.optional(),
    alias: haString.optional(),
    description: haString.optional(),
    mode: choice(['single', 'restart', 'queued', 'parallel']).default('single'),
    max: intAtLeast(2).default(10),
    max_exceeded: maxExceeded.default('warning'),
    initial_state: haBoolean.optional(),
    variables: variablesSchema.default({}),
    trigger_variables: variablesSchema.default({}),
    trace: fields('trace', { stored_traces: positiveInt.default(5) }).optional(),
    triggers: triggerList.optional(),
    trigger: triggerList.optional(),
    conditions: conditionList.optional(),
    condition: conditionList.optional(),
    actions: actionList.optional(),
    action: actionList.optional(),
    // the loader makes an automation with use_blueprint into the one it stands for (adapters/automations)
    use_blueprint: unsupportedKey('use_blueprint is resolved by the loader', BLUEPRINT_HINT),
    blueprint: unsupportedKey('this is a blueprint, not an automation', BLUEPRINT_HINT),
    hide_entity: unsupportedKey("'hide_entity' is no longer part of Home Assistant", 'remove it'),
  },
  { quiet: ['trigger', 'condition', 'action'] },
);

const checked = automationFields
  .superRefine((a, ctx) => {
    // absent lists are reported as missing keys; present but empty ones here
    if ((a.triggers ?? a.trigger)?.length === 0)
      report(ctx, 'an automation needs at least one trigger', [a.triggers ? 'triggers' : 'trigger']);
    if ((a.actions ?? a.action)?.length === 0)
      report(ctx, 'an automation needs at least one action', [a.actions ? 'actions' : 'action']);
  })
  .transform(
    ({
      trigger,
      condition,
      action,
      triggers,
      conditions,
      actions,
      use_blueprint: _u,
      blueprint: _b,
      hide_entity: _h,
      ...rest
    }) => ({
      ...rest,
      triggers: triggers ?? trigger ?? [],
      conditions: conditions ?? condition ?? [],
      actions: actions ?? action ?? [],
    }),
  );

/** Checks the keys as written (both spellings, required keys), then every field. */
export const automationSchema = z.unknown().transform((raw, ctx) => {
  if (isRecord(raw)) {
    for (const [plural, legacy] of LEGACY) {
      if (plural in raw && legacy in raw)
        report(ctx, `Cannot specify both '${legacy}' and '${plural}'. Please use '${plural}' only.`, [legacy]);
    }
    if (!('triggers' in raw) && !('trigger' in raw)) report(ctx, MISSING, ['triggers']);
    if (!('actions' in raw) && !('action' in raw)) report(ctx, MISSING, ['actions']);
  }
  return runInner(checked, raw, ctx) ?? z.NEVER;
});

/** The normalised model of one automation. */
export type AutomationConfig = z.output<typeof automationSchema>;
