import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { loadSettings } from '../../src/config/load-settings.js';
import { SettingsError } from '../../src/config/settings.js';
import { tempDir } from '../helpers/net.js';

const dirs: { remove(): void }[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) d.remove();
});

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
    const path = optionsFile(
      JSON.stringify({ http_port: 8100, log_level: 'debug', api_token: null, discovery_prefix: 'ha' }),
    );
    const s = loadSettings({
      env: { SWITCHYARD_HTTP_PORT: '8200', SWITCHYARD_BROKER_PORT: '18830' },
      optionsPath: path,
    });
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
        env: {
          SWITCHYARD_HTTP_PORT: 'abc',
          SWITCHYARD_BROKER_PORT: '70000',
          SWITCHYARD_LOG_LEVEL: 'loud',
          SWITCHYARD_MQTT_URL: 'http://x',
        },
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
    expect(problems(() => loadSettings({ env: {}, optionsPath: optionsFile('{"htp_port": 1}') }))[0]).toMatch(
      /htp_port: unknown setting/,
    );
    expect(problems(() => loadSettings({ env: {}, optionsPath: optionsFile('{nope') }))[0]).toMatch(/not valid JSON/);
    expect(problems(() => loadSettings({ env: {}, optionsPath: optionsFile('[1]') }))[0]).toMatch(/JSON object/);
    expect(
      problems(() => loadSettings({ env: { SWITCHYARD_BROKER_USERNAME: 'u' }, optionsPath: '/nonexistent' }))[0],
    ).toMatch(/broker_password/);
  });

  it('takes a cluster instance name only with a shared broker and PostgreSQL, naming what is missing', () => {
    const load = (env: Record<string, string>) => loadSettings({ env, optionsPath: '/nonexistent' });
    const shared = { SWITCHYARD_MQTT_URL: 'mqtt://broker:1883', SWITCHYARD_DATABASE_URL: 'postgres://u:p@db/sy' };
    expect(load({ ...shared, SWITCHYARD_CLUSTER_INSTANCE: 'site-a_1' }).cluster_instance).toBe('site-a_1');
    expect(load({}).cluster_instance).toBe('');
    expect(problems(() => load({ ...shared, SWITCHYARD_CLUSTER_INSTANCE: 'a/b' }))[0]).toMatch(
      /cluster_instance: must be empty or up to 64 letters/,
    );
    const noDatabase = { SWITCHYARD_MQTT_URL: shared.SWITCHYARD_MQTT_URL, SWITCHYARD_CLUSTER_INSTANCE: 'a' };
    expect(problems(() => load(noDatabase)).join('\n')).toMatch(/cluster_instance: .*database_url/);
    const noBroker = { SWITCHYARD_DATABASE_URL: shared.SWITCHYARD_DATABASE_URL, SWITCHYARD_CLUSTER_INSTANCE: 'a' };
    expect(problems(() => load(noBroker)).join('\n')).toMatch(/cluster_instance: .*mqtt_url/);
  });

  it('maps Home Assistant log level names to ours', () => {
    expect(loadSettings({ env: { SWITCHYARD_LOG_LEVEL: 'warning' }, optionsPath: '/x' }).log_level).toBe('warn');
  });

  describe('mqtt_profiles', () => {
    const env = (profiles: unknown) => ({
      SWITCHYARD_MQTT_PROFILES: typeof profiles === 'string' ? profiles : JSON.stringify(profiles),
    });

    it('defaults to no profiles and reads them from the options file or as JSON from the environment', () => {
      expect(loadSettings({ env: {}, optionsPath: '/nonexistent' }).mqtt_profiles).toEqual([]);
      const path = optionsFile(
        JSON.stringify({
          mqtt_profiles: [{ name: 'lab', url: 'mqtt://10.0.0.5:1883', username: 'u', password: 'p', publish: null }],
        }),
      );
      expect(loadSettings({ env: {}, optionsPath: path }).mqtt_profiles).toEqual([
        { name: 'lab', url: 'mqtt://10.0.0.5:1883', username: 'u', password: 'p', publish: true },
      ]);
      const fromEnv = loadSettings({
        env: env([
          { name: 'plant-2', url: 'wss://plant.example/mqtt', publish: false },
          { name: 'ws_1', url: 'ws://10.0.0.6:9001', username: '' },
        ]),
        optionsPath: path,
      });
      expect(fromEnv.mqtt_profiles).toEqual([
        { name: 'plant-2', url: 'wss://plant.example/mqtt', publish: false },
        { name: 'ws_1', url: 'ws://10.0.0.6:9001', publish: true },
      ]);
      expect(loadSettings({ env: env(''), optionsPath: '/nonexistent' }).mqtt_profiles).toEqual([]);
    });

    it('names the key and index of a bad name, a duplicate, "main" and a bad URL, never echoing a password', () => {
      const found = problems(() =>
        loadSettings({
          env: env([
            { name: 'Lab', url: 'mqtt://a:1883' },
            { name: 'lab', url: 'http://a', password: 'hunter2' },
            { name: 'lab', url: 'mqtt://u:hunter2@', password: 'hunter2' },
            { name: 'main', url: 'mqtt://b' },
            { name: 'x', url: 'mqtt://c', pasword: 'hunter2' },
          ]),
          optionsPath: '/nonexistent',
        }),
      ).join('\n');
      expect(found).toMatch(/^mqtt_profiles\.0\.name: must be 1–32 characters of a-z, 0-9, _ and - \(got "Lab"\)$/m);
      expect(found).toMatch(
        /^mqtt_profiles\.1\.url: must be an mqtt:\/\/, mqtts:\/\/, ws:\/\/ or wss:\/\/ URL.* \(got "http:\/\/a"\)$/m,
      );
      expect(found).toMatch(/^mqtt_profiles\.2\.url: must be an mqtt.*\(got "mqtt:\/\/…@"\)$/m);
      expect(found).toMatch(/^mqtt_profiles\.3\.name: "main" is Switchyard's own connection/m);
      expect(found).toMatch(/^mqtt_profiles\.4\.pasword: unknown field$/m);
      expect(found).toMatch(/^mqtt_profiles\.2\.name: duplicate profile name "lab"/m);
      expect(found).not.toContain('hunter2');
      const dup = problems(() =>
        loadSettings({
          env: env([
            { name: 'lab', url: 'mqtt://a' },
            { name: 'lab', url: 'mqtt://b' },
          ]),
          optionsPath: '/x',
        }),
      );
      expect(dup).toEqual(['mqtt_profiles.1.name: duplicate profile name "lab" (got "lab")']);
    });

    it('rejects more than 10 profiles, a non-list and JSON that does not parse, without quoting it', () => {
      const many = Array.from({ length: 11 }, (_, i) => ({ name: `p${i}`, url: 'mqtt://a' }));
      expect(problems(() => loadSettings({ env: env(many), optionsPath: '/x' }))).toEqual([
        'mqtt_profiles: at most 10 profiles',
      ]);
      expect(problems(() => loadSettings({ env: env({ name: 'lab' }), optionsPath: '/x' }))[0]).toMatch(
        /^mqtt_profiles: /,
      );
      const bad = problems(() =>
        loadSettings({ env: env('[{"name":"lab","url":"mqtt://a","password":"hunter2"'), optionsPath: '/x' }),
      );
      expect(bad).toHaveLength(1);
      expect(bad[0]).toMatch(/^mqtt_profiles: not valid JSON/);
      expect(bad[0]).not.toContain('hunter2');
      const path = optionsFile(JSON.stringify({ mqtt_profiles: [{ name: 'lab' }] }));
      expect(problems(() => loadSettings({ env: {}, optionsPath: path }))[0]).toMatch(/^mqtt_profiles\.0\.url: /);
    });
  });
});
