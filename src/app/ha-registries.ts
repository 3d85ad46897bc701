// Home Assistant's device and entity registries (part of the composition root): read over its WebSocket API
// through the Supervisor when running as an add-on (SUPERVISOR_TOKEN set), so that device triggers, conditions and
// actions made in Home Assistant's editor (its device and entity registry ids) find Switchyard's devices and
// entities. Without the token there are none: Switchyard's own ids work, Home Assistant's are reported as such.
import { createHaRegistries } from '../adapters/supervisor/ha-registries.js';
import { type HaRegistries, ownEntity } from '../automations/device-automation/ids.js';
import type { Registry } from '../core/registry.js';
import type { AliasSource } from '../intents/home-index.js';
import type { Logger } from '../core/logger.js';
import type { Service } from '../core/ports.js';

export interface HaRegistriesWiring {
  env: { SUPERVISOR_TOKEN?: string | undefined; SUPERVISOR_URL?: string | undefined };
  log: Logger;
  /** pause before reconnecting (tests shorten it) */
  retryDelayMs?: number | undefined;
}

export function createHaRegistriesService(w: HaRegistriesWiring): {
  registries: HaRegistries | undefined;
  service: Service;
} {
  const token = w.env.SUPERVISOR_TOKEN?.trim();
  if (!token)
    return { registries: undefined, service: { name: 'home-assistant-registries', async start() {}, async stop() {} } };
  const registries = createHaRegistries({
    url: w.env.SUPERVISOR_URL?.trim() || 'http://supervisor',
    token,
    log: w.log.child({ part: 'ha-registries' }),
    ...(w.retryDelayMs !== undefined ? { retryDelayMs: w.retryDelayMs } : {}),
  });
  return { registries, service: registries };
}

/**
 * The names Home Assistant gives Switchyard's entities, for spoken commands: each entry's aliases and, when renamed
 * there, its name. Worked out again when Home Assistant's registries were read again.
 */
export function haAliases(ha: HaRegistries, registry: Pick<Registry, 'entity' | 'entityByUniqueId'>): AliasSource {
  let byEntity: Map<string, string[]> | undefined;
  const build = () => {
    const map = new Map<string, string[]>();
    for (const e of ha.entities()) {
      const names = [...(e.aliases ?? []), ...(e.name ? [e.name] : [])];
      const own = names.length > 0 ? ownEntity(registry, e) : undefined;
      if (own) map.set(own.entity_id, [...(map.get(own.entity_id) ?? []), ...names]);
    }
    return map;
  };
  ha.onChange(() => {
    byEntity = undefined;
  });
  return {
    of(entityId) {
      if (!byEntity) byEntity = build();
      return byEntity.get(entityId) ?? [];
    },
    onChange: (listener) => ha.onChange(listener),
  };
}
