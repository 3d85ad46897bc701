import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { loadSettings } from '../../src/config/load-settings.js';
import { SettingsError } from '../../src/config/settings.js';
import { tempDir } from '../helpers/net.js';

const dirs: { remove(): void }[] = [];
afterEach(() => dirs.splice(0).forEach((d) => d.remove()));

function optionsFile(content: string): string {
  const dir = tempDir();
  dirs.push(dir);
  const path = join(dir.path, 'options.json');
  writeFileSync(path, content);
  return path;
}

const problems = (fn: () => unknown): readonly string[] => {
  try {
    fn();
  } catch (err) {
    if (err instanceof SettingsError) return err.problems;
    throw err;
  }
  throw new Error('expected a SettingsError');
};

describe('settings', () => {
  it('has the documented defaults when nothing is set', () => {
    const s = loadSettings({ env: {}, optionsPath: '/nonexistent/options.json' });
    expect(s).toMatchObject({
      mqtt_url: '',
      broker_port: 1883,
      http_host: '0.0.0.0',
      http_port: 8099,
      data_dir: './data',
      automations_dir: './automations',
      discovery_prefix: 'homeassistant',
      bridge_prefix: 'devices',
      log_level: 'info',
      history_retention_days: 30,
    });
    expect(s.api_token).toBeUndefined();
  });

  it('layers defaults < options file < environment', () => {
    const path = optionsFile(JSON.stringify({ http_port: 8100, log_level: 'debug', api_token: null, discovery_prefix: 'ha' }));
    const s = loadSettings({ env: { SWITCHYARD_HTTP_PORT: '8200', SWITCHYARD_BROKER_PORT: '18830' }, optionsPath: path });
    expect(s.http_port).toBe(8200);
    expect(s.broker_port).toBe(18830);
    expect(s.log_level).toBe('debug');
    expect(s.discovery_prefix).toBe('ha');
    expect(s.api_token).toBeUndefined();
  });

  it('finds the options file through SWITCHYARD_OPTIONS', () => {
    const path = optionsFile(JSON.stringify({ api_token: 'secret' }));
    expect(loadSettings({ env: { SWITCHYARD_OPTIONS: path } }).api_token).toBe('secret');
  });

  it('names every bad key with its reason', () => {
    const found = problems(() =>
      loadSettings({
        env: { SWITCHYARD_HTTP_PORT: 'abc', SWITCHYARD_BROKER_PORT: '70000', SWITCHYARD_LOG_LEVEL: 'loud', SWITCHYARD_MQTT_URL: 'http://x' },
        optionsPath: '/nonexistent',
      }),
    );
    expect(found).toHaveLength(4);
    expect(found.join('\n')).toMatch(/^http_port: .*"abc"/m);
    expect(found.join('\n')).toMatch(/^broker_port: /m);
    expect(found.join('\n')).toMatch(/^log_level: /m);
    expect(found.join('\n')).toMatch(/^mqtt_url: must be empty/m);
  });

  it('rejects unknown keys in the options file, bad JSON and half-set broker credentials', () => {
    expect(problems(() => loadSettings({ env: {}, optionsPath: optionsFile('{"htp_port": 1}') }))[0]).toMatch(/htp_port: unknown setting/);
    expect(problems(() => loadSettings({ env: {}, optionsPath: optionsFile('{nope') }))[0]).toMatch(/not valid JSON/);
    expect(problems(() => loadSettings({ env: {}, optionsPath: optionsFile('[1]') }))[0]).toMatch(/JSON object/);
    expect(problems(() => loadSettings({ env: { SWITCHYARD_BROKER_USERNAME: 'u' }, optionsPath: '/nonexistent' }))[0]).toMatch(/broker_password/);
  });

  it('maps Home Assistant log level names to ours', () => {
    expect(loadSettings({ env: { SWITCHYARD_LOG_LEVEL: 'warning' }, optionsPath: '/x' }).log_level).toBe('warn');
  });
});
