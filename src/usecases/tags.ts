// Scanning a tag without an MQTT tag scanner: Home Assistant's `tag.async_scan_tag` (what its mobile app and the
// tag integration call) fires `tag_scanned` with the tag id and the scanning device; `trigger: tag` reacts to it.
import { z } from 'zod';

export interface TagDeps {
  /** fires the `tag_scanned` event; without it tags can only come from MQTT tag scanners */
  readonly scanTag?: ((tagId: string, deviceId: string | null) => void) | undefined;
}

export const ScanTagInput = z.object({
  tag_id: z.string().trim().min(1).max(255).describe('The id of the tag that was read.'),
  device_id: z.string().min(1).max(255).optional().describe('The device that read it (tag triggers may ask for it).'),
});

export const ScanTagOutput = z.object({ tag_id: z.string(), device_id: z.string().nullable() });

export function scanTag(deps: TagDeps, input: z.input<typeof ScanTagInput>): z.output<typeof ScanTagOutput> {
  const args = ScanTagInput.parse(input);
  if (!deps.scanTag) throw new Error('tag scans are not available');
  const deviceId = args.device_id ?? null;
  deps.scanTag(args.tag_id, deviceId);
  return { tag_id: args.tag_id, device_id: deviceId };
}
