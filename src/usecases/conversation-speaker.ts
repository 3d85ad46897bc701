// Where a command was spoken: the request's `context.area` (an area name or id, "living_room" = "Living Room"),
// else the area of the device that heard it (a satellite's `device_id` in the registry). Resolved once per command
// and handed to every conversation handler as `ConversationInput.area`. An area the registry does not know is not
// an error — the text is still understood, without an area — but the answer says so (`speaker.unknown_area`).
import { z } from 'zod';
import { sameArea } from '../core/areas.js';
import { closest } from '../core/similarity.js';
import type { UseCaseDeps } from './deps.js';
import { knownAreas } from './shared.js';

export const SpeakerOutput = z
  .object({
    area: z.string().nullable().describe('the area the command was taken as spoken in, as the registry names it'),
    area_from: z
      .enum(['context', 'device'])
      .nullable()
      .describe('context: the request named it; device: the area of the device that heard the command'),
    unknown_area: z
      .string()
      .optional()
      .describe('context.area as given when no area of that name or id is known (the command ran without it)'),
    unknown_device: z.string().optional().describe('device_id as given when the registry has no such device'),
    hint: z.string().optional().describe('why the area was not found, with the closest known areas'),
  })
  .describe('where the command was spoken; present when the request gave context.area or device_id');

export type Speaker = z.output<typeof SpeakerOutput>;

/** The registry's spelling of an area given by name or id, or undefined when no device or entity is in it. */
function knownArea(deps: Pick<UseCaseDeps, 'registry'>, area: string): string | undefined {
  for (const d of deps.registry.devices()) if (sameArea(d.area, area)) return d.area ?? undefined;
  for (const e of deps.registry.entities()) if (sameArea(e.area, area)) return e.area ?? undefined;
  return undefined;
}

export function resolveSpeaker(
  deps: Pick<UseCaseDeps, 'registry'>,
  contextArea: string | undefined,
  deviceId: string | undefined,
): Speaker {
  const problems: Pick<Speaker, 'unknown_area' | 'unknown_device' | 'hint'> = {};
  const hints: string[] = [];
  if (contextArea !== undefined) {
    const area = knownArea(deps, contextArea);
    if (area !== undefined) return { area, area_from: 'context' };
    const near = closest(contextArea, knownAreas(deps));
    problems.unknown_area = contextArea;
    hints.push(`No area "${contextArea}".${near.length > 0 ? ` Closest areas: ${near.join(', ')}.` : ''}`);
  }
  const hint = () => (hints.length > 0 ? { hint: hints.join(' ') } : {});
  if (deviceId !== undefined) {
    const device = deps.registry.device(deviceId);
    if (device?.area) return { area: device.area, area_from: 'device', ...problems, ...hint() };
    if (!device) problems.unknown_device = deviceId;
    hints.push(device ? `Device "${deviceId}" has no area.` : `No device "${deviceId}".`);
  }
  return { area: null, area_from: null, ...problems, ...hint() };
}
