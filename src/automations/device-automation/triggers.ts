/**
 * Device triggers of entity domains become the state or numeric_state trigger Home Assistant attaches for them
 * (each `<domain>/device_trigger.py` `async_attach_trigger`, with `platform_type="device"`), on the entity the
 * trigger names. The entity is resolved when armed and again whenever the resolution may have changed (Home
 * Assistant's registries read, an entity discovered): the inner trigger is re-armed when it points elsewhere.
 */
import type { Trigger } from '../model.js';
import { armNumericState } from '../triggers/numeric-state.js';
import { armState } from '../triggers/state.js';
import type { ArmedTrigger, ArmFunction } from '../triggers/types.js';
import { BINARY_SENSOR_TRIGGER_PAIRS, COVER_POSITION_ATTRIBUTES, COVER_TRIGGER_STATES, HVAC_MODES } from './names.js';

type DeviceTrigger = Extract<Trigger, { trigger: 'device' }>;
type StateTrigger = Extract<Trigger, { trigger: 'state' }>;
type NumericTrigger = Extract<Trigger, { trigger: 'numeric_state' }>;

const BINARY_ON = new Set(BINARY_SENSOR_TRIGGER_PAIRS.map(([on]) => on));

/** The state or numeric_state trigger Home Assistant attaches for `t` on `entityId`. */
export function entityTrigger(t: DeviceTrigger, entityId: string): StateTrigger | NumericTrigger {
  const base = { enabled: true, entity_id: [entityId], ...(t.for ? { for: t.for } : {}) };
  const state = (to: string[] | null | undefined, from?: string[]): StateTrigger => ({
    trigger: 'state',
    ...base,
    ...(to !== undefined ? { to } : {}),
    ...(from !== undefined ? { from } : {}),
  });
  const numeric = (value_template?: string, above = t.above, below = t.below): NumericTrigger => ({
    trigger: 'numeric_state',
    ...base,
    ...(above !== undefined ? { above } : {}),
    ...(below !== undefined ? { below } : {}),
    ...(value_template !== undefined ? { value_template } : {}),
  });
  switch (t.domain) {
    case 'binary_sensor':
      // binary_sensor/device_trigger.py: the first type of each device class's pair is "on"
      return state([BINARY_ON.has(t.type) ? 'on' : 'off']);
    case 'sensor':
      return numeric();
    case 'cover': {
      const to = COVER_TRIGGER_STATES[t.type];
      if (to !== undefined) return state([to]);
      // cover/device_trigger.py: the position attribute through a value_template, bounds default to -1 and 101
      const attribute = COVER_POSITION_ATTRIBUTES[t.type] ?? 'current_position';
      return numeric(`{{ state.attributes.${attribute} }}`, t.above ?? -1, t.below ?? 101);
    }
    case 'lock':
      return state([t.type]);
    case 'button':
      // button/device_trigger.py: a state trigger on the entity without from/to (every press changes its state)
      return state(undefined);
    case 'climate':
      if (t.type === 'hvac_mode_changed') {
        const to = t.to ?? '';
        return state(
          [to],
          HVAC_MODES.filter((m) => m !== to),
        );
      }
      return numeric(
        t.type === 'current_temperature_changed'
          ? '{{ state.attributes.current_temperature }}'
          : '{{ state.attributes.current_humidity }}',
      );
    case 'select':
      return state(t.to !== undefined ? [t.to] : undefined, t.from !== undefined ? [t.from] : undefined);
    default:
      // toggle_entity.py: turned_on / turned_off; entity.py: changed_states is `to: None` (any state change)
      return state(t.type === 'turned_on' ? ['on'] : t.type === 'turned_off' ? ['off'] : null);
  }
}

/** Arms a device trigger of an entity domain: the inner trigger on the entity it resolves to, re-armed on change. */
export const armEntityDevice: ArmFunction<DeviceTrigger> = (t, base, rt, vars, fire) => {
  let armed: ArmedTrigger | undefined;
  let current: string | undefined;
  let why: string | undefined;
  const arm = () => {
    const ref = t.entity_id ?? '';
    const found = rt.devices ? rt.devices.entity(ref, t.domain) : { ok: true as const, id: ref };
    const id = found.ok ? found.id : undefined;
    if (!found.ok && found.reason !== why) rt.log.warn('device trigger waits for its entity', { reason: found.reason });
    why = found.ok ? undefined : found.reason;
    if (id === current) return;
    armed?.stop();
    armed = undefined;
    current = id;
    if (id === undefined) return;
    // the trigger variables are the inner trigger's, with `platform: device` (HA's platform_type="device")
    const inner = entityTrigger(t, id);
    armed =
      inner.trigger === 'state' ? armState(inner, base, rt, vars, fire) : armNumericState(inner, base, rt, vars, fire);
  };
  arm();
  const off = rt.devices?.onChange(arm);
  return {
    stop() {
      off?.();
      armed?.stop();
      armed = undefined;
    },
  };
};
