/**
 * Registry of the supported MQTT entity platforms and validation of an expanded discovery config.
 */
import { formatIssues } from '../common-schema.js';
import { parseWithTemplates } from './config-templates.js';
import type { TemplateCache } from './template-cache.js';
import { alarmControlPanelPlatform } from './alarm_control_panel.js';
import { valvePlatform } from './valve.js';
import { lawnMowerPlatform } from './lawn_mower.js';
import { vacuumPlatform } from './vacuum.js';
import { humidifierPlatform } from './humidifier.js';
import { waterHeaterPlatform } from './water_heater.js';
import { notifyPlatform } from './notify.js';
import { infraredPlatform } from './infrared.js';
import { datePlatform } from './date.js';
import { timePlatform } from './time.js';
import { datetimePlatform } from './datetime.js';
import { binarySensorPlatform } from './binary_sensor.js';
import { buttonPlatform } from './button.js';
import { cameraPlatform } from './camera.js';
import { climatePlatform } from './climate.js';
import { coverPlatform } from './cover.js';
import { deviceTrackerPlatform } from './device_tracker.js';
import { eventPlatform } from './event.js';
import { fanPlatform } from './fan.js';
import { imagePlatform } from './image.js';
import { lightPlatform } from './light.js';
import { lockPlatform } from './lock.js';
import { numberPlatform } from './number.js';
import type { PlatformModule } from './platform.js';
import { scenePlatform } from './scene.js';
import { selectPlatform } from './select.js';
import { sensorPlatform } from './sensor.js';
import { sirenPlatform } from './siren.js';
import { switchPlatform } from './switch.js';
import { textPlatform } from './text.js';
import { updatePlatform } from './update.js';

export * from './platform.js';
export { createTemplateCache } from './config-templates.js';
export type { TemplateCache } from './template-cache.js';
export {
  availabilitySources,
  renderValue,
  type AvailabilitySource,
  type BaseConfig,
  type Templates,
} from './shared.js';

const ALL = [
  sensorPlatform,
  binarySensorPlatform,
  switchPlatform,
  lightPlatform,
  coverPlatform,
  climatePlatform,
  fanPlatform,
  numberPlatform,
  selectPlatform,
  buttonPlatform,
  lockPlatform,
  eventPlatform,
  deviceTrackerPlatform,
  textPlatform,
  scenePlatform,
  updatePlatform,
  sirenPlatform,
  cameraPlatform,
  imagePlatform,
  alarmControlPanelPlatform,
  valvePlatform,
  lawnMowerPlatform,
  vacuumPlatform,
  humidifierPlatform,
  waterHeaterPlatform,
  notifyPlatform,
  infraredPlatform,
  datePlatform,
  timePlatform,
  datetimePlatform,
] as const;

// biome-ignore lint/suspicious/noExplicitAny: one map holds every platform, each with its own config type
export const platforms: ReadonlyMap<string, PlatformModule<any>> = new Map(
  ALL.map((p) => [p.domain, p as PlatformModule<unknown>]),
);

export type ParseEntityResult =
  // biome-ignore lint/suspicious/noExplicitAny: the platform found at run time, whichever config type it has
  | { readonly ok: true; readonly platform: PlatformModule<any>; readonly config: unknown }
  | { readonly ok: false; readonly reason: string; readonly code: 'unsupported_platform' | 'config' };

/**
 * Validates an expanded (abbreviations and `~` already applied) entity config for `component`.
 * On failure the reason names the key and the problem, e.g. "switch config is invalid: required key
 * 'command_topic' not provided". Its templates are compiled through `templates` (the caller's cache; compiled
 * afresh without one).
 */
export function parseEntityConfig(
  component: string,
  expandedConfig: Record<string, unknown>,
  templates?: TemplateCache,
): ParseEntityResult {
  const platform = platforms.get(component);
  if (platform === undefined) {
    return {
      ok: false,
      code: 'unsupported_platform',
      reason: `The MQTT platform '${component}' is not supported here (supported: ${[...platforms.keys()].join(', ')}).`,
    };
  }
  const result = parseWithTemplates(templates, () => platform.schema.safeParse(expandedConfig));
  if (!result.success)
    return {
      ok: false,
      code: 'config',
      reason: `${component} config is invalid: ${formatIssues(result.error.issues)}`,
    };
  return { ok: true, platform, config: result.data };
}
