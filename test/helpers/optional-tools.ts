// The test suites that need something outside npm, what each needs, and how to get it: the firmware's C host tests,
// the panel in a real browser, the Mosquitto differential and interop suites, Python's Jinja2 as the templates'
// reference, PostgreSQL for the storage suites, the MCP Inspector CLI. Each suite skips itself when its tool is missing (in CI, CI=true, it fails
// instead: .ci/run installs everything); skipped-suites.ts says at the end of a run which were skipped and why.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const succeeds = (command: string, args: readonly string[]): boolean => {
  const result = spawnSync(command, args, { stdio: 'ignore' });
  return result.error === undefined && result.status === 0;
};

/**
 * The Debian packages missing to build the firmware's host tests (empty when everything is there);
 * `libmosquitto` for the host device, which talks to a broker.
 */
export function firmwareMissing(options: { libmosquitto?: boolean } = {}): string[] {
  const missing: string[] = [];
  const tools: [string, string][] = [
    ['cmake', 'cmake'],
    ['ninja', 'ninja-build'],
    ['pkg-config', 'pkg-config'],
    ['cc', 'gcc'],
  ];
  for (const [tool, pkg] of tools) if (!succeeds(tool, ['--version'])) missing.push(pkg);
  const libraries: [string, string][] = [
    ['cmocka', 'libcmocka-dev'],
    ['libcjson', 'libcjson-dev'],
    ...(options.libmosquitto ? ([['libmosquitto', 'libmosquitto-dev']] as [string, string][]) : []),
  ];
  // without pkg-config the libraries cannot be looked for: name them all
  const pkgConfig = !missing.includes('pkg-config');
  for (const [lib, pkg] of libraries) if (!pkgConfig || !succeeds('pkg-config', ['--exists', lib])) missing.push(pkg);
  return missing;
}

/** Debian's Chromium, which playwright-core drives (it downloads no browser of its own here). */
export const CHROMIUM = ['/usr/bin/chromium', '/usr/lib/chromium/chromium'].find((p) => existsSync(p));

const INSPECTOR = fileURLToPath(
  new URL('../../node_modules/@modelcontextprotocol/inspector/cli/build/cli.js', import.meta.url),
);

/** A suite that may be skipped for want of a tool. */
export interface OptionalSuite {
  name: string;
  /** whether a test file belongs to the suite, by its path and its source text */
  covers(path: string, source: string): boolean;
  /** what is missing now: Debian packages, or another way to get it in `how` */
  missing(): Promise<string[]>;
  /** how to get what is missing; default `apt-get install -y <missing>` */
  how?: string;
}

export const OPTIONAL_SUITES: readonly OptionalSuite[] = [
  {
    name: 'firmware host tests',
    covers: (path) => /[\\/]test[\\/]firmware[\\/]/.test(path),
    missing: async () => firmwareMissing({ libmosquitto: true }),
  },
  {
    name: 'panel in a browser',
    covers: (_path, source) =>
      source.includes("from 'playwright-core'") || source.includes("helpers/panel-browser.js'"),
    missing: async () => (CHROMIUM ? [] : ['chromium']),
  },
  {
    name: 'Mosquitto differential and interop suites',
    covers: (_path, source) => /helpers\/(mosquitto|brokers)\.js'/.test(source),
    missing: async () => ((await import('./mosquitto.js')).mosquittoAvailable ? [] : ['mosquitto']),
  },
  {
    name: 'storage against PostgreSQL',
    covers: (_path, source) => /helpers\/(postgres|storage-engines)\.js'/.test(source),
    missing: async () => ((await import('../../scripts/postgres-cluster.js')).postgresBin() ? [] : ['postgresql']),
  },
  {
    name: "templates against Python's Jinja2",
    covers: (_path, source) => source.includes("helpers/jinja2.js'"),
    missing: async () => ((await import('./jinja2.js')).jinja2Available ? [] : ['python3-jinja2']),
  },
  {
    name: 'MCP Inspector CLI',
    covers: (_path, source) => source.includes('@modelcontextprotocol/inspector'),
    missing: async () =>
      existsSync(process.env['SWITCHYARD_INSPECTOR_CLI'] ?? INSPECTOR) ? [] : ['the dev dependencies'],
    how: 'npm install',
  },
];

/** A test file with at least one skipped test. */
export interface SkippedFile {
  path: string;
  source: string;
}

/** One line per suite that had tests skipped and misses a tool now: what it needs and the command that brings it. */
export async function skippedNotes(
  files: readonly SkippedFile[],
  suites: readonly OptionalSuite[] = OPTIONAL_SUITES,
): Promise<string[]> {
  const notes: string[] = [];
  for (const suite of suites) {
    const covered = files.filter((f) => suite.covers(f.path, f.source));
    if (covered.length === 0) continue;
    const missing = await suite.missing();
    if (missing.length === 0) continue; // skipped for another reason (a -t filter, .only)
    const count = covered.length === 1 ? '1 file' : `${covered.length} files`;
    const how = suite.how ?? `apt-get install -y ${missing.join(' ')}`;
    notes.push(`skipped: ${suite.name} (${count}; needs ${missing.join(', ')}: ${how})`);
  }
  return notes;
}
