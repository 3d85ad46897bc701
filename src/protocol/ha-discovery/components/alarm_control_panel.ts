/**
 * MQTT alarm control panel (mqtt/alarm_control_panel.py + alarm_control_panel/__init__.py).
 * `state_topic` and `command_topic` are required. The state is one of the ten alarm states ('None' resets it
 * to unknown, empty payloads are ignored, anything else is ignored). Actions follow `supported_features`
 * (default: all six); alarm_disarm is always there. Commands render `command_template` (default
 * `{{action}}`) with the variables `action` and `code`.
 *
 * Code rules, as Home Assistant applies them:
 * - arming without a code (or with an empty one) is refused when `code_arm_required` is true, whether or not
 *   a `code` is configured (the entity's ServiceValidationError);
 * - with a configured `code`, the given code must equal it, unless it is REMOTE_CODE / REMOTE_CODE_TEXT, where
 *   any non-empty code passes; the check is skipped when the matching code_*_required option is false.
 *   Home Assistant logs "Wrong code entered" and publishes nothing; here the action is refused (CommandError).
 * - disarm turns an empty code into none; trigger passes the code through as given.
 */
import { z } from 'zod';
import {
  checkAvailabilityExclusive,
  entityCommonShape,
  haBoolean,
  haString,
  publishTopic,
  subscribeTopic,
  templateSchema,
} from '../common-schema.js';
import { CommandError, type ActionSpec, type EntityState, type PlatformModule } from './platform.js';
import { attachTemplates, definePlatform, PAYLOAD_NONE, publishMsg, renderCommand, renderValue } from './shared.js';

const FEATURES = ['arm_home', 'arm_away', 'arm_night', 'arm_vacation', 'arm_custom_bypass', 'trigger'] as const;
type Feature = (typeof FEATURES)[number];

/** `[vol.In(_SUPPORTED_FEATURES)]`: a list (a single string is refused) of known feature names. */
const featureList = z.transform((v: unknown, ctx): Feature[] => {
  const ok = Array.isArray(v) && v.every((f) => typeof f === 'string' && (FEATURES as readonly string[]).includes(f));
  if (!ok) {
    ctx.addIssue({ code: 'custom', message: `expected a list of features out of ${FEATURES.join(', ')}` });
    return z.NEVER;
  }
  return v as Feature[];
});

const schema = z
  .object({
    ...entityCommonShape,
    supported_features: featureList.default([...FEATURES]),
    code: haString.optional(),
    code_arm_required: haBoolean.default(true),
    code_disarm_required: haBoolean.default(true),
    code_trigger_required: haBoolean.default(true),
    command_template: templateSchema.default('{{action}}'),
    command_topic: publishTopic,
    payload_arm_away: haString.default('ARM_AWAY'),
    payload_arm_home: haString.default('ARM_HOME'),
    payload_arm_night: haString.default('ARM_NIGHT'),
    payload_arm_vacation: haString.default('ARM_VACATION'),
    payload_arm_custom_bypass: haString.default('ARM_CUSTOM_BYPASS'),
    payload_disarm: haString.default('DISARM'),
    payload_trigger: haString.default('TRIGGER'),
    retain: haBoolean.default(false),
    state_topic: subscribeTopic,
    value_template: templateSchema.optional(),
  })
  .superRefine(checkAvailabilityExclusive)
  .transform(attachTemplates(['command_template', 'value_template']));

export type AlarmControlPanelConfig = z.output<typeof schema>;

const STATES = [
  'disarmed',
  'armed_home',
  'armed_away',
  'armed_night',
  'armed_vacation',
  'armed_custom_bypass',
  'pending',
  'arming',
  'disarming',
  'triggered',
] as const;
const REMOTE_CODE = 'REMOTE_CODE';
const REMOTE_CODE_TEXT = 'REMOTE_CODE_TEXT';

type Kind = 'arm' | 'disarm' | 'trigger';
type PayloadKey = `payload_${Feature | 'disarm'}`;
/** action → the feature it needs (null: always there), its payload, which code rule applies, description. */
const ACTIONS: Readonly<Record<string, readonly [Feature | null, PayloadKey, Kind, string]>> = {
  alarm_disarm: [null, 'payload_disarm', 'disarm', 'Disarm'],
  alarm_arm_home: ['arm_home', 'payload_arm_home', 'arm', 'Arm (home)'],
  alarm_arm_away: ['arm_away', 'payload_arm_away', 'arm', 'Arm (away)'],
  alarm_arm_night: ['arm_night', 'payload_arm_night', 'arm', 'Arm (night)'],
  alarm_arm_vacation: ['arm_vacation', 'payload_arm_vacation', 'arm', 'Arm (vacation)'],
  alarm_arm_custom_bypass: ['arm_custom_bypass', 'payload_arm_custom_bypass', 'arm', 'Arm (custom bypass)'],
  alarm_trigger: ['trigger', 'payload_trigger', 'trigger', 'Trigger the alarm'],
};

/** AlarmControlPanelEntity.code_format: 'number' for REMOTE_CODE or an all-digit code, else 'text'. */
function codeFormat(c: AlarmControlPanelConfig): 'number' | 'text' | null {
  if (c.code === undefined) return null;
  return c.code === REMOTE_CODE || /^\p{Nd}+$/u.test(c.code) ? 'number' : 'text';
}

/** MqttAlarm._validate_code. */
function codeAccepted(c: AlarmControlPanelConfig, code: string | null): boolean {
  if (c.code === undefined || code === c.code) return true;
  return (c.code === REMOTE_CODE || c.code === REMOTE_CODE_TEXT) && !!code;
}

function command(c: AlarmControlPanelConfig, action: string, data: Record<string, unknown>) {
  const [, payloadKey, kind] = ACTIONS[action] ?? [null, 'payload_disarm', 'disarm', ''];
  const given = typeof data.code === 'string' ? data.code : null;
  // code_or_default_code: an empty code counts as none (there is no default code here); trigger skips it
  const code = kind === 'trigger' ? given : given || null;
  if (kind === 'arm' && code === null && c.code_arm_required) {
    throw new CommandError(`${action}: arming requires a code but none was given`);
  }
  const required = { arm: c.code_arm_required, disarm: c.code_disarm_required, trigger: c.code_trigger_required }[kind];
  if (required && !codeAccepted(c, code)) throw new CommandError(`${action}: wrong code`);
  const payload = renderCommand(c.templates.command_template, null, { action: c[payloadKey], code });
  return { publish: [publishMsg(c, c.command_topic, payload)], optimistic: null };
}

function actions(c: AlarmControlPanelConfig): Record<string, ActionSpec> {
  const params = { code: { type: 'string' as const } };
  const out: Record<string, ActionSpec> = {};
  for (const [name, [feature, , , description]] of Object.entries(ACTIONS)) {
    if (feature === null || c.supported_features.includes(feature)) out[name] = { description, params };
  }
  return out;
}

export const alarmControlPanelPlatform: PlatformModule<AlarmControlPanelConfig> =
  definePlatform<AlarmControlPanelConfig>({
    domain: 'alarm_control_panel',
    schema,
    optimistic: () => false,
    attributesBlocked: ['changed_by', 'code_arm_required', 'code_format'],
    initialState: (c): EntityState => ({
      state: 'unknown',
      attributes: { code_format: codeFormat(c), changed_by: null, code_arm_required: c.code_arm_required },
    }),
    handlers: [
      {
        key: 'state_topic',
        handle: (c, payload) => {
          const rendered = renderValue(c.templates.value_template, payload);
          if (rendered === undefined || rendered.trim() === '') return null;
          if (rendered === PAYLOAD_NONE) return { state: 'unknown' };
          return (STATES as readonly string[]).includes(rendered) ? { state: rendered } : null;
        },
      },
    ],
    actions,
    command,
  });
