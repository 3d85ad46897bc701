// The home's location settings (sun.sun, sun triggers and conditions): optional, validated, from the options file
// or the environment.
import { describe, expect, it } from 'vitest';
import { loadSettings } from '../../src/config/load-settings.js';
import { parseSettings, SettingsError } from '../../src/config/settings.js';

const problems = (raw: Record<string, unknown>): readonly string[] => {
  try {
    parseSettings(raw);
  } catch (err) {
    if (err instanceof SettingsError) return err.problems;
    throw err;
  }
  return [];
};

describe('location settings', () => {
  it('are unset by default', () => {
    const s = loadSettings({ env: {}, optionsPath: '/nonexistent/options.json' });
    expect([s.latitude, s.longitude, s.elevation, s.time_zone]).toEqual([undefined, undefined, undefined, undefined]);
  });

  it('come from the environment as text', () => {
    const s = loadSettings({
      env: {
        SWITCHYARD_LATITUDE: '-33.8688',
        SWITCHYARD_LONGITUDE: '151.2093',
        SWITCHYARD_ELEVATION: '58',
        SWITCHYARD_TIME_ZONE: 'Australia/Sydney',
      },
      optionsPath: '/nonexistent/options.json',
    });
    expect(s).toMatchObject({ latitude: -33.8688, longitude: 151.2093, elevation: 58, time_zone: 'Australia/Sydney' });
  });

  it('names what is wrong: out of range, half a position, an unknown zone', () => {
    expect(problems({ latitude: 91, longitude: 0 })).toEqual([
      'latitude: Too big: expected number to be <=90 (got 91)',
    ]);
    expect(problems({ latitude: 51.5 })).toEqual(['longitude: latitude and longitude must be set together']);
    expect(problems({ time_zone: 'Mars/Olympus' })).toEqual([
      'time_zone: must be an IANA time zone (got "Mars/Olympus")',
    ]);
  });
});
