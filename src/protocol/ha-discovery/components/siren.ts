/**
 * MQTT siren (mqtt/siren.py): `command_topic` required. turn_on publishes `payload_on` with the tone,
 * volume_level and duration asked for: through command_template (with `value` and those variables), or
 * else as compact JSON like Home Assistant's json_dumps (`{"state":"ON","tone":"ping"}`); turn_off the same
 * with `payload_off` and command_off_template (falling back to command_template). A state is state_on,
 * state_off or 'None', or a JSON object with `state` and the same attributes. Optimistic without a state
 * topic, starting 'off'.
 */
import { z } from 'zod';
import {
  checkAvailabilityExclusive,
  entityCommonShape,
  haBoolean,
  haString,
  readWriteShape,
  stringList,
  templateSchema,
} from '../common-schema.js';
import type { ActionSpec, EntityState, PlatformModule, StateUpdate } from './platform.js';
import {
  attachTemplates,
  definePlatform,
  optimisticByStateTopic,
  publishMsg,
  renderCommand,
  renderValue,
} from './shared.js';

const schema = z
  .object({
    ...entityCommonShape,
    ...readWriteShape,
    available_tones: stringList.optional(),
    command_template: templateSchema.optional(),
    command_off_template: templateSchema.optional(),
    payload_on: haString.default('ON'),
    payload_off: haString.default('OFF'),
    state_on: haString.optional(),
    state_off: haString.optional(),
    state_value_template: templateSchema.optional(),
    support_duration: haBoolean.default(true),
    support_volume_set: haBoolean.default(true),
  })
  .superRefine(checkAvailabilityExclusive)
  .transform(attachTemplates(['command_template', 'command_off_template', 'state_value_template']));

export type SirenConfig = z.output<typeof schema>;

const PAYLOAD_NONE = 'None';
const stateOn = (c: SirenConfig) => c.state_on || c.payload_on;
const stateOff = (c: SirenConfig) => c.state_off || c.payload_off;
const supportsTones = (c: SirenConfig) => (c.available_tones?.length ?? 0) > 0;

/** The attributes this siren keeps (HA sets each supported one to None at start). */
function supported(c: SirenConfig): string[] {
  return [
    ...(c.support_duration ? ['duration'] : []),
    ...(supportsTones(c) ? ['tone'] : []),
    ...(c.support_volume_set ? ['volume_level'] : []),
  ];
}

/** TURN_ON_SCHEMA and process_turn_on_params: undefined when Home Assistant would refuse the values. */
function turnOnParams(c: SirenConfig, data: Record<string, unknown>): Record<string, unknown> | undefined {
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(data)) {
    if (key === 'tone') {
      if (!supportsTones(c)) return undefined;
      const tone =
        typeof value === 'number' && Number.isInteger(value)
          ? String(value)
          : typeof value === 'string'
            ? value
            : undefined;
      if (tone === undefined || !c.available_tones?.includes(tone)) return undefined;
      out[key] = value;
    } else if (key === 'volume_level') {
      const v = typeof value === 'number' ? value : typeof value === 'string' ? Number(value) : Number.NaN;
      if (!c.support_volume_set || !(v >= 0 && v <= 1)) return undefined;
      out[key] = v;
    } else if (key === 'duration') {
      const v =
        typeof value === 'number'
          ? value
          : typeof value === 'string' && /^\d+$/.test(value)
            ? Number(value)
            : Number.NaN;
      if (!c.support_duration || !Number.isInteger(v) || v < 0) return undefined;
      out[key] = v;
    } else {
      return undefined;
    }
  }
  return out;
}

/** Home Assistant's json_dumps (orjson): no spaces. */
const compactJson = (v: Record<string, unknown>): string => JSON.stringify(v);

function publishCommand(
  c: SirenConfig,
  template: 'command_template' | 'command_off_template',
  value: string,
  variables: Record<string, unknown>,
) {
  const vars = { state: value, ...variables };
  const compiled =
    template === 'command_off_template'
      ? (c.templates.command_off_template ?? c.templates.command_template)
      : c.templates.command_template;
  const payload = compiled !== undefined ? renderCommand(compiled, value, vars) : compactJson(vars);
  // `payload not in PAYLOAD_NONE` is a substring test in Home Assistant: '', 'None', 'on', 'one', … are not published
  return payload !== '' && !PAYLOAD_NONE.includes(payload) ? [publishMsg(c, c.command_topic, payload)] : [];
}

export const sirenPlatform: PlatformModule<SirenConfig> = definePlatform<SirenConfig>({
  domain: 'siren',
  schema,
  optimistic: optimisticByStateTopic,
  attributesBlocked: ['available_tones', 'duration', 'tone', 'volume_level'],
  initialState: (c): EntityState => ({
    state: optimisticByStateTopic(c) ? 'off' : 'unknown',
    attributes: {
      ...Object.fromEntries(supported(c).map((a) => [a, null])),
      ...(supportsTones(c) ? { available_tones: c.available_tones } : {}),
    },
  }),
  handlers: [
    {
      key: 'state_topic',
      handle: (c, payload): StateUpdate | null => {
        const rendered = renderValue(c.templates.state_value_template, payload);
        if (rendered === undefined || rendered === '' || rendered === '{}') return null;
        let json: Record<string, unknown>;
        if (rendered === stateOn(c) || rendered === stateOff(c) || rendered === PAYLOAD_NONE)
          json = { state: rendered };
        else {
          try {
            const parsed: unknown = JSON.parse(rendered);
            if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed)) return null;
            json = { ...(parsed as Record<string, unknown>) };
          } catch {
            return null;
          }
        }
        let state: string | undefined;
        if ('state' in json) {
          if (json['state'] === stateOn(c)) state = 'on';
          if (json['state'] === stateOff(c)) state = 'off';
          if (json['state'] === PAYLOAD_NONE) state = 'unknown';
          delete json['state'];
        }
        const params = turnOnParams(c, json);
        if (params === undefined) return null;
        const attributes = Object.fromEntries(Object.entries(params).filter(([k]) => supported(c).includes(k)));
        return { ...(state !== undefined ? { state } : {}), ...(Object.keys(attributes).length ? { attributes } : {}) };
      },
    },
  ],
  actions: (c) => {
    const params: ActionSpec['params'] = {
      ...(supportsTones(c) ? { tone: { type: 'string', options: c.available_tones ?? [] } } : {}),
      ...(c.support_volume_set ? { volume_level: { type: 'number', min: 0, max: 1 } } : {}),
      ...(c.support_duration ? { duration: { type: 'number', min: 0, integer: true, unit: 's' } } : {}),
    };
    return {
      turn_on: { description: 'Turn the siren on', params },
      turn_off: { description: 'Turn the siren off', params: {} },
      toggle: { description: 'Toggle the siren', params },
    };
  },
  command: (c, action, data, current) => {
    const on = action === 'turn_on' || (action === 'toggle' && current.state !== 'on');
    if (!on)
      return {
        publish: publishCommand(c, 'command_off_template', c.payload_off, {}),
        optimistic: optimisticByStateTopic(c) ? { state: 'off' } : null,
      };
    return {
      publish: publishCommand(c, 'command_template', c.payload_on, data),
      optimistic: optimisticByStateTopic(c)
        ? { state: 'on', ...(Object.keys(data).length ? { attributes: data } : {}) }
        : null,
    };
  },
});
