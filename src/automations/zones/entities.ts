/**
 * The `zone.<id>` entities, kept as Home Assistant's `components/zone/__init__.py` keeps them:
 * - one per `zone:` definition of the automations folder (YAML zones: `editable: false`), its object id the slug of
 *   its name (a second zone with the same name gets `_2`, as the collection's IDManager does);
 * - `zone.home` from the home's location (name `location_name`, default "Home"; radius from the core config, else
 *   100 m; icon mdi:home; `editable: true` as Home Assistant's own), unless a YAML zone is itself named home;
 * - state: how many `person` entities are in it (a person is in a zone when its state, case-folded, is the zone's
 *   name, or `home` for zone.home); attributes latitude, longitude, radius, passive, persons (sorted), editable,
 *   icon, friendly_name.
 * The entities have their own source (`zone`), so discovery and the ESP32 bridge leave them alone; zones no longer
 * defined are removed from the registry and the state store.
 */
import { localEntity } from '../../core/model.js';
import type { Unsubscribe } from '../../core/event-bus.js';
import type { EventBus } from '../../core/event-bus.js';
import type { CoreEvents } from '../../core/events.js';
import type { Service } from '../../core/ports.js';
import type { Registry } from '../../core/registry.js';
import type { StateStore } from '../../core/state-store.js';
import type { State } from '../../core/state.js';
import type { AutomationDiagnostic, DefinitionConsumer } from '../model.js';
import type { LoadedDefinition } from '../sections.js';
import type { SunSource } from '../sun.js';

export const ZONE_SOURCE = 'zone';
export const HOME_ZONE = 'zone.home';
const DEFAULT_RADIUS = 100;

interface ZoneSpec {
  readonly name: string;
  readonly latitude: number;
  readonly longitude: number;
  readonly radius: number;
  readonly passive: boolean;
  readonly icon?: string | undefined;
  readonly editable: boolean;
}

export interface ZoneEntitiesDeps {
  readonly registry: Registry;
  readonly states: StateStore;
  readonly bus: EventBus<CoreEvents>;
  /** where the home's location comes from (zone.home); absent: no zone.home */
  readonly home?: SunSource | undefined;
}

export type ZoneEntities = DefinitionConsumer & Service;

const IN_NO_ZONE = new Set(['not_home', 'unknown', 'unavailable']);

export function createZoneEntities(deps: ZoneEntitiesDeps): ZoneEntities {
  const { registry, states } = deps;
  const specs = new Map<string, ZoneSpec>();
  let yamlIds = new Set<string>();
  let homeSpec: ZoneSpec | undefined;
  const offs: Unsubscribe[] = [];

  /** `Zone._state_is_in_zone` */
  const isIn = (s: State, zoneId: string, spec: ZoneSpec): boolean =>
    !IN_NO_ZONE.has(s.state) &&
    (s.state.toLowerCase() === spec.name.toLowerCase() || (s.state === 'home' && zoneId === HOME_ZONE));

  const personsIn = (zoneId: string, spec: ZoneSpec): string[] =>
    states
      .all()
      .filter((s) => s.entity_id.startsWith('person.') && isIn(s, zoneId, spec))
      .map((s) => s.entity_id)
      .sort();

  const write = (entityId: string, spec: ZoneSpec): void => {
    const persons = personsIn(entityId, spec);
    states.set(entityId, String(persons.length), {
      latitude: spec.latitude,
      longitude: spec.longitude,
      radius: spec.radius,
      passive: spec.passive,
      persons,
      editable: spec.editable,
      ...(spec.icon !== undefined ? { icon: spec.icon } : {}),
      friendly_name: spec.name,
    });
  };

  const put = (entityId: string, spec: ZoneSpec): void => {
    const existing = registry.entity(entityId);
    if (!existing || existing.source !== ZONE_SOURCE || existing.name !== spec.name) {
      registry.upsertEntity(
        localEntity({
          entity_id: entityId,
          domain: 'zone',
          name: spec.name,
          source: ZONE_SOURCE,
        }),
      );
    }
    specs.set(entityId, spec);
    write(entityId, spec);
  };

  const drop = (entityId: string): void => {
    specs.delete(entityId);
    if (registry.entity(entityId)?.source === ZONE_SOURCE) registry.removeEntity(entityId);
    states.remove(entityId);
  };

  const applyHome = (): void => {
    if (yamlIds.has(HOME_ZONE)) return;
    if (homeSpec) put(HOME_ZONE, homeSpec);
    else if (specs.has(HOME_ZONE)) drop(HOME_ZONE);
  };

  return {
    name: 'zones',
    sections: ['zone'],
    apply(definitions: readonly LoadedDefinition[]): readonly AutomationDiagnostic[] {
      const next = new Map<string, ZoneSpec>();
      for (const def of definitions) {
        if (def.section !== 'zone') continue;
        const config = def.config as Omit<ZoneSpec, 'editable'>;
        let id = `zone.${def.id}`;
        for (let n = 2; next.has(id); n++) id = `zone.${def.id}_${n}`;
        next.set(id, { ...config, editable: false });
      }
      yamlIds = new Set(next.keys());
      for (const id of [...specs.keys()]) if (!next.has(id) && id !== HOME_ZONE) drop(id);
      // zones left from an earlier start that the folder no longer defines
      for (const e of registry.entities())
        if (e.source === ZONE_SOURCE && !next.has(e.entity_id) && e.entity_id !== HOME_ZONE) drop(e.entity_id);
      for (const [id, spec] of next) put(id, spec);
      applyHome();
      return [];
    },
    async start() {
      if (offs.length > 0) return;
      offs.push(
        deps.bus.on('state_changed', ({ entity_id: id, new_state: after }) => {
          if (!id.startsWith('person.')) return;
          // only zones the person enters or leaves change (Home Assistant's `_person_state_change_listener`)
          for (const [zoneId, spec] of specs) {
            const listed = states.get(zoneId)?.attributes['persons'];
            const wasIn = Array.isArray(listed) && listed.includes(id);
            if (wasIn !== (!!after && isIn(after, zoneId, spec))) write(zoneId, spec);
          }
        }),
      );
      const home = deps.home;
      if (home) {
        offs.push(
          home.ready((sun) => {
            const { latitude, longitude, radius, name } = sun.location;
            homeSpec = {
              name: name ?? 'Home',
              latitude,
              longitude,
              radius: radius ?? DEFAULT_RADIUS,
              passive: false,
              icon: 'mdi:home',
              editable: true,
            };
            applyHome();
          }),
        );
      } else if (registry.entity(HOME_ZONE)?.source === ZONE_SOURCE && !yamlIds.has(HOME_ZONE)) drop(HOME_ZONE);
    },
    async stop() {
      for (const off of offs.splice(0)) off();
    },
  };
}
