// The add-on manifest and image must agree with the settings the code reads.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { isDeepStrictEqual } from 'node:util';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { parseSettings, SETTING_KEYS } from '../../src/config/settings.js';

const root = new URL('../../', import.meta.url);
const manifest = parse(readFileSync(new URL('config.yaml', root), 'utf8')) as {
  version: string;
  slug: string;
  arch: string[];
  options: Record<string, unknown>;
  schema: Record<string, string | (string | Record<string, string>)[]>;
  ports: Record<string, number | null>;
  [key: string]: unknown;
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
    const element =
      /^(?:bool|email|url|port|str|password|int|float|match\(.+\)|list\([^)]+\))(?:\(\d*,\d*\))?\??$|^(?:str|password|int|float)\(-?[\d.]*,-?[\d.]*\)\??$/;
    for (const [key, type] of Object.entries(manifest.schema)) {
      expect(SETTING_KEYS, `schema key ${key}`).toContain(key);
      // a list option is written as a one-element list of its item type
      const types = Array.isArray(type) ? type : [type];
      expect(types).toHaveLength(1);
      const item = types[0];
      // a list of dicts (e.g. mqtt_profiles): every field has a plain type
      const leaves = typeof item === 'object' ? Object.values(item) : [item];
      for (const leaf of leaves) expect(leaf, `type of ${key}`).toMatch(element);
    }
    for (const key of Object.keys(manifest.options)) expect(Object.keys(manifest.schema)).toContain(key);
  });

  it('has default options that the settings schema accepts unchanged', () => {
    const settings = parseSettings(manifest.options);
    for (const [key, value] of Object.entries(manifest.options)) {
      expect(settings[key as keyof typeof settings]).toEqual(value);
    }
  });

  it('keeps port keys in the Supervisor format with mappings off by default', () => {
    for (const [key, host] of Object.entries(manifest.ports)) {
      expect(key).toMatch(/^\d+(?:\/tcp|\/udp)?$/);
      expect(host).toBeNull();
    }
  });

  it('builds an image that runs the bundled entry point and checks health', () => {
    const dockerfile = readFileSync(new URL('Dockerfile', root), 'utf8');
    expect(dockerfile).toMatch(/^CMD \["node", (?:"--[\w-]+(?:=\w+)?", )*"\/app\/dist\/server\/main\.js"\]$/m);
    expect(dockerfile).toMatch(/HEALTHCHECK[\s\S]*\/api\/health/);
    expect(dockerfile).toMatch(/SWITCHYARD_DATA_DIR=\/data/);
    expect(dockerfile).toMatch(/^COPY automations \.\/automation-examples$/m);
    expect(dockerfile).toMatch(/SWITCHYARD_EXAMPLES_DIR=\/app\/automation-examples/);
    expect(dockerfile).toMatch(/FROM \$\{BASE_IMAGE\}/);
    expect(dockerfile).toMatch(/ARG BASE_IMAGE=node:22-alpine/);
  });
});

/** Top-level defaults from frenck/action-addon-linter's config.schema.json: the linter errors on keys equal to them. */
const LINTER_DEFAULTS: Record<string, unknown> = {
  apparmor: true,
  audio: false,
  auth_api: false,
  backup: 'hot',
  boot: 'auto',
  devicetree: false,
  docker_api: false,
  full_access: false,
  gpio: false,
  hassio_api: false,
  hassio_role: 'default',
  homeassistant_api: false,
  host_dbus: false,
  host_ipc: false,
  host_network: false,
  host_pid: false,
  host_uts: false,
  ingress: false,
  ingress_port: 8099,
  ingress_stream: false,
  init: true,
  journald: false,
  kernel_modules: false,
  legacy: false,
  options: {},
  panel_admin: true,
  panel_icon: 'mdi:puzzle',
  realtime: false,
  schema: {},
  stage: 'stable',
  startup: 'application',
  stdin: false,
  timeout: 10,
  tmpfs: false,
  udev: false,
  uart: false,
  ulimits: {},
  usb: false,
  video: false,
};
/** Keys this add-on may use; the linter rejects unknown keys (additionalProperties: false). */
const KNOWN_KEYS = new Set([
  'name',
  'version',
  'slug',
  'description',
  'url',
  'arch',
  'startup',
  'services',
  'ingress',
  'panel_icon',
  'panel_title',
  'map',
  'ports',
  'ports_description',
  'backup',
  'backup_exclude',
  'options',
  'schema',
  'homeassistant',
  'image',
  'init',
  'timeout',
  'environment',
  'stage',
  'hassio_api',
  'homeassistant_api',
  'auth_api',
]);
const SCHEMA_ELEMENT =
  /^(?:|bool|email|url|port|device(?:\(subsystem=[a-z]+\))?|str(?:\((?<s_min>\d+)?,(?<s_max>\d+)?\))?|password(?:\((?<p_min>\d+)?,(?<p_max>\d+)?\))?|int(?:\((?<i_min>\d+)?,(?<i_max>\d+)?\))?|float(?:\((?<f_min>[\d.]+)?,(?<f_max>[\d.]+)?\))?|match\((?<match>.*)\)|list\((?<list>.+)\))\??$/;

function files(): string[] {
  return (readdirSync(root, { recursive: true }) as string[])
    .map((f) => f.split('\\').join('/'))
    .filter(
      (f) =>
        !/(^|\/)(node_modules|\.git|dist)(\/|$)/.test(f) &&
        !f.split('/').some((part) => part.startsWith('.') || part === 'rootfs'),
    );
}

function pngSize(file: string): { width: number; height: number } {
  const buf = readFileSync(new URL(file, root));
  expect(
    buf.subarray(0, 8).equals(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])),
    `${file} is a PNG`,
  ).toBe(true);
  expect(buf.subarray(12, 16).toString('ascii'), `${file} starts with IHDR`).toBe('IHDR');
  return { width: buf.readUInt32BE(16), height: buf.readUInt32BE(20) };
}

describe('add-on manifest against the linter and Supervisor rules', () => {
  it('writes no key equal to its default, and only keys the linter knows', () => {
    for (const [key, value] of Object.entries(manifest)) {
      expect(KNOWN_KEYS.has(key), `unknown or unexpected key ${key}`).toBe(true);
      if (key in LINTER_DEFAULTS)
        expect(isDeepStrictEqual(value, LINTER_DEFAULTS[key]), `${key} uses its default value`).toBe(false);
    }
    for (const key of ['watchdog', 'webui', 'advanced', 'codenotary', 'auto_uart', 'init', 'ingress_port'])
      expect(manifest).not.toHaveProperty(key);
  });

  it('has a quoted version, a valid slug, an absolute url and known arches', () => {
    const text = readFileSync(new URL('config.yaml', root), 'utf8');
    expect(text).toMatch(/^version: "[^"]+"$/m);
    expect(manifest.slug).toBe('switchyard');
    expect(manifest.slug).toMatch(/^[-_.A-Za-z0-9]+$/);
    expect(new URL(String(manifest.url)).protocol).toBe('https:');
    for (const key of ['name', 'description']) expect(typeof manifest[key]).toBe('string');
    for (const arch of manifest.arch) expect(['aarch64', 'amd64']).toContain(arch);
  });

  it('wants the MQTT service, uses ingress on the default port and keeps the init Docker gives a non-s6 image', () => {
    const services = manifest.services as string[];
    for (const s of services) expect(s).toMatch(/^(?<service>mqtt|mysql):(?<rights>provide|want|need)$/);
    expect(services).toContain('mqtt:want');
    expect(manifest.ingress).toBe(true);
    expect(String(manifest.panel_icon)).toMatch(/^mdi:[a-z0-9-]+$/);
    const dockerfile = readFileSync(new URL('Dockerfile', root), 'utf8');
    // s6-overlay's /init needs `init: false`; node:*-alpine has no s6, so Docker's tini (init default true) is right
    expect(dockerfile).not.toMatch(/ENTRYPOINT\s*\[\s*"\/init"/);
    expect(dockerfile).not.toMatch(/ghcr\.io\/home-assistant\/[\w-]*base/);
    expect(manifest).not.toHaveProperty('init');
  });

  it('the image runs node with the same flags as npm start (the benchmarks measure those)', () => {
    const pkg = JSON.parse(readFileSync(new URL('package.json', root), 'utf8')) as { scripts: { start: string } };
    const startFlags = pkg.scripts.start.split(/\s+/).filter((w) => w.startsWith('--'));
    expect(startFlags).toContain('--max-semi-space-size=4');
    const cmd = /^CMD\s+(\[.*\])\s*$/m.exec(readFileSync(new URL('Dockerfile', root), 'utf8'));
    const argv = JSON.parse(cmd?.[1] ?? '[]') as string[];
    expect(argv[0]).toBe('node');
    expect(argv.filter((w) => w.startsWith('--'))).toEqual(startFlags);
    expect(argv.at(-1)).toBe('/app/dist/server/main.js');
    // and the environment npm start sets before node
    const startEnv = pkg.scripts.start.split(/\s+/).filter((w) => /^[A-Z_]+=/.test(w));
    expect(startEnv).toContain('MALLOC_ARENA_MAX=2');
    const env = readFileSync(new URL('Dockerfile', root), 'utf8').replace(/\\\n/g, ' ');
    for (const assignment of startEnv) expect(env).toMatch(new RegExp(`^ENV\\s.*\\b${assignment}\\b`, 'm'));
  });

  it('maps the embedded broker and the API/MCP port off by default, each described', () => {
    expect(manifest.ports).toEqual({ '1883/tcp': null, '8099/tcp': null });
    for (const [key, host] of Object.entries(manifest.ports)) {
      expect(key).toMatch(/^\d+(?:\/tcp|\/udp)?$/);
      expect(host === null || (Number.isInteger(host) && host >= 1 && host <= 65535)).toBe(true);
    }
    const described = manifest.ports_description as Record<string, string>;
    expect(Object.keys(described).sort()).toEqual(Object.keys(manifest.ports).sort());
    expect(described['8099/tcp']).toMatch(/api_token/);
  });

  it('maps its own config folder read-write for automations, in the object form', () => {
    expect(manifest.map).toEqual([{ type: 'addon_config', read_only: false }]);
    expect(readFileSync(new URL('Dockerfile', root), 'utf8')).toMatch(
      /SWITCHYARD_AUTOMATIONS_DIR=\/config\/automations/,
    );
  });

  it('backs up a consistent database: cold backup without pre/post commands, SQLite shared memory left out', () => {
    expect(manifest.backup).toBe('cold');
    expect(manifest).not.toHaveProperty('backup_pre');
    expect(manifest).not.toHaveProperty('backup_post');
    expect(manifest.backup_exclude).toEqual(['*.db-shm']);
  });

  it('gives every schema leaf a Supervisor type, every required key a default, no list in a list', () => {
    for (const [key, type] of Object.entries(manifest.schema)) {
      if (Array.isArray(type)) {
        expect(type).toHaveLength(1);
        const item = type[0];
        expect(Array.isArray(item), `${key}: no list directly in a list`).toBe(false);
        if (typeof item === 'object' && item !== null) {
          // a list of dicts: plain leaves only, and a default (the Supervisor cannot treat the list as optional)
          for (const [field, leaf] of Object.entries(item)) expect(leaf, `${key}.${field}`).toMatch(SCHEMA_ELEMENT);
          expect(manifest.options, `list of dicts ${key} needs a default`).toHaveProperty(key);
          continue;
        }
        expect(item, `${key} item`).toMatch(SCHEMA_ELEMENT);
        // a list missing from options is allowed only when its item type is optional
        if (!(key in manifest.options)) expect(String(item), `${key} must be optional`).toMatch(/\?$/);
        continue;
      }
      expect(type, key).toMatch(SCHEMA_ELEMENT);
      if (!type.endsWith('?')) expect(manifest.options, `required option ${key} needs a default`).toHaveProperty(key);
    }
    for (const key of ['mqtt_password', 'broker_password', 'api_token']) expect(manifest.schema[key]).toBe('password?');
  });

  it('translates every option and every port, and nothing else', () => {
    const tr = parse(readFileSync(new URL('translations/en.yaml', root), 'utf8')) as {
      configuration: Record<string, { name?: unknown; description?: unknown }>;
      network: Record<string, unknown>;
    };
    expect(Object.keys(tr.configuration).sort()).toEqual(Object.keys(manifest.schema).sort());
    for (const [key, entry] of Object.entries(tr.configuration)) {
      expect(typeof entry.name, `${key}.name`).toBe('string');
      expect(typeof entry.description, `${key}.description`).toBe('string');
    }
    expect(Object.keys(tr.network).sort()).toEqual(Object.keys(manifest.ports).sort());
  });

  it('ships a repository file, docs, a changelog with this version, and PNG icon (square) and logo', () => {
    const repo = parse(readFileSync(new URL('repository.yaml', root), 'utf8')) as {
      name?: unknown;
      url?: unknown;
      maintainer?: unknown;
    };
    expect(typeof repo.name).toBe('string');
    expect(repo.url).toBe(manifest.url);
    expect(typeof repo.maintainer).toBe('string');
    // the Supervisor reads DOCS.md and CHANGELOG.md from the folder of config.yaml (here the repo root), nowhere else
    expect(readFileSync(new URL('CHANGELOG.md', root), 'utf8')).toContain(`## [${manifest.version}]`);
    const docs = readFileSync(new URL('DOCS.md', root), 'utf8');
    for (const needle of ['/mcp', 'api_token', '/config/automations', 'ESP32', String(manifest.url)])
      expect(docs).toContain(needle);
    const icon = pngSize('icon.png');
    expect(icon.width).toBe(icon.height);
    expect(icon.width).toBeGreaterThanOrEqual(128);
    const logo = pngSize('logo.png');
    expect(logo.width).toBeGreaterThan(logo.height);
    expect(existsSync(new URL('build.yaml', root))).toBe(false);
    const elsewhere = files().filter((f) => /\/(DOCS|CHANGELOG)\.md$/.test(f));
    expect(elsewhere, 'DOCS.md and CHANGELOG.md belong beside config.yaml').toEqual([]);
  });

  it('has no other file the Supervisor would read as add-on config, build config or repository file', () => {
    const all = files();
    expect(all.filter((f) => /(^|\/)config\.(json|ya?ml)$/.test(f))).toEqual(['config.yaml']);
    expect(all.filter((f) => /(^|\/)build\.[^/]*$/.test(f))).toEqual([]);
    expect(all.filter((f) => /(^|\/)repository\.[^/]*$/.test(f))).toEqual(['repository.yaml']);
  });
});
