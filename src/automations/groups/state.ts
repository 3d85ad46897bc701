/**
 * The state of an old-style group from its members' states, as Home Assistant's `Group` entity works it out
 * (`components/group/entity.py` `_async_update_group_state`, with the on/off states each domain registers in its
 * `group.py` and `components/group/registry.py`):
 * - members of an excluded domain (sensor, air_quality, weather) are not tracked;
 * - a member of a domain with registered on-states counts as on in one of them; any other member counts as on in
 *   a state that is a known on-state (`on`, `home`, `open`, …) — the group-of-groups case;
 * - no on-state known among the members: no state (unknown);
 * - on when any (or, with `all: true`, every) tracked member is on; the state is the one on-state in use when the
 *   members' domains share one, else `on`; off likewise, with the single domain's off-state when there is one.
 */

/** domain → [its on-states, the state the group shows for them, its off-state] */
const ON_OFF: Readonly<Record<string, readonly [readonly string[], string, string]>> = {
  alarm_control_panel: [
    ['on', 'armed_away', 'armed_custom_bypass', 'armed_home', 'armed_night', 'armed_vacation', 'triggered'],
    'on',
    'off',
  ],
  climate: [['on', 'heat', 'cool', 'heat_cool', 'auto', 'fan_only'], 'on', 'off'],
  cover: [['open'], 'open', 'closed'],
  device_tracker: [['home'], 'home', 'not_home'],
  person: [['home'], 'home', 'not_home'],
  lock: [['locking', 'open', 'opening', 'unlocked', 'unlocking'], 'unlocked', 'locked'],
  media_player: [['on', 'paused', 'playing', 'idle'], 'on', 'off'],
  vacuum: [['on', 'cleaning', 'returning', 'error'], 'on', 'off'],
  water_heater: [['eco', 'electric', 'performance', 'high_demand', 'heat_pump', 'gas', 'on'], 'on', 'off'],
  plant: [['problem'], 'problem', 'ok'],
  ...Object.fromEntries(
    [
      'automation',
      'binary_sensor',
      'calendar',
      'fan',
      'humidifier',
      'input_boolean',
      'light',
      'remote',
      'script',
      'siren',
      'switch',
    ].map((d) => [d, [['on'], 'on', 'off'] as const]),
  ),
};

const EXCLUDED = new Set(['air_quality', 'sensor', 'weather']);

/** every on-state → the off-state that goes with it, and every off-state → its default on-state */
const ON_TO_OFF = new Map<string, string>([['on', 'off']]);
const OFF_TO_ON = new Map<string, string>([['off', 'on']]);
for (const [ons, defaultOn, off] of Object.values(ON_OFF)) {
  for (const on of ons) if (!ON_TO_OFF.has(on)) ON_TO_OFF.set(on, off);
  if (!OFF_TO_ON.has(off)) OFF_TO_ON.set(off, defaultOn);
}

export interface MemberState {
  readonly entity_id: string;
  readonly state: string;
}

const domainOf = (entityId: string): string => entityId.slice(0, entityId.indexOf('.'));

/** The members a group watches: those not of an excluded domain. */
export const trackable = (members: readonly string[]): string[] => members.filter((m) => !EXCLUDED.has(domainOf(m)));

/** The group's state (null: unknown), from the states of its trackable members that exist. */
export function groupState(members: readonly string[], present: readonly MemberState[], all: boolean): string | null {
  const domains = new Set(trackable(members).map(domainOf));
  const single = domains.size === 1 ? [...domains][0] : undefined;
  const onStates = new Set<string>();
  const isOn: boolean[] = [];
  for (const m of present) {
    const domain = domainOf(m.entity_id);
    if (EXCLUDED.has(domain)) continue;
    const registered = Object.hasOwn(ON_OFF, domain) ? ON_OFF[domain] : undefined;
    if (registered) {
      for (const s of registered[0]) onStates.add(s);
      isOn.push(registered[0].includes(m.state));
      continue;
    }
    if (ON_TO_OFF.has(m.state)) onStates.add(m.state);
    else if (OFF_TO_ON.has(m.state)) onStates.add(OFF_TO_ON.get(m.state) ?? 'on');
    isOn.push(ON_TO_OFF.has(m.state));
  }
  if (isOn.length === 0 || onStates.size === 0) return null;
  const on = all ? isOn.every(Boolean) : isOn.some(Boolean);
  if (on) {
    if (onStates.size === 1) return [...onStates][0] ?? 'on';
    if (!single) return 'on';
    const inUse = new Set(present.filter((m) => ON_OFF[single]?.[0].includes(m.state)).map((m) => m.state));
    return inUse.size === 1 ? ([...inUse][0] ?? 'on') : 'on';
  }
  if (single && Object.hasOwn(ON_OFF, single)) return ON_OFF[single]?.[2] ?? 'off';
  const offs = new Set(present.filter((m) => OFF_TO_ON.has(m.state)).map((m) => m.state));
  return offs.size === 1 ? ([...offs][0] ?? 'off') : 'off';
}
