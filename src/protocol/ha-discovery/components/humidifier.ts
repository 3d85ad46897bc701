/**
 * MQTT humidifier (mqtt/humidifier.py): `command_topic` and `target_humidity_command_topic` required;
 * payload_on/off 'ON'/'OFF'; device_class 'humidifier' (or 'dehumidifier', or null); min_humidity 0 and
 * max_humidity 100 (min < max ≤ 100); `modes` and `mode_command_topic` only together, and the modes must not
 * contain payload_reset_mode; payload_reset_humidity / payload_reset_mode 'None'.
 * State 'on'/'off' ('None' → unknown). Attributes as HumidifierEntity shows them: min/max_humidity, and with
 * modes available_modes and mode; humidity, current_humidity (rounded like Python, 0–100) and action once
 * known, action showing 'off' while the humidifier is not on. Target humidities outside min..max are
 * ignored. Each of state, target humidity and mode is optimistic without its state topic (or `optimistic`).
 * The parsed config keeps the modes under `available_modes` (only set when a mode command topic is there).
 */
import { z } from 'zod';
import {
  checkAvailabilityExclusive,
  entityCommonShape,
  haFloat,
  haString,
  oneOf,
  publishTopic,
  readWriteShape,
  stringList,
  subscribeTopic,
  templateSchema,
} from '../common-schema.js';
import type { ActionSpec, CommandResult, EntityState, PlatformModule, StateUpdate } from './platform.js';
import {
  attachTemplates,
  definePlatform,
  optimisticByStateTopic,
  PAYLOAD_NONE,
  parsePyFloat,
  publishMsg,
  pyRound,
  renderCommand,
  renderValue,
  type TopicHandler,
} from './shared.js';

const HUMIDIFIER_ACTIONS = ['off', 'humidifying', 'drying', 'idle'];
const nonNegative = haFloat.refine((n) => n >= 0, 'expected a number of at least 0');
const TEMPLATES = [
  'command_template',
  'target_humidity_command_template',
  'mode_command_template',
  'state_value_template',
  'action_template',
  'current_humidity_template',
  'target_humidity_state_template',
  'mode_state_template',
] as const;

const schema = z
  .object({
    ...entityCommonShape,
    ...readWriteShape,
    ...(Object.fromEntries(TEMPLATES.map((k) => [k, templateSchema.optional()])) as Record<
      (typeof TEMPLATES)[number],
      z.ZodOptional<typeof templateSchema>
    >),
    action_topic: subscribeTopic.optional(),
    current_humidity_topic: subscribeTopic.optional(),
    target_humidity_state_topic: subscribeTopic.optional(),
    target_humidity_command_topic: publishTopic,
    mode_state_topic: subscribeTopic.optional(),
    mode_command_topic: publishTopic.optional(),
    modes: stringList.optional(),
    device_class: oneOf(['humidifier', 'dehumidifier'] as const)
      .nullable()
      .default('humidifier'),
    payload_on: haString.default('ON'),
    payload_off: haString.default('OFF'),
    min_humidity: nonNegative.default(0),
    max_humidity: nonNegative.default(100),
    payload_reset_humidity: haString.default('None'),
    payload_reset_mode: haString.default('None'),
  })
  .superRefine(checkAvailabilityExclusive)
  .superRefine((c, ctx) => {
    const add = (message: string): void => ctx.addIssue({ code: 'custom', message });
    if ((c.modes === undefined) !== (c.mode_command_topic === undefined)) {
      add("'modes' and 'mode_command_topic' must be used together");
    }
    if (c.min_humidity >= c.max_humidity) add("'max_humidity' must be greater than 'min_humidity'");
    if (c.max_humidity > 100) add("'max_humidity' must be at most 100");
    if (c.modes?.includes(c.payload_reset_mode)) add("'modes' must not contain 'payload_reset_mode'");
  })
  .transform(({ modes, ...c }) => ({ ...c, available_modes: c.mode_command_topic === undefined ? [] : (modes ?? []) }))
  .transform(attachTemplates([...TEMPLATES]));

export type HumidifierConfig = z.output<typeof schema>;

const supportsModes = (c: HumidifierConfig): boolean => c.available_modes.length > 0;
const humidityOptimistic = (c: HumidifierConfig): boolean =>
  c.optimistic || c.target_humidity_state_topic === undefined;
const modeOptimistic = (c: HumidifierConfig): boolean => c.optimistic || c.mode_state_topic === undefined;

/** HumidifierEntity shows `action` as 'off' unless the humidifier is on. */
const shownAction = (state: string, action: string): string => (state === 'on' ? action : 'off');

/** A new on/off state; a known action turns to 'off' with it. */
function power(state: string, current: EntityState): StateUpdate {
  const action = current.attributes.action;
  return typeof action === 'string' && state !== 'on' ? { state, attributes: { action: 'off' } } : { state };
}

/** Python's round(float(v)), or undefined where float() raises. */
function roundedHumidity(v: string): number | undefined {
  const n = parsePyFloat(v);
  return n === undefined ? undefined : pyRound(n);
}

const handlers: TopicHandler<HumidifierConfig>[] = [
  {
    key: 'state_topic',
    handle: (c, payload, current) => {
      const v = renderValue(c.templates.state_value_template, payload);
      if (!v) return null;
      if (v === c.payload_on) return power('on', current);
      if (v === c.payload_off) return power('off', current);
      return v === PAYLOAD_NONE ? power('unknown', current) : null;
    },
  },
  {
    key: 'action_topic',
    handle: (c, payload, current) => {
      const v = renderValue(c.templates.action_template, payload);
      if (!v || v === PAYLOAD_NONE || !HUMIDIFIER_ACTIONS.includes(v)) return null;
      return { attributes: { action: shownAction(current.state, v) } };
    },
  },
  {
    key: 'current_humidity_topic',
    handle: (c, payload) => {
      const v = renderValue(c.templates.current_humidity_template, payload);
      if (v === c.payload_reset_humidity) return { attributes: { current_humidity: null } };
      const h = v ? roundedHumidity(v) : undefined;
      return h === undefined || h < 0 || h > 100 ? null : { attributes: { current_humidity: h } };
    },
  },
  {
    key: 'target_humidity_state_topic',
    handle: (c, payload) => {
      const v = renderValue(c.templates.target_humidity_state_template, payload);
      if (!v) return null;
      if (v === c.payload_reset_humidity) return { attributes: { humidity: null } };
      const h = roundedHumidity(v);
      return h === undefined || h < c.min_humidity || h > c.max_humidity ? null : { attributes: { humidity: h } };
    },
  },
  {
    key: 'mode_state_topic',
    handle: (c, payload) => {
      const v = renderValue(c.templates.mode_state_template, payload);
      if (v === undefined || !supportsModes(c)) return null;
      if (v === c.payload_reset_mode) return { attributes: { mode: null } };
      return v && c.available_modes.includes(v) ? { attributes: { mode: v } } : null;
    },
  },
];

function initialState(c: HumidifierConfig): EntityState {
  const attributes: Record<string, unknown> = { min_humidity: c.min_humidity, max_humidity: c.max_humidity };
  if (supportsModes(c)) Object.assign(attributes, { available_modes: c.available_modes, mode: null });
  return { state: 'unknown', attributes };
}

function actions(c: HumidifierConfig): Record<string, ActionSpec> {
  // set_humidity: vol.Coerce(int), 0–100, then min_humidity..max_humidity
  const range = { min: c.min_humidity, max: c.max_humidity };
  const humidity = { type: 'number', ...range, integer: true, unit: '%', required: true } as const;
  const out: Record<string, ActionSpec> = {
    turn_on: { description: 'Turn on', params: {} },
    turn_off: { description: 'Turn off', params: {} },
    toggle: { description: 'Toggle', params: {} },
    set_humidity: { description: 'Set the target humidity', params: { humidity } },
  };
  if (supportsModes(c)) {
    const mode = { type: 'string', options: c.available_modes, required: true } as const;
    out.set_mode = { description: 'Set the mode', params: { mode } };
  }
  return out;
}

function command(
  c: HumidifierConfig,
  action: string,
  data: Record<string, unknown>,
  current: EntityState,
): CommandResult {
  if (action === 'set_humidity') {
    const humidity = data.humidity as number;
    const payload = renderCommand(c.templates.target_humidity_command_template, humidity);
    return {
      publish: [publishMsg(c, c.target_humidity_command_topic, payload)],
      optimistic: humidityOptimistic(c) ? { attributes: { humidity } } : null,
    };
  }
  if (action === 'set_mode') {
    const mode = data.mode as string;
    return {
      publish: [publishMsg(c, c.mode_command_topic ?? '', renderCommand(c.templates.mode_command_template, mode))],
      optimistic: modeOptimistic(c) ? { attributes: { mode } } : null,
    };
  }
  // ToggleEntity.async_toggle: turn off when on, else turn on
  const on = action === 'turn_on' || (action === 'toggle' && current.state !== 'on');
  const payload = renderCommand(c.templates.command_template, on ? c.payload_on : c.payload_off);
  return {
    publish: [publishMsg(c, c.command_topic, payload)],
    optimistic: optimisticByStateTopic(c) ? power(on ? 'on' : 'off', current) : null,
  };
}

export const humidifierPlatform: PlatformModule<HumidifierConfig> = definePlatform<HumidifierConfig>({
  domain: 'humidifier',
  schema,
  optimistic: optimisticByStateTopic,
  attributesBlocked: ['humidity', 'max_humidity', 'min_humidity', 'mode', 'available_modes'],
  initialState,
  handlers,
  actions,
  command,
});
