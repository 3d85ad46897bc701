/**
 * MQTT cover (mqtt/cover.py). No key is required. payload_open 'OPEN', payload_close 'CLOSE',
 * payload_stop 'STOP' (null removes the feature); state_open 'open', state_opening 'opening',
 * state_closed 'closed', state_closing 'closing', state_stopped 'stopped'; position_open 100,
 * position_closed 0; tilt_min 0, tilt_max 100, tilt_opened_value 100, tilt_closed_value 0.
 * Positions are mapped with HA's ranged-value helpers on the range (position_closed + 1, position_open).
 */
import { z } from 'zod';
import { isJsonObject } from '../abbreviations.js';
import {
  checkAvailabilityExclusive,
  entityCommonShape,
  haBoolean,
  haString,
  publishTopic,
  strictInt,
  subscribeTopic,
  templateSchema,
} from '../common-schema.js';
import { percentageToRangedValue, rangedValueToPercentage } from './color.js';
import type { ActionSpec, EntityState, PlatformModule, StateUpdate } from './platform.js';
import {
  attachTemplates,
  definePlatform,
  PAYLOAD_NONE,
  parsePyFloat,
  publishMsg,
  pyRound,
  renderCommand,
  renderValue,
} from './shared.js';

const TEMPLATE_NEEDS: readonly [string, string][] = [
  ['set_position_topic', 'position_topic'],
  ['value_template', 'state_topic'],
  ['position_template', 'position_topic'],
  ['set_position_template', 'set_position_topic'],
  ['tilt_command_template', 'tilt_command_topic'],
  ['tilt_status_template', 'tilt_status_topic'],
];

const schema = z
  .object({
    ...entityCommonShape,
    command_topic: publishTopic.optional(),
    state_topic: subscribeTopic.optional(),
    position_topic: subscribeTopic.optional(),
    set_position_topic: publishTopic.optional(),
    tilt_command_topic: publishTopic.optional(),
    tilt_status_topic: subscribeTopic.optional(),
    value_template: templateSchema.optional(),
    position_template: templateSchema.optional(),
    set_position_template: templateSchema.optional(),
    tilt_command_template: templateSchema.optional(),
    tilt_status_template: templateSchema.optional(),
    device_class: haString.nullable().optional(),
    optimistic: haBoolean.default(false),
    retain: haBoolean.default(false),
    payload_open: haString.nullable().default('OPEN'),
    payload_close: haString.nullable().default('CLOSE'),
    payload_stop: haString.nullable().default('STOP'),
    position_open: strictInt.default(100),
    position_closed: strictInt.default(0),
    state_open: haString.default('open'),
    state_opening: haString.default('opening'),
    state_closed: haString.default('closed'),
    state_closing: haString.default('closing'),
    state_stopped: haString.default('stopped'),
    tilt_min: strictInt.default(0),
    tilt_max: strictInt.default(100),
    tilt_opened_value: strictInt.default(100),
    tilt_closed_value: strictInt.default(0),
    tilt_optimistic: haBoolean.default(false),
  })
  .superRefine(checkAvailabilityExclusive)
  .superRefine((c, ctx) => {
    const rec = c as Record<string, unknown>;
    for (const [key, needs] of TEMPLATE_NEEDS) {
      if (rec[key] !== undefined && rec[needs] === undefined) {
        ctx.addIssue({ code: 'custom', message: `'${key}' must be set together with '${needs}'` });
      }
    }
  })
  .transform(
    attachTemplates([
      'value_template',
      'position_template',
      'set_position_template',
      'tilt_command_template',
      'tilt_status_template',
    ]),
  );

export type CoverConfig = z.output<typeof schema>;

const posRange = (c: CoverConfig): [number, number] => [c.position_closed + 1, c.position_open];
const tiltRange = (c: CoverConfig): [number, number] => [c.tilt_min + 1, c.tilt_max];
const templateVars = (c: CoverConfig): Record<string, number> => ({
  position_open: c.position_open,
  position_closed: c.position_closed,
  tilt_min: c.tilt_min,
  tilt_max: c.tilt_max,
});

export function coverOptimistic(c: CoverConfig): boolean {
  const part = (command: string | undefined, status: string | undefined): boolean =>
    (command === undefined && status === undefined) || (command !== undefined && status === undefined);
  return (
    c.optimistic ||
    (part(c.set_position_topic, c.position_topic) &&
      part(c.command_topic, c.state_topic) &&
      part(c.tilt_command_topic, c.tilt_status_topic))
  );
}
const tiltOptimistic = (c: CoverConfig): boolean => c.tilt_optimistic || c.tilt_status_topic === undefined;

function tiltUpdate(c: CoverConfig, raw: unknown): StateUpdate | null {
  const n = parsePyFloat(String(raw));
  if (n === undefined) return null;
  const value = pyRound(n);
  const inRange = (c.tilt_min <= value && value <= c.tilt_max) || (c.tilt_max <= value && value <= c.tilt_min);
  return inRange ? { attributes: { current_tilt_position: rangedValueToPercentage(tiltRange(c), value) } } : null;
}

function stateUpdate(c: CoverConfig, payload: string, current: EntityState): StateUpdate | null {
  const p = renderValue(c.templates.value_template, payload);
  if (!p) return null;
  if (p === c.state_stopped) {
    if (c.position_topic !== undefined) return { state: current.attributes.current_position === 0 ? 'closed' : 'open' };
    return { state: current.state === 'closed' || current.state === 'closing' ? 'closed' : 'open' };
  }
  const map: [string, string][] = [
    [c.state_opening, 'opening'],
    [c.state_closing, 'closing'],
    [c.state_open, 'open'],
    [c.state_closed, 'closed'],
    [PAYLOAD_NONE, 'unknown'],
  ];
  const hit = map.find(([payloadValue]) => payloadValue === p);
  return hit ? { state: hit[1] } : null;
}

function positionUpdate(c: CoverConfig, payload: string): StateUpdate | null {
  const p = renderValue(c.templates.position_template, payload, templateVars(c));
  if (!p) return null;
  let position: unknown = p;
  let tilt: StateUpdate | null = null;
  try {
    const parsed: unknown = JSON.parse(p);
    if (isJsonObject(parsed) && Object.keys(parsed).length > 0) {
      if (!('position' in parsed)) return null;
      if ('tilt_position' in parsed) tilt = tiltUpdate(c, parsed.tilt_position);
      position = parsed.position;
    }
  } catch {
    // plain number
  }
  const n = parsePyFloat(String(position));
  if (n === undefined) return tilt;
  const pct = Math.min(100, Math.max(0, rangedValueToPercentage(posRange(c), n)));
  const state = c.state_topic === undefined ? { state: pct === 0 ? 'closed' : 'open' } : {};
  return { ...state, attributes: { ...tilt?.attributes, current_position: pct } };
}

function command(c: CoverConfig, action: string, data: Record<string, unknown>, current: EntityState) {
  const vars = templateVars(c);
  const opt = coverOptimistic(c);
  const move = (payload: string | null, state: string, pos: number) => ({
    publish: [publishMsg(c, c.command_topic ?? '', payload ?? '')],
    optimistic: opt ? { state, ...(c.position_topic ? { attributes: { current_position: pos } } : {}) } : null,
  });
  const tilt = (value: number, percent: number, templateValue: number) => ({
    publish: [
      publishMsg(
        c,
        c.tilt_command_topic ?? '',
        renderCommand(c.templates.tilt_command_template, templateValue, { ...vars, tilt_position: value }),
      ),
    ],
    optimistic: tiltOptimistic(c) ? { attributes: { current_tilt_position: percent } } : null,
  });
  switch (action) {
    case 'open_cover':
      return move(c.payload_open, 'open', 100);
    case 'close_cover':
      return move(c.payload_close, 'closed', 0);
    case 'toggle':
      return current.state === 'closed' ? move(c.payload_open, 'open', 100) : move(c.payload_close, 'closed', 0);
    case 'stop_cover':
      return { publish: [publishMsg(c, c.command_topic ?? '', c.payload_stop ?? '')], optimistic: null };
    case 'set_cover_position': {
      const percent = data.position as number;
      const ranged = pyRound(percentageToRangedValue(posRange(c), percent));
      const payload = renderCommand(c.templates.set_position_template, ranged, { ...vars, position: percent });
      return {
        publish: [publishMsg(c, c.set_position_topic ?? '', payload)],
        optimistic: opt
          ? { state: percent <= c.position_closed ? 'closed' : 'open', attributes: { current_position: percent } }
          : null,
      };
    }
    case 'open_cover_tilt':
      return tilt(c.tilt_opened_value, rangedValueToPercentage(tiltRange(c), c.tilt_opened_value), c.tilt_opened_value);
    case 'close_cover_tilt':
      return tilt(c.tilt_closed_value, rangedValueToPercentage(tiltRange(c), c.tilt_closed_value), c.tilt_closed_value);
    default: {
      const percent = data.tilt_position as number;
      return tilt(percent, percent, pyRound(percentageToRangedValue(tiltRange(c), percent)));
    }
  }
}

function actions(c: CoverConfig): Record<string, ActionSpec> {
  const out: Record<string, ActionSpec> = {};
  const none = {};
  if (c.command_topic !== undefined) {
    if (c.payload_open !== null) out.open_cover = { description: 'Open', params: none };
    if (c.payload_close !== null) out.close_cover = { description: 'Close', params: none };
    if (c.payload_open !== null && c.payload_close !== null)
      out.toggle = { description: 'Open if closed, else close', params: none };
    if (c.payload_stop !== null) out.stop_cover = { description: 'Stop', params: none };
  }
  if (c.set_position_topic !== undefined) {
    out.set_cover_position = {
      description: 'Move to a position (0 = closed, 100 = open)',
      params: { position: { type: 'number', min: 0, max: 100, integer: true, unit: '%', required: true } },
    };
  }
  if (c.tilt_command_topic !== undefined) {
    out.open_cover_tilt = { description: 'Open the tilt', params: none };
    out.close_cover_tilt = { description: 'Close the tilt', params: none };
    out.set_cover_tilt_position = {
      description: 'Set the tilt (0–100)',
      params: { tilt_position: { type: 'number', min: 0, max: 100, integer: true, unit: '%', required: true } },
    };
  }
  return out;
}

export const coverPlatform: PlatformModule<CoverConfig> = definePlatform<CoverConfig>({
  domain: 'cover',
  schema,
  optimistic: coverOptimistic,
  attributesBlocked: ['current_position', 'current_tilt_position'],
  handlers: [
    { key: 'position_topic', handle: (c, payload) => positionUpdate(c, payload) },
    { key: 'state_topic', handle: stateUpdate },
    {
      key: 'tilt_status_topic',
      handle: (c, payload) => {
        const p = renderValue(c.templates.tilt_status_template, payload, templateVars(c));
        return p ? tiltUpdate(c, p) : null;
      },
    },
  ],
  actions,
  command,
});
