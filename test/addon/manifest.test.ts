// The add-on manifest and image must agree with the settings the code reads.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { parseSettings, SETTING_KEYS } from '../../src/config/settings.js';

const root = new URL('../../', import.meta.url);
const manifest = parse(readFileSync(new URL('config.yaml', root), 'utf8')) as {
  version: string;
  slug: string;
  arch: string[];
  options: Record<string, unknown>;
  schema: Record<string, string | string[]>;
  ports: Record<string, number | null>;
};
const pkg = JSON.parse(readFileSync(new URL('package.json', root), 'utf8')) as { version: string };

describe('add-on manifest', () => {
  it('has the required keys, a quoted version equal to package.json, and a valid slug', () => {
    expect(typeof manifest.version).toBe('string');
    expect(manifest.version).toBe(pkg.version);
    expect(manifest.slug).toMatch(/^[-_.A-Za-z0-9]+$/);
    expect(manifest.arch).toEqual(['aarch64', 'amd64']);
  });

  it('offers only options the settings schema knows, with types the Supervisor accepts', () => {
    const element = /^(?:bool|email|url|port|str|password|int|float|match\(.+\)|list\([^)]+\))(?:\(\d*,\d*\))?\??$|^(?:str|password|int|float)\(-?[\d.]*,-?[\d.]*\)\??$/;
    for (const [key, type] of Object.entries(manifest.schema)) {
      expect(SETTING_KEYS, `schema key ${key}`).toContain(key);
      // a list option is written as a one-element list of its item type
      const types = Array.isArray(type) ? type : [type];
      expect(types).toHaveLength(1);
      expect(types[0], `type of ${key}`).toMatch(element);
    }
    for (const key of Object.keys(manifest.options)) expect(Object.keys(manifest.schema)).toContain(key);
  });

  it('has default options that the settings schema accepts unchanged', () => {
    const settings = parseSettings(manifest.options);
    for (const [key, value] of Object.entries(manifest.options)) {
      expect(settings[key as keyof typeof settings]).toBe(value);
    }
  });

  it('keeps port keys in the Supervisor format with mappings off by default', () => {
    for (const [key, host] of Object.entries(manifest.ports)) {
      expect(key).toMatch(/^\d+(?:\/tcp|\/udp)?$/);
      expect(host).toBeNull();
    }
  });

  it('builds an image that runs the compiled entry point and checks health', () => {
    const dockerfile = readFileSync(new URL('Dockerfile', root), 'utf8');
    expect(dockerfile).toMatch(/^CMD \["node", "\/app\/dist\/src\/main\.js"\]$/m);
    expect(dockerfile).toMatch(/HEALTHCHECK[\s\S]*\/api\/health/);
    expect(dockerfile).toMatch(/SWITCHYARD_DATA_DIR=\/data/);
    expect(dockerfile).toMatch(/FROM \$\{BASE_IMAGE\}/);
    expect(dockerfile).toMatch(/ARG BASE_IMAGE=node:22-alpine/);
  });
});
