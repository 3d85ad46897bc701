// The overview the ingress panel shows (status, devices, entities, automations, problem counts), collected from
// the core on every request. The panel route (adapters/http/routes/panel.ts) only renders it as HTML.
import type { Registry } from '../core/registry.js';
import { STATE_UNAVAILABLE } from '../core/state.js';
import type { StateStore } from '../core/state-store.js';
import type { Health } from './deps.js';

/** What the panel shows; app.ts builds it from the core on every request. */
export interface PanelData {
  status: Health;
  devices: readonly PanelDevice[];
  entities: readonly PanelEntity[];
  automations: readonly PanelAutomation[];
  /** how devices log in to the embedded broker (absent with an external broker) */
  broker?: PanelBrokerLogin | undefined;
  /** counts of problems: automation files that failed to load, rejected discovery configs, active alerts */
  diagnostics?: { automations?: number; discovery?: number; alerts?: number };
}

export interface PanelBrokerLogin {
  port: number;
  username: string | null;
  /** shown only when the broker generated it */
  password: string | null;
  anonymous: 'loopback' | 'nobody';
}

export interface PanelDevice {
  id: string;
  name: string;
  area?: string | null;
  manufacturer?: string | null;
  model?: string | null;
  /** true/false for devices whose presence is known (ESP32 bridge, availability topic); null when unknown */
  online: boolean | null;
  entity_count?: number;
}

export interface PanelEntity {
  entity_id: string;
  name?: string | null;
  state: string | null;
  unit?: string | null;
  available?: boolean;
  last_changed?: string | null;
}

export interface PanelAutomation {
  id: string;
  alias: string;
  enabled: boolean;
  last_triggered: string | null;
  last_outcome: string | null;
  /** problems found for this automation (load diagnostics and failed runs) */
  error_count: number;
}

/** Where the panel's facts come from; app.ts passes these in. */
export interface PanelSources {
  health: () => Health;
  registry: Pick<Registry, 'devices' | 'entities'>;
  states: Pick<StateStore, 'get'>;
  /** presence the device's owner knows (the ESP32 bridge); otherwise derived from its entities' availability */
  deviceOnline?: (deviceId: string) => boolean | undefined;
  automations?: () => readonly PanelAutomation[];
  automationProblems?: () => number;
  discoveryProblems?: () => number;
  activeAlerts?: () => number;
  brokerLogin?: () => PanelBrokerLogin | undefined;
}

/**
 * Collects PanelData. A device without known presence counts as online when any of its entities is available,
 * offline when all are unavailable, unknown when it has none.
 */
export function panelOverview(src: PanelSources): PanelData {
  const entities = src.registry.entities();
  const byDevice = new Map<string, boolean[]>();
  const rows: PanelEntity[] = entities
    .map((en) => {
      const st = src.states.get(en.entity_id);
      const available = st !== undefined && st.state !== STATE_UNAVAILABLE;
      if (en.device_id !== null) {
        const list = byDevice.get(en.device_id) ?? [];
        list.push(available);
        byDevice.set(en.device_id, list);
      }
      const unit = st?.attributes['unit_of_measurement'];
      return {
        entity_id: en.entity_id,
        name: en.name,
        state: st?.state ?? null,
        unit: typeof unit === 'string' ? unit : null,
        available,
        last_changed: st?.last_changed ?? null,
      };
    })
    .sort((a, b) => a.entity_id.localeCompare(b.entity_id));
  const devices: PanelDevice[] = src.registry
    .devices()
    .map((d) => {
      const own = byDevice.get(d.id) ?? [];
      const known = src.deviceOnline?.(d.id);
      return {
        id: d.id,
        name: d.name ?? d.id,
        area: d.area,
        manufacturer: d.manufacturer,
        model: d.model,
        online: known ?? (own.length === 0 ? null : own.some(Boolean)),
        entity_count: own.length,
      };
    })
    .sort((a, b) => a.name.localeCompare(b.name));
  const automations = [...(src.automations?.() ?? [])]
    .map((a) => ({
      id: a.id,
      alias: a.alias,
      enabled: a.enabled,
      last_triggered: a.last_triggered,
      last_outcome: a.last_outcome,
      error_count: a.error_count,
    }))
    .sort((a, b) => a.alias.localeCompare(b.alias));
  return {
    status: src.health(),
    devices,
    entities: rows,
    automations,
    broker: src.brokerLogin?.(),
    diagnostics: {
      automations: src.automationProblems?.() ?? 0,
      discovery: src.discoveryProblems?.() ?? 0,
      alerts: src.activeAlerts?.() ?? 0,
    },
  };
}
