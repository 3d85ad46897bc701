/**
 * Warnings for the ids of device triggers, conditions and actions that do not resolve now, at the line they are
 * written on, with the reason (`ids.ts`). Worked out whenever diagnostics are asked for: Home Assistant's
 * registries and Switchyard's entities arrive after the automations load. The `device_id` of an entity domain's
 * device automation is not checked: Home Assistant does not use it either (the entity decides).
 */
import type { AutomationDiagnostic, LoadedAutomation } from '../model.js';
import type { EntityLookup } from '../references.js';
import type { DeviceResolver } from './ids.js';

export { createDeviceResolver, type HaRegistries } from './ids.js';

export function deviceWarnings(
  automation: LoadedAutomation,
  devices: DeviceResolver,
  lookup: EntityLookup,
): AutomationDiagnostic[] {
  return (automation.entity_references ?? []).flatMap((r) => {
    const device = r.device;
    if (!device || (device.key === 'device_id' && device.domain !== 'mqtt')) return [];
    const found = device.key === 'device_id' ? devices.device(r.entity_id) : devices.entity(r.entity_id, device.domain);
    const at = { file: r.file, line: r.line, column: r.column, automation_id: automation.id };
    if (!found.ok)
      return [
        {
          ...at,
          severity: 'warning' as const,
          message: `${r.path}: ${found.reason}`,
          hint: 'a trigger waits for it; a condition or action that reaches it fails with this reason',
        },
      ];
    if (device.key === 'entity_id' && !lookup.has(found.id))
      return [
        {
          ...at,
          severity: 'warning' as const,
          message: `${r.path}: entity '${found.id}' does not exist`,
          hint: 'no entity with this id has been discovered (yet)',
        },
      ];
    return [];
  });
}
