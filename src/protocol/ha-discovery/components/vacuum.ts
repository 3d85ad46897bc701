/**
 * MQTT vacuum (mqtt/vacuum.py + vacuum/__init__.py), the state schema of Home Assistant 2026.2 and later
 * (the battery feature and battery attributes are gone: 'battery' in supported_features fails the config).
 * No key is required; note that `state_topic` must be a topic without wildcards, as Home Assistant checks it.
 * supported_features (a string or a list, default start, stop, return_home, clean_spot) decides the actions:
 * start, pause, stop, return_to_base, clean_spot and locate publish their payload_* to `command_topic`;
 * set_fan_speed publishes one of `fan_speed_list` to `set_fan_speed_topic`; send_command publishes the command,
 * or with `params` an object `{"command": …, …params}` as compact JSON (a list of params is accepted and not
 * sent, as HA does), to `send_command_topic`. An action
 * whose topic is not configured publishes nothing, as in Home Assistant.
 * The state topic carries a JSON object: `state` (cleaning, docked, paused, idle, returning, error, or null
 * for unknown) and `fan_speed`, which is kept across messages and becomes 0 once a message without it came.
 */
import { z } from 'zod';
import { isJsonObject } from '../abbreviations.js';
import {
  checkAvailabilityExclusive,
  entityCommonShape,
  haBoolean,
  haString,
  publishTopic,
  stringList,
} from '../common-schema.js';
import { validateData } from './action-data.js';
import type { ActionSpec, CommandResult, PlatformModule } from './platform.js';
import { attachTemplates, definePlatform, publishMsg } from './shared.js';

const FEATURES = [
  'start',
  'pause',
  'stop',
  'return_home',
  'fan_speed',
  'status',
  'send_command',
  'locate',
  'clean_spot',
] as const;
type Feature = (typeof FEATURES)[number];
const DEFAULT_FEATURES: Feature[] = ['start', 'stop', 'return_home', 'clean_spot'];

/** `vol.All(cv.ensure_list, [vol.In(STRING_TO_SERVICE)])`. */
const featureList = stringList.transform((list, ctx): Feature[] => {
  const unknown = list.filter((f) => !(FEATURES as readonly string[]).includes(f));
  if (unknown.length > 0) {
    ctx.addIssue({ code: 'custom', message: `unknown feature(s) ${unknown.join(', ')}; use ${FEATURES.join(', ')}` });
    return z.NEVER;
  }
  return list as Feature[];
});

const schema = z
  .object({
    ...entityCommonShape,
    fan_speed_list: stringList.default([]),
    payload_clean_spot: haString.default('clean_spot'),
    payload_locate: haString.default('locate'),
    payload_return_to_base: haString.default('return_to_base'),
    payload_start: haString.default('start'),
    payload_pause: haString.default('pause'),
    payload_stop: haString.default('stop'),
    send_command_topic: publishTopic.optional(),
    set_fan_speed_topic: publishTopic.optional(),
    state_topic: publishTopic.optional(),
    supported_features: featureList.default(DEFAULT_FEATURES),
    command_topic: publishTopic.optional(),
    retain: haBoolean.default(false),
  })
  .superRefine(checkAvailabilityExclusive)
  .transform(attachTemplates([]));

export type VacuumConfig = z.output<typeof schema>;

const STATES = ['cleaning', 'docked', 'paused', 'idle', 'returning', 'error'];
type PayloadKey =
  | 'payload_start'
  | 'payload_pause'
  | 'payload_stop'
  | 'payload_return_to_base'
  | 'payload_clean_spot'
  | 'payload_locate';
/** The command_topic actions: feature needed, payload, description. */
const BASIC: Readonly<Record<string, readonly [Feature, PayloadKey, string]>> = {
  start: ['start', 'payload_start', 'Start or resume cleaning'],
  pause: ['pause', 'payload_pause', 'Pause cleaning'],
  stop: ['stop', 'payload_stop', 'Stop cleaning'],
  return_to_base: ['return_home', 'payload_return_to_base', 'Return to the dock'],
  clean_spot: ['clean_spot', 'payload_clean_spot', 'Clean the spot around the vacuum'],
  locate: ['locate', 'payload_locate', 'Locate the vacuum (usually it plays a sound)'],
};

const has = (c: VacuumConfig, f: Feature): boolean => c.supported_features.includes(f);

function actions(c: VacuumConfig): Record<string, ActionSpec> {
  const out: Record<string, ActionSpec> = {};
  for (const [name, [feature, , description]] of Object.entries(BASIC)) {
    if (has(c, feature)) out[name] = { description, params: {} };
  }
  if (has(c, 'fan_speed')) {
    const fanSpeed = { type: 'string' as const, options: c.fan_speed_list, required: true };
    out.set_fan_speed = { description: 'Set the fan speed', params: { fan_speed: fanSpeed } };
  }
  if (has(c, 'send_command')) {
    out.send_command = {
      description: 'Send a raw command; params (an object) are sent with it as one JSON object, a list is not sent',
      params: { command: { type: 'string', required: true }, params: { type: 'json' } },
    };
  }
  return out;
}

function sendCommand(c: VacuumConfig, data: Record<string, unknown>): CommandResult {
  const spec = actions(c).send_command;
  if (spec === undefined) return base.command(c, 'send_command', data, { state: 'unknown', attributes: {} });
  // `vol.Any(dict, cv.ensure_list)`: only an object changes the payload, a list is taken and not sent
  const checked = validateData('send_command', spec, data);
  const command = checked.command as string;
  if (c.send_command_topic === undefined) return { publish: [], optimistic: null };
  const extra = isJsonObject(checked.params) ? checked.params : undefined;
  const payload = extra === undefined ? command : JSON.stringify({ command, ...extra });
  return { publish: [publishMsg(c, c.send_command_topic, payload)], optimistic: null };
}

const base = definePlatform<VacuumConfig>({
  domain: 'vacuum',
  schema,
  optimistic: () => false,
  attributesBlocked: ['battery_icon', 'battery_level', 'fan_speed'],
  initialState: (c) => ({
    state: 'unknown',
    attributes: has(c, 'fan_speed') ? { fan_speed_list: c.fan_speed_list, fan_speed: null } : {},
  }),
  handlers: [
    {
      key: 'state_topic',
      handle: (c, payload, current) => {
        let json: unknown;
        try {
          json = JSON.parse(payload);
        } catch {
          return null;
        }
        if (!isJsonObject(json)) return null;
        const state = json.state;
        // a list or object as state cannot be looked up in Home Assistant's dict of states: the message fails
        if (typeof state === 'object' && state !== null) return null;
        const known = 'state' in json && (state === null || STATES.includes(state as string));
        if (!known && !has(c, 'fan_speed')) return null;
        const fanSpeed = 'fan_speed' in json ? json.fan_speed : (current.attributes.fan_speed ?? 0);
        return {
          ...(known ? { state: state === null ? 'unknown' : String(state) } : {}),
          ...(has(c, 'fan_speed') ? { attributes: { fan_speed: fanSpeed } } : {}),
        };
      },
    },
  ],
  actions,
  command: (c, action, data) => {
    if (action === 'set_fan_speed') {
      if (c.set_fan_speed_topic === undefined) return { publish: [], optimistic: null };
      return { publish: [publishMsg(c, c.set_fan_speed_topic, data.fan_speed as string)], optimistic: null };
    }
    const [, payloadKey] = BASIC[action] ?? ['start', 'payload_start'];
    if (c.command_topic === undefined) return { publish: [], optimistic: null };
    return { publish: [publishMsg(c, c.command_topic, c[payloadKey])], optimistic: null };
  },
});

export const vacuumPlatform: PlatformModule<VacuumConfig> = {
  ...base,
  command: (c, action, data, current) =>
    action === 'send_command' ? sendCommand(c, data) : base.command(c, action, data, current),
};
