import { readFileSync } from 'node:fs';
import { parseSettings, SETTING_KEYS, SettingsError, type Settings } from './settings.js';

export const DEFAULT_OPTIONS_PATH = '/data/options.json';

export interface SettingsSources {
  env: Readonly<Record<string, string | undefined>>;
  /** the add-on options file; defaults to SWITCHYARD_OPTIONS or /data/options.json; a missing file is skipped */
  optionsPath?: string;
}

/** Defaults < add-on options file < `SWITCHYARD_<KEY>` environment variables. Throws SettingsError. */
export function loadSettings({ env, optionsPath }: SettingsSources): Settings {
  const path = optionsPath ?? env.SWITCHYARD_OPTIONS ?? DEFAULT_OPTIONS_PATH;
  const fromFile = readOptionsFile(path);
  const fromEnv: Record<string, string> = {};
  for (const key of SETTING_KEYS) {
    const value = env[`SWITCHYARD_${key.toUpperCase()}`];
    if (value !== undefined) fromEnv[key] = value;
  }
  return parseSettings({ ...fromFile, ...fromEnv });
}

function readOptionsFile(path: string): Record<string, unknown> {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return {};
    throw new SettingsError([`${path}: cannot read the options file (${(err as Error).message})`]);
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (err) {
    throw new SettingsError([`${path}: not valid JSON (${(err as Error).message})`]);
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
    throw new SettingsError([`${path}: must hold a JSON object of settings`]);
  }
  // Home Assistant writes optional options it has no value for as null; treat those as unset.
  return Object.fromEntries(Object.entries(parsed).filter(([, v]) => v !== null));
}
