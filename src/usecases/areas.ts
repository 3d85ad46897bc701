// The areas (rooms) in use, with their device and entity counts and the domains present.
import { z } from 'zod';
import { sameArea } from '../core/areas.js';
import { entityArea, knownAreas, type LookupDeps } from './shared.js';

export const ListAreasInput = z.object({});

export const ListAreasOutput = z.object({
  areas: z.array(
    z.object({
      area: z.string(),
      device_count: z.number().int(),
      entity_count: z.number().int(),
      domains: z.array(z.string()),
    }),
  ),
  entities_without_area: z.number().int(),
});

export function listAreas(deps: LookupDeps): z.infer<typeof ListAreasOutput> {
  const devices = deps.registry.devices();
  const entities = deps.registry.entities().map((e) => ({ e, area: entityArea(deps, e) }));
  const areas = knownAreas(deps).map((area) => {
    const inArea = entities.filter((x) => sameArea(x.area, area));
    return {
      area,
      device_count: devices.filter((d) => sameArea(d.area, area)).length,
      entity_count: inArea.length,
      domains: [...new Set(inArea.map((x) => x.e.domain))].sort(),
    };
  });
  return { areas, entities_without_area: entities.filter((x) => x.area === null).length };
}
