/**
 * MQTT valve (mqtt/valve.py + valve/__init__.py). No key is required. Two kinds:
 * - a plain valve (`reports_position: false`): states state_open 'open', state_closed 'closed', state_opening
 *   'opening', state_closing 'closing' ('None' resets), or JSON `{"state": …}`; open/close publish
 *   payload_open 'OPEN' / payload_close 'CLOSE' (null removes the action);
 * - a positioning valve: numeric positions scaled from (position_closed + 1 … position_open) to 0–100 and
 *   clamped, the states opening/closing, or JSON `{"position": …, "state": …}`; open/close/set_valve_position
 *   publish the scaled position. payload_open/close and state_open/closed are refused in this mode.
 * stop_valve exists only with payload_stop (no default). Everything goes through `command_template` (with
 * `position`, `position_open`, `position_closed` for positions). Optimistic without a state topic.
 */
import { z } from 'zod';
import { isJsonObject } from '../abbreviations.js';
import {
  checkAvailabilityExclusive,
  entityCommonShape,
  haBoolean,
  haString,
  oneOf,
  publishTopic,
  strictInt,
  subscribeTopic,
  templateSchema,
} from '../common-schema.js';
import { percentageToRangedValue, rangedValueToPercentage } from './color.js';
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
} from './shared.js';

const NO_POSITION_KEYS = ['payload_open', 'payload_close', 'state_open', 'state_closed'] as const;

/** DEVICE_CLASSES_SCHEMA: lower-cased, then one of the valve device classes (or null). */
const deviceClass = z.preprocess(
  (v) => (typeof v === 'string' ? v.toLowerCase() : v),
  oneOf(['water', 'gas'] as const),
);

const schema = z
  .object({
    ...entityCommonShape,
    command_topic: publishTopic.optional(),
    command_template: templateSchema.optional(),
    device_class: deviceClass.nullable().optional(),
    optimistic: haBoolean.default(false),
    payload_close: haString.nullable().optional(),
    payload_open: haString.nullable().optional(),
    payload_stop: haString.nullable().optional(),
    position_closed: strictInt.default(0),
    position_open: strictInt.default(100),
    reports_position: haBoolean.default(false),
    retain: haBoolean.default(false),
    state_closed: haString.optional(),
    state_closing: haString.default('closing'),
    state_open: haString.optional(),
    state_opening: haString.default('opening'),
    state_topic: subscribeTopic.optional(),
    value_template: templateSchema.optional(),
  })
  .superRefine(checkAvailabilityExclusive)
  .superRefine((c, ctx) => {
    // `key in config`: an explicit null counts too
    if (c.reports_position && NO_POSITION_KEYS.some((k) => c[k] !== undefined)) {
      ctx.addIssue({
        code: 'custom',
        message:
          'Options `payload_open`, `payload_close`, `state_open` and `state_closed` are not allowed if the valve ' +
          'reports a position.',
      });
    }
  })
  // _validate_and_add_defaults: {**DEFAULTS, **config}, so an explicit null payload stays null
  .transform((c) => ({
    ...c,
    payload_open: c.payload_open === undefined ? 'OPEN' : c.payload_open,
    payload_close: c.payload_close === undefined ? 'CLOSE' : c.payload_close,
    state_open: c.state_open ?? 'open',
    state_closed: c.state_closed ?? 'closed',
  }))
  .transform(attachTemplates(['command_template', 'value_template']));

export type ValveConfig = z.output<typeof schema>;

type Moving = 'opening' | 'closing' | null;
const range = (c: ValveConfig): [number, number] => [c.position_closed + 1, c.position_open];
const templateVars = (c: ValveConfig) => ({ position_open: c.position_open, position_closed: c.position_closed });
const movingOf = (s: EntityState): Moving => (s.state === 'opening' || s.state === 'closing' ? s.state : null);
const positionOf = (s: EntityState): number | null =>
  typeof s.attributes.current_position === 'number' ? s.attributes.current_position : null;

/** ValveEntity.state for a positioning valve: moving first, else closed at 0, open above, unknown without. */
function positionUpdate(moving: Moving, position: number | null): StateUpdate {
  const state = moving ?? (position === null ? 'unknown' : position === 0 ? 'closed' : 'open');
  return { state, attributes: { current_position: position } };
}

/** Python's float(): a number, 'error' for ValueError (message goes on) or 'abort' (the message fails). */
function pyFloat(v: unknown): number | 'error' | 'abort' {
  if (typeof v === 'number') return v;
  if (typeof v === 'boolean') return v ? 1 : 0;
  if (typeof v !== 'string') return 'abort';
  // inf overflows int() in ranged_value_to_percentage, which is not caught; nan is caught as ValueError
  if (/^\s*[+-]?inf(inity)?\s*$/i.test(v)) return 'abort';
  return parsePyFloat(v) ?? 'error';
}

function binaryState(c: ValveConfig, statePayload: unknown): StateUpdate | null {
  const states: [string, string][] = [
    [c.state_opening, 'opening'],
    [c.state_closing, 'closing'],
    [c.state_open, 'open'],
    [c.state_closed, 'closed'],
    [PAYLOAD_NONE, 'unknown'],
  ];
  const hit = states.find(([payload]) => payload === statePayload);
  return hit ? { state: hit[1] } : null;
}

function positionState(c: ValveConfig, positionPayload: unknown, statePayload: unknown, current: EntityState) {
  let moving: Moving | undefined;
  if (statePayload === c.state_opening) moving = 'opening';
  else if (statePayload === c.state_closing) moving = 'closing';
  else if (statePayload === PAYLOAD_NONE) return positionUpdate(movingOf(current), null);
  let position = positionOf(current);
  let positionSet = false;
  if (moving === undefined || positionPayload !== statePayload) {
    const n = pyFloat(positionPayload);
    if (n === 'abort') return null;
    if (n !== 'error') {
      position = Math.min(Math.max(rangedValueToPercentage(range(c), n), 0), 100);
      positionSet = true;
      // fully open or closed ends opening/closing
      if (moving === undefined && (position === 0 || position === 100)) moving = null;
    }
  }
  // neither a moving state nor a number (HA warns when the payload was not empty)
  if (moving === undefined && !positionSet) return null;
  return positionUpdate(moving === undefined ? movingOf(current) : moving, position);
}

function stateUpdate(c: ValveConfig, payload: string, current: EntityState): StateUpdate | null {
  const rendered = renderValue(c.templates.value_template, payload, templateVars(c));
  if (!rendered) return null;
  let positionPayload: unknown = rendered;
  let statePayload: unknown = rendered;
  let parsed: unknown;
  try {
    parsed = JSON.parse(rendered);
  } catch {
    parsed = undefined;
  }
  if (isJsonObject(parsed)) {
    if (c.reports_position && !('position' in parsed)) return null;
    if (!c.reports_position && !('state' in parsed)) return null;
    positionPayload = parsed.position ?? null;
    statePayload = parsed.state ?? null;
  }
  return c.reports_position ? positionState(c, positionPayload, statePayload, current) : binaryState(c, statePayload);
}

function setPosition(c: ValveConfig, position: number): CommandResult {
  const scaled = pyRound(percentageToRangedValue(range(c), position));
  const payload = renderCommand(c.templates.command_template, scaled, { position, ...templateVars(c) });
  return {
    publish: [publishMsg(c, c.command_topic ?? '', payload)],
    optimistic: optimisticByStateTopic(c) ? positionUpdate(null, position) : null,
  };
}

function move(c: ValveConfig, open: boolean): CommandResult {
  if (c.reports_position) return setPosition(c, open ? 100 : 0);
  const payload = renderCommand(c.templates.command_template, open ? c.payload_open : c.payload_close);
  return {
    publish: [publishMsg(c, c.command_topic ?? '', payload)],
    optimistic: optimisticByStateTopic(c) ? { state: open ? 'open' : 'closed' } : null,
  };
}

function stop(c: ValveConfig): CommandResult {
  const payload = renderCommand(c.templates.command_template, c.payload_stop);
  return { publish: [publishMsg(c, c.command_topic ?? '', payload)], optimistic: null };
}

function command(c: ValveConfig, action: string, data: Record<string, unknown>, current: EntityState): CommandResult {
  switch (action) {
    case 'open_valve':
      return move(c, true);
    case 'close_valve':
      return move(c, false);
    case 'stop_valve':
      return stop(c);
    case 'set_valve_position':
      return setPosition(c, data.position as number);
    default: {
      // toggle: stop a moving valve (when it can stop), open a closed one, else close
      if (movingOf(current) !== null && actions(c).stop_valve) return stop(c);
      return move(c, current.state === 'closed');
    }
  }
}

function actions(c: ValveConfig): Record<string, ActionSpec> {
  const out: Record<string, ActionSpec> = {};
  if (c.command_topic === undefined) return out;
  const none = {};
  if (c.payload_open !== null) out.open_valve = { description: 'Open', params: none };
  if (c.payload_close !== null) out.close_valve = { description: 'Close', params: none };
  if (c.payload_stop != null) out.stop_valve = { description: 'Stop', params: none };
  if (c.reports_position) {
    const position = { type: 'number' as const, min: 0, max: 100, integer: true, unit: '%', required: true };
    out.set_valve_position = { description: 'Move to a position (0 = closed, 100 = open)', params: { position } };
  }
  if (out.open_valve && out.close_valve) {
    out.toggle = { description: 'Stop if moving, open if closed, else close', params: none };
  }
  return out;
}

export const valvePlatform: PlatformModule<ValveConfig> = definePlatform<ValveConfig>({
  domain: 'valve',
  schema,
  optimistic: optimisticByStateTopic,
  attributesBlocked: ['current_position'],
  initialState: (c) => ({ state: 'unknown', attributes: c.reports_position ? { current_position: null } : {} }),
  handlers: [{ key: 'state_topic', handle: stateUpdate }],
  actions,
  command,
});
