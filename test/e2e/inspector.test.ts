// A real MCP client we did not write: the MCP Inspector's CLI mode (@modelcontextprotocol/inspector,
// pinned as a dev dependency) against the app's /mcp over Streamable HTTP. 0.15.0 is the newest release
// without an engines restriction (later ones want Node ≥ 22.7.5 / ≥ 22.19), so it runs on Node 20 too.
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../helpers/app.js';
import { eventually } from '../helpers/net.js';

const CLI =
  process.env.SWITCHYARD_INSPECTOR_CLI ??
  fileURLToPath(new URL('../../node_modules/@modelcontextprotocol/inspector/cli/build/cli.js', import.meta.url));
const available = existsSync(CLI);

function inspector(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      [CLI, '--cli', ...args],
      { timeout: 60_000, maxBuffer: 16 * 1024 * 1024, env: { ...process.env, NO_COLOR: '1' } },
      (err, stdout, stderr) => {
        const code = err
          ? typeof (err as { code?: unknown }).code === 'number'
            ? (err as { code: number }).code
            : 1
          : 0;
        resolve({ code, stdout, stderr });
      },
    );
  });
}

let t: TestApp;
let url: string;

beforeAll(async () => {
  if (!available) return;
  t = await startTestApp();
  await t.client.publishAsync(
    'homeassistant/switch/porch/config',
    JSON.stringify({ name: 'Porch Light', unique_id: 'porch', command_topic: 'porch/set' }),
    { qos: 1 },
  );
  await eventually(() => t.app.registry.entity('switch.porch_light'));
  url = `http://127.0.0.1:${t.app.http.port}/mcp`;
}, 30_000);

afterAll(async () => {
  await t?.close();
});

describe('MCP Inspector CLI availability', () => {
  // CI installs the dev dependencies, so there a missing inspector is a failure, not a skip
  it.runIf(process.env.CI === 'true')('is installed', () => {
    expect(available, `${CLI} is missing: run npm install`).toBe(true);
  });
});

describe.skipIf(!available)('MCP Inspector CLI against /mcp', () => {
  it('tools/list lists every tool', async () => {
    const r = await inspector([url, '--method', 'tools/list']);
    expect(r.code, r.stderr).toBe(0);
    const names = (JSON.parse(r.stdout) as { tools: { name: string }[] }).tools.map((tool) => tool.name);
    for (const name of [
      'search_entities',
      'get_entity',
      'control_entities',
      'get_system_status',
      'list_automations',
      'mqtt_list_topics',
      'mqtt_publish',
      'mqtt_subscribe_collect',
      'mqtt_get_capture',
      'mqtt_connections',
      'validate_automation',
      'save_automation',
      'delete_automation',
      'process_command',
    ]) {
      expect(names).toContain(name);
    }
    expect(names).toHaveLength(24);
  }, 60_000);

  it('tools/call search_entities finds the discovered entity', async () => {
    const r = await inspector([
      url,
      '--method',
      'tools/call',
      '--tool-name',
      'search_entities',
      '--tool-arg',
      'query=porch',
    ]);
    expect(r.code, r.stderr).toBe(0);
    const out = JSON.parse(r.stdout) as { isError?: boolean; structuredContent?: { items: { entity_id: string }[] } };
    expect(out.isError).toBeFalsy();
    expect(out.structuredContent?.items[0]?.entity_id).toBe('switch.porch_light');
  }, 60_000);
});
