import type { Context } from './context.js';
import type { Alert } from './alerts.js';
import type { Device, Entity } from './model.js';
import type { State } from './state.js';

/** Every event the core bus carries: the single source of truth for event names and payloads. */
export interface CoreEvents {
  state_changed: {
    entity_id: string;
    old_state: State | null;
    new_state: State | null;
    context: Context;
    /** made by another instance of the cluster, which stored it (docs/scale-out.md); absent for this instance's */
    replica?: true;
  };
  state_reported: { entity_id: string; state: State };
  entity_registered: { entity: Entity; previous: Entity | null };
  entity_removed: { entity: Entity };
  device_registered: { device: Device; previous: Device | null };
  device_removed: { device: Device };
  mqtt_connection: { connected: boolean };
  alert_raised: { alert: Alert };
  /** a tag scanner (a `tag` discovery config) read a tag: Home Assistant's `tag_scanned` event */
  tag_scanned: { tag_id: string; device_id: string | null; context: Context };
  /** a Home Assistant event fired by a part of Switchyard (`timer.finished` …), for `trigger: event` */
  event_fired: { event_type: string; data: Readonly<Record<string, unknown>>; context: Context };
}
