/**
 * Device actions: the entity action each `<domain>/device_action.py` `async_call_action_from_config` calls for
 * the type, performed through the same call path as `action: <domain>.<action>` (`actions/call.ts`, the command
 * router). The entity is resolved when the step runs (`ids.ts`); one that cannot be resolved fails the step with
 * the reason.
 */
import { ValidationError } from '../../core/errors.js';
import { performCall } from '../actions/call.js';
import type { RunState, Scope } from '../actions/types.js';
import type { DeviceAction } from '../schema/actions.js';
import type { DeviceFields } from './schema.js';

type Data = Record<string, unknown>;

/** An entity action: `domain.action` with its data. */
export interface EntityCall {
  readonly action: string;
  readonly data: Data;
}

const COVER: Readonly<Record<string, string>> = {
  open: 'open_cover',
  close: 'close_cover',
  stop: 'stop_cover',
  open_tilt: 'open_cover_tilt',
  close_tilt: 'close_cover_tilt',
  set_position: 'set_cover_position',
  set_tilt_position: 'set_cover_tilt_position',
};

/**
 * light/device_action.py: turn_on, brightness_increase/decrease and flash go to light.turn_on; the increase and
 * decrease are `brightness_step_pct` ±10, which the light works out from its current brightness.
 */
function lightCall(d: DeviceFields): EntityCall {
  if (d.type === 'turn_off' || d.type === 'toggle') return { action: `light.${d.type}`, data: {} };
  const data: Data = {};
  if (d.type === 'brightness_increase') data['brightness_step_pct'] = 10;
  else if (d.type === 'brightness_decrease') data['brightness_step_pct'] = -10;
  else if (d.brightness_pct !== undefined) data['brightness_pct'] = d.brightness_pct;
  if (d.type === 'flash') data['flash'] = d.flash ?? 'short';
  return { action: 'light.turn_on', data };
}

/** The entity action Home Assistant calls for a device action. */
export function deviceCall(d: DeviceFields): EntityCall {
  switch (d.domain) {
    case 'light':
      return lightCall(d);
    case 'cover': {
      // cover/device_action.py: `position` (default 0) is the position or the tilt position
      const action = `cover.${COVER[d.type] ?? d.type}`;
      if (d.type === 'set_position') return { action, data: { position: d.position ?? 0 } };
      if (d.type === 'set_tilt_position') return { action, data: { tilt_position: d.position ?? 0 } };
      return { action, data: {} };
    }
    case 'number':
      return { action: 'number.set_value', data: { value: d.value } };
    case 'select': {
      // select/device_action.py: the type is the action; select_next/previous take `cycle` (default true)
      const data: Data =
        d.type === 'select_option'
          ? { option: d.option }
          : d.type === 'select_next' || d.type === 'select_previous'
            ? { cycle: d.cycle ?? true }
            : {};
      return { action: `select.${d.type}`, data };
    }
    case 'climate':
      return d.type === 'set_hvac_mode'
        ? { action: 'climate.set_hvac_mode', data: { hvac_mode: d.hvac_mode } }
        : { action: 'climate.set_preset_mode', data: { preset_mode: d.preset_mode } };
    default:
      // toggle_entity.py (turn_on/turn_off/toggle), lock (lock/unlock/open), button (press): the type is the action
      return { action: `${d.domain}.${d.type}`, data: {} };
  }
}

/** Runs a device action step; returns what the trace records. */
export async function performDevice(step: DeviceAction, scope: Scope, run: RunState): Promise<Data> {
  const d = step.device;
  const ref = d.entity_id ?? '';
  const found = run.deps.devices ? run.deps.devices.entity(ref, d.domain) : { ok: true as const, id: ref };
  if (!found.ok) throw new ValidationError(`device action ${d.domain} ${d.type}: ${found.reason}`);
  const call = deviceCall(d);
  const result = await performCall(
    {
      kind: 'call',
      enabled: true,
      continue_on_error: false,
      action: call.action,
      target: { entity_id: [found.id] },
      data: call.data,
    },
    scope,
    run,
  );
  return { device: { device_id: d.device_id, domain: d.domain, type: d.type, entity_id: ref }, ...result };
}
