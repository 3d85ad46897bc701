// The automation authoring tools (validate / save / delete) through the SDK's real client against the real
// app: files land in the app's automations folder, the engine reloads, and a saved automation runs.
import type { Client } from '@modelcontextprotocol/client';
import { createHash } from 'node:crypto';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createAutomationFileStore } from '../../../src/adapters/automations/file-store.js';
import type { AutomationFiles } from '../../../src/usecases/deps.js';
import { startTestApp, type TestApp } from '../../helpers/app.js';
import { collect } from '../../helpers/mqtt-client.js';
import { eventually } from '../../helpers/net.js';
import { AUTOMATIONS, connectInMemory, depsFrom } from './helpers.js';

let t: TestApp;
let client: Client;
let closeClient: () => Promise<void>;
let dir: string;

/** What app.ts passes: the folder's file store, the loader validating text as if it were a file in the folder. */
function automationFiles(folder: string): AutomationFiles {
  return createAutomationFileStore(folder);
}

beforeAll(async () => {
  t = await startTestApp();
  dir = join(t.dataDir, 'automations');
  writeFileSync(join(dir, 'kitchen.yaml'), AUTOMATIONS);
  await t.app.automations.reload();
  ({ client, close: closeClient } = await connectInMemory(depsFrom(t, { automationFiles: automationFiles(dir) })));
}, 30_000);

afterAll(async () => {
  await closeClient?.();
  await t?.close();
});

async function call(name: string, args: Record<string, unknown>) {
  return (await client.callTool({ name, arguments: args })) as {
    isError?: boolean;
    structuredContent?: any;
    content: { text?: string }[];
  };
}
async function ok(name: string, args: Record<string, unknown>): Promise<any> {
  const r = await call(name, args);
  if (r.isError) throw new Error(`${name} failed: ${r.content[0]?.text}`);
  return r.structuredContent;
}
async function fails(name: string, args: Record<string, unknown>): Promise<string> {
  const r = await call(name, args);
  expect(r.isError, JSON.stringify(r.structuredContent)).toBe(true);
  return r.content.map((c) => c.text ?? '').join('\n');
}

const ECHO = `- id: echo_ping
  alias: Echo ping
  triggers:
    - trigger: mqtt
      topic: lab/ping
  actions:
    - action: mqtt.publish
      data:
        topic: lab/pong
        payload: "pong {{ trigger.payload }}"
`;

describe('automation authoring tools', () => {
  it('are listed only with automationFiles, after the other tools', async () => {
    const names = (await client.listTools()).tools.map((x) => x.name);
    expect(names.slice(-3)).toEqual(['validate_automation', 'save_automation', 'delete_automation']);
    const plain = await connectInMemory(depsFrom(t));
    try {
      expect((await plain.client.listTools()).tools.map((x) => x.name)).not.toContain('save_automation');
    } finally {
      await plain.close();
    }
  });

  it('validate_automation reports problems with line:column, ids and id clashes', async () => {
    const good = await ok('validate_automation', { yaml: ECHO, name: 'echo' });
    expect(good).toMatchObject({ ok: true, ids: ['echo_ping'], id_conflicts: [], current: null });
    const bad = await ok('validate_automation', { yaml: ECHO.replace('trigger: mqtt', 'trigger: mqqt') });
    expect(bad.ok).toBe(false);
    expect(bad.diagnostics[0]).toMatchObject({ line: 4, severity: 'error' });
    const clash = await ok('validate_automation', { yaml: AUTOMATIONS, name: 'other' });
    expect(clash).toMatchObject({ ok: false, id_conflicts: [{ id: 'fan_when_hot', file: 'kitchen.yaml' }] });
  });

  it('save_automation writes the file, reloads, and the automation runs on its MQTT trigger', async () => {
    const saved = await ok('save_automation', { name: 'echo', yaml: ECHO });
    const text = readFileSync(join(dir, 'echo.yaml'), 'utf8');
    expect(text).toBe(ECHO);
    expect(saved).toMatchObject({
      file: 'echo.yaml',
      created: true,
      ids: ['echo_ping'],
      reloaded: true,
      loaded: ['echo_ping'],
    });
    expect(saved.hash).toBe(createHash('sha256').update(text).digest('hex'));
    expect(t.app.automations.get('echo_ping')).toBeDefined();

    const seen = await collect(t.client, 'lab/pong');
    await t.client.publishAsync('lab/ping', 'hi', { qos: 1 });
    await eventually(() => seen.find((m) => m.payload === 'pong hi'));
  });

  it('save_automation refuses invalid YAML, clashing ids, and overwrites without the current hash', async () => {
    expect(
      await fails('save_automation', { name: 'broken', yaml: ECHO.replace('trigger: mqtt', 'trigger: mqqt') }),
    ).toMatch(/broken\.yaml:4:\d+/);
    expect(existsSync(join(dir, 'broken.yaml'))).toBe(false);
    expect(await fails('save_automation', { name: 'dup', yaml: AUTOMATIONS })).toMatch(
      /"fan_when_hot" \(already in kitchen\.yaml\)/,
    );
    expect(await fails('save_automation', { name: 'echo', yaml: ECHO })).toMatch(/already exists.*expected_hash/s);
    expect(await fails('save_automation', { name: 'echo', yaml: ECHO, expected_hash: '0'.repeat(64) })).toMatch(
      /changed since you read it/,
    );
    expect(await fails('save_automation', { name: '../evil', yaml: ECHO })).toMatch(/letters, digits/);

    const current = (await ok('validate_automation', { name: 'echo' })).current;
    expect(current.text).toBe(ECHO);
    const changed = ECHO.replace('pong {{', 'PONG {{');
    const saved = await ok('save_automation', { name: 'echo', yaml: changed, expected_hash: current.hash });
    expect(saved).toMatchObject({ created: false, loaded: ['echo_ping'] });
    const seen = await collect(t.client, 'lab/pong');
    await t.client.publishAsync('lab/ping', 'again', { qos: 1 });
    await eventually(() => seen.find((m) => m.payload === 'PONG again'));
  });

  it('delete_automation needs the current hash, removes the file and unloads its automations', async () => {
    expect(await fails('delete_automation', { name: 'echo', expected_hash: '0'.repeat(64) })).toMatch(
      /changed since you read it/,
    );
    expect(await fails('delete_automation', { name: 'nothing', expected_hash: '0'.repeat(64) })).toMatch(
      /does not exist/,
    );
    const { hash } = (await ok('validate_automation', { name: 'echo' })).current;
    expect(await ok('delete_automation', { name: 'echo', expected_hash: hash })).toEqual({
      file: 'echo.yaml',
      removed_ids: ['echo_ping'],
      reloaded: true,
    });
    expect(existsSync(join(dir, 'echo.yaml'))).toBe(false);
    expect(t.app.automations.get('echo_ping')).toBeUndefined();
    expect(t.app.automations.get('fan_when_hot')).toBeDefined();
  });
});
