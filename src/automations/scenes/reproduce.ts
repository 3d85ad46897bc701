/**
 * Bringing entities to the states a scene names, as Home Assistant's `async_reproduce_state` does with each
 * domain's `reproduce_state.py`: an entity already in the target state is skipped, an invalid target state is
 * reported, and the actions go through the command router like any other command. Attributes the entity's action
 * does not take are left out and named in the outcome; nothing is dropped silently.
 */
import type { CommandRouter } from '../../core/commands.js';
import type { Context } from '../../core/context.js';
import type { State } from '../../core/state.js';
import type { StateStore } from '../../core/state-store.js';
import type { ApplyOptions, EntityOutcome } from './control.js';
import type { SceneEntityState } from './schema.js';

export interface ReproduceDeps {
  readonly states: Pick<StateStore, 'get'>;
  readonly commands: Pick<CommandRouter, 'allowedActions' | 'execute'>;
}

type Attrs = Readonly<Record<string, unknown>>;
interface Call {
  readonly action: string;
  readonly data: Record<string, unknown>;
}
/** what to do: the actions in order, or why nothing */
type Plan = { readonly calls: Call[] } | { readonly skip: string } | { readonly invalid: string };
type Planner = (cur: State, want: { state: string; attributes: Attrs }, options: ApplyOptions) => Plan;

const same = (a: unknown, b: unknown): boolean => JSON.stringify(a ?? null) === JSON.stringify(b ?? null);
const ALREADY = { skip: 'already in the target state' } as const;
const invalid = (domain: string, state: string, valid: readonly string[]): Plan => ({
  invalid: `invalid state '${state}' for a ${domain} (expected ${valid.join(', ')})`,
});

/** switch, input_boolean: `on`/`off` (switch/reproduce_state.py) */
const onOff: Planner = (cur, want) => {
  if (want.state !== 'on' && want.state !== 'off') return invalid('switch', want.state, ['on', 'off']);
  if (cur.state === want.state) return ALREADY;
  return { calls: [{ action: want.state === 'on' ? 'turn_on' : 'turn_off', data: {} }] };
};

const LIGHT_ATTRS = ['brightness', 'brightness_pct', 'effect'];
const LIGHT_COLORS = ['hs_color', 'color_temp_kelvin', 'rgb_color', 'rgbw_color', 'rgbww_color', 'xy_color'];
const COLOR_MODE_ATTR: Readonly<Record<string, readonly [string, string]>> = {
  color_temp: ['color_temp_kelvin', 'color_temp_kelvin'],
  hs: ['hs_color', 'hs_color'],
  rgb: ['rgb_color', 'rgb_color'],
  rgbw: ['rgbw_color', 'rgbw_color'],
  rgbww: ['rgbww_color', 'rgbww_color'],
  white: ['white', 'brightness'],
  xy: ['xy_color', 'xy_color'],
};

/** light/reproduce_state.py: brightness and effect, then the colour of the saved color_mode (or the first given). */
const light: Planner = (cur, want, options) => {
  if (want.state !== 'on' && want.state !== 'off') return invalid('light', want.state, ['on', 'off']);
  const attrs: Record<string, unknown> = { ...want.attributes };
  // the legacy mired colour temperature, as the kelvin one lights take now
  const mireds = Number(attrs['color_temp']);
  if (attrs['color_temp_kelvin'] === undefined && Number.isFinite(mireds) && mireds > 0)
    attrs['color_temp_kelvin'] = Math.round(1_000_000 / mireds);
  const mode = attrs['color_mode'];
  const modeSame = mode === undefined || mode === null || mode === 'unknown' || mode === cur.attributes['color_mode'];
  if (cur.state === want.state && (want.state === 'off' || modeSame)) {
    if (want.state === 'off' || [...LIGHT_ATTRS, ...LIGHT_COLORS].every((a) => same(cur.attributes[a], attrs[a])))
      return ALREADY;
  }
  const data: Record<string, unknown> = options.transition !== undefined ? { transition: options.transition } : {};
  if (want.state === 'off') return { calls: [{ action: 'turn_off', data }] };
  for (const a of LIGHT_ATTRS) if (attrs[a] != null) data[a] = attrs[a];
  const byMode = typeof mode === 'string' ? COLOR_MODE_ATTR[mode] : undefined;
  if (byMode) {
    const [param, attr] = byMode;
    if (attrs[attr] == null) return { invalid: `color mode ${String(mode)} given but attribute ${attr} missing` };
    data[param] = attrs[attr];
  } else {
    const first = LIGHT_COLORS.find((a) => attrs[a] != null);
    if (first) data[first] = attrs[first];
  }
  return { calls: [{ action: 'turn_on', data }] };
};

const FAN_ATTRS: Readonly<Record<string, string>> = {
  direction: 'set_direction',
  oscillating: 'oscillate',
  percentage: 'set_percentage',
  preset_mode: 'set_preset_mode',
};
/** fan/reproduce_state.py: on with its speed, then direction, oscillation, percentage, preset as they differ */
const fan: Planner = (cur, want) => {
  if (want.state !== 'on' && want.state !== 'off') return invalid('fan', want.state, ['on', 'off']);
  const keys = Object.keys(FAN_ATTRS);
  if (cur.state === want.state && keys.every((a) => same(cur.attributes[a], want.attributes[a]))) return ALREADY;
  if (want.state === 'off') return { calls: [{ action: 'turn_off', data: {} }] };
  const calls: Call[] = [];
  const onData: Record<string, unknown> = {};
  if (cur.state !== 'on') {
    for (const a of ['percentage', 'preset_mode']) if (want.attributes[a] != null) onData[a] = want.attributes[a];
    calls.push({ action: 'turn_on', data: onData });
  }
  for (const [a, action] of Object.entries(FAN_ATTRS)) {
    const value = want.attributes[a];
    if (value != null && !(a in onData) && !same(value, cur.attributes[a]))
      calls.push({ action, data: { [a]: value } });
  }
  return { calls };
};

/** cover/reproduce_state.py: open/close or the position, then the tilt */
const cover: Planner = (cur, want) => {
  const valid = ['open', 'closed', 'opening', 'closing'];
  if (!valid.includes(want.state)) return invalid('cover', want.state, valid);
  const position = want.attributes['current_position'];
  const tilt = want.attributes['current_tilt_position'];
  const calls: Call[] = [];
  if (cur.state !== want.state || (position !== undefined && !same(cur.attributes['current_position'], position))) {
    if (want.state === 'closed' || want.state === 'closing') calls.push({ action: 'close_cover', data: {} });
    else if (position !== undefined && cur.attributes['current_position'] !== undefined)
      calls.push({ action: 'set_cover_position', data: { position } });
    else calls.push({ action: 'open_cover', data: {} });
  }
  if (tilt !== undefined && cur.attributes['current_tilt_position'] !== undefined) {
    if (!same(cur.attributes['current_tilt_position'], tilt)) {
      if (Number(tilt) === 100) calls.push({ action: 'open_cover_tilt', data: {} });
      else if (Number(tilt) === 0) calls.push({ action: 'close_cover_tilt', data: {} });
      else calls.push({ action: 'set_cover_tilt_position', data: { tilt_position: tilt } });
    }
  }
  return calls.length > 0 ? { calls } : ALREADY;
};

const HVAC_MODES = ['off', 'heat', 'cool', 'heat_cool', 'auto', 'dry', 'fan_only'];
/** climate/reproduce_state.py: hvac mode, temperatures, preset, swing, fan mode, humidity — sent as given */
const climate: Planner = (_cur, want) => {
  const calls: Call[] = [];
  const a = want.attributes;
  if (HVAC_MODES.includes(want.state)) calls.push({ action: 'set_hvac_mode', data: { hvac_mode: want.state } });
  const temps = Object.fromEntries(
    ['temperature', 'target_temp_high', 'target_temp_low'].filter((k) => a[k] != null).map((k) => [k, a[k]]),
  );
  if (Object.keys(temps).length > 0) calls.push({ action: 'set_temperature', data: temps });
  for (const k of ['preset_mode', 'swing_mode', 'fan_mode', 'humidity'])
    if (a[k] != null) calls.push({ action: `set_${k}`, data: { [k]: a[k] } });
  return calls.length > 0 ? { calls } : { invalid: `nothing to set: '${want.state}' is not an hvac mode` };
};

/** lock/reproduce_state.py */
const lock: Planner = (cur, want) => {
  const actions: Readonly<Record<string, string>> = { locked: 'lock', unlocked: 'unlock', open: 'open' };
  const action = actions[want.state];
  if (!action) return invalid('lock', want.state, Object.keys(actions));
  return cur.state === want.state ? ALREADY : { calls: [{ action, data: {} }] };
};

/** media_player/reproduce_state.py, the basic part: power, volume, mute, source, sound mode, play state */
const mediaPlayer: Planner = (cur, want) => {
  const valid = ['on', 'off', 'idle', 'playing', 'paused', 'standby', 'buffering'];
  if (!valid.includes(want.state)) return invalid('media_player', want.state, valid);
  const a = want.attributes;
  if (want.state === 'off' || want.state === 'standby')
    return cur.state === want.state ? ALREADY : { calls: [{ action: 'turn_off', data: {} }] };
  const calls: Call[] = [];
  if (cur.state === 'off' || cur.state === 'standby') calls.push({ action: 'turn_on', data: {} });
  const set = (attr: string, action: string, param = attr) => {
    if (a[attr] != null && !same(cur.attributes[attr], a[attr])) calls.push({ action, data: { [param]: a[attr] } });
  };
  set('volume_level', 'volume_set');
  set('is_volume_muted', 'volume_mute');
  set('source', 'select_source');
  set('sound_mode', 'select_sound_mode');
  const play: Readonly<Record<string, string>> = { playing: 'media_play', paused: 'media_pause', idle: 'media_stop' };
  const playAction = play[want.state];
  if (playAction && cur.state !== want.state) calls.push({ action: playAction, data: {} });
  return calls.length > 0 ? { calls } : ALREADY;
};

/** input_number, number: set_value with the state as a number */
const numberValue: Planner = (cur, want) => {
  const value = Number(want.state);
  if (want.state.trim() === '' || !Number.isFinite(value))
    return { invalid: `invalid state '${want.state}': not a number` };
  return Number(cur.state) === value ? ALREADY : { calls: [{ action: 'set_value', data: { value } }] };
};

/** input_select (its `options` first, when given and different), select: select_option */
const option: Planner = (cur, want) => {
  const calls: Call[] = [];
  const options = want.attributes['options'];
  if (Array.isArray(options) && !same(cur.attributes['options'], options))
    calls.push({ action: 'set_options', data: { options } });
  if (cur.state !== want.state || calls.length > 0)
    calls.push({ action: 'select_option', data: { option: want.state } });
  return calls.length > 0 ? { calls } : ALREADY;
};

/** input_text, text: set_value */
const text: Planner = (cur, want) =>
  cur.state === want.state ? ALREADY : { calls: [{ action: 'set_value', data: { value: want.state } }] };

const PLANNERS: Readonly<Record<string, Planner>> = {
  light,
  switch: onOff,
  input_boolean: onOff,
  fan,
  cover,
  climate,
  lock,
  media_player: mediaPlayer,
  input_number: numberValue,
  number: numberValue,
  input_select: option,
  select: option,
  input_text: text,
  text,
};

/** Applies one entity's target state; the outcome says what was sent, or why nothing was. */
async function reproduceOne(
  entityId: string,
  want: SceneEntityState,
  options: ApplyOptions,
  context: Context,
  deps: ReproduceDeps,
): Promise<EntityOutcome> {
  const domain = entityId.slice(0, entityId.indexOf('.'));
  const planner = Object.hasOwn(PLANNERS, domain) ? PLANNERS[domain] : undefined;
  if (!planner)
    return {
      entity_id: entityId,
      status: 'not_applied',
      reason: `Switchyard cannot reproduce the state of a ${domain} (it can for ${Object.keys(PLANNERS).join(', ')})`,
    };
  const cur = deps.states.get(entityId);
  if (!cur) return { entity_id: entityId, status: 'not_applied', reason: 'no such entity' };
  if (want.state === undefined) return { entity_id: entityId, status: 'not_applied', reason: 'no target state given' };
  const plan = planner(cur, { state: want.state, attributes: want.attributes }, options);
  if ('skip' in plan) return { entity_id: entityId, status: 'skipped', reason: plan.skip };
  if ('invalid' in plan) return { entity_id: entityId, status: 'not_applied', reason: plan.invalid };
  const done: { action: string; data: Record<string, unknown> }[] = [];
  const ignored = new Set<string>();
  try {
    const allowed = deps.commands.allowedActions(entityId);
    for (const call of plan.calls) {
      const spec = allowed[call.action];
      if (!spec) throw new Error(`${entityId} does not support '${call.action}'`);
      const data = Object.fromEntries(Object.entries(call.data).filter(([k]) => spec.params[k] !== undefined));
      for (const k of Object.keys(call.data)) if (!(k in data)) ignored.add(k);
      await deps.commands.execute({ domain, action: call.action, entity_id: entityId, data, context });
      done.push({ action: `${domain}.${call.action}`, data });
    }
  } catch (err) {
    return {
      entity_id: entityId,
      status: 'failed',
      ...(done.length > 0 ? { actions: done } : {}),
      reason: err instanceof Error ? err.message : String(err),
    };
  }
  return {
    entity_id: entityId,
    status: 'performed',
    actions: done,
    ...(ignored.size > 0 ? { ignored: [...ignored] } : {}),
  };
}

/** Applies every entity's target state, in the order given. */
export async function reproduceStates(
  entities: Readonly<Record<string, SceneEntityState>>,
  options: ApplyOptions,
  context: Context,
  deps: ReproduceDeps,
): Promise<EntityOutcome[]> {
  const out: EntityOutcome[] = [];
  for (const [entityId, want] of Object.entries(entities))
    out.push(await reproduceOne(entityId, want, options, context, deps));
  return out;
}
