// Resources, resource templates and prompts through the SDK's real client (in-memory) against the real app.
import type { Client } from '@modelcontextprotocol/client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SimulatedDevice } from '../../../sim/simulated-device.js';
import { startTestApp, type TestApp } from '../../helpers/app.js';
import { connectInMemory, depsFrom, populate } from './helpers.js';

let t: TestApp;
let device: SimulatedDevice;
let client: Client;
let closeClient: () => Promise<void>;

beforeAll(async () => {
  t = await startTestApp();
  device = await populate(t);
  ({ client, close: closeClient } = await connectInMemory(depsFrom(t)));
}, 30_000);

afterAll(async () => {
  await closeClient?.();
  await device?.stop().catch(() => undefined);
  await t?.close();
});

const text = async (uri: string): Promise<string> => {
  const r = await client.readResource({ uri });
  const c = r.contents[0] as { uri: string; text?: string };
  expect(c.uri).toBe(uri);
  return c.text ?? '';
};

describe('mcp resources', () => {
  it('lists the static resources and the enumerable automations', async () => {
    const { resources } = await client.listResources();
    const uris = resources.map((r) => r.uri);
    expect(uris).toEqual(
      expect.arrayContaining([
        'switchyard://overview',
        'switchyard://alerts',
        'switchyard://docs/automation-syntax',
        'switchyard://automation/fan_when_hot',
      ]),
    );
    const { resourceTemplates } = await client.listResourceTemplates();
    expect(resourceTemplates.map((r) => r.uriTemplate)).toEqual(
      expect.arrayContaining([
        'switchyard://entity/{entity_id}',
        'switchyard://device/{device_id}',
        'switchyard://automation/{id}',
      ]),
    );
  });

  it('overview: areas → devices → entities with states', async () => {
    const md = await text('switchyard://overview');
    expect(md).toMatch(/^# Switchyard overview/);
    expect(md).toContain('`sensor.kitchen_temperature` (Kitchen Temperature): 22.5 °C');
    expect(md).toContain('`switch.simulated_esp32_kitchen_relay`');
    expect(md).toMatch(/## Kitchen[\s\S]*device `switchyard_kitchen`/i);
    expect(md).toContain('`fan_when_hot` — Fan on when the kitchen is hot');
  });

  it('entity, device and automation templates; unknown ids are resource-not-found errors with hints', async () => {
    const entity = JSON.parse(await text('switchyard://entity/sensor.kitchen_temperature'));
    expect(entity).toMatchObject({ entity_id: 'sensor.kitchen_temperature', state: '22.5', unit: '°C' });
    const dev = JSON.parse(await text('switchyard://device/switchyard_kitchen'));
    expect(dev.entities.map((e: { entity_id: string }) => e.entity_id)).toContain(
      'switch.simulated_esp32_kitchen_relay',
    );
    const auto = JSON.parse(await text('switchyard://automation/fan_when_hot'));
    expect(auto).toMatchObject({ id: 'fan_when_hot', file: 'kitchen.yaml', line: 2 });
    expect(JSON.stringify(auto.config)).toContain('switch.attic_fan');
    await expect(client.readResource({ uri: 'switchyard://entity/sensor.kitchen_temprature' })).rejects.toThrow(
      /sensor\.kitchen_temperature/,
    );
    await expect(client.readResource({ uri: 'switchyard://automation/nope' })).rejects.toThrow(/Unknown automation/);
  });

  it('alerts and the automation syntax reference', async () => {
    const alerts = JSON.parse(await text('switchyard://alerts'));
    expect(alerts).toHaveProperty('count');
    expect(Array.isArray(alerts.alerts)).toBe(true);
    const doc = await text('switchyard://docs/automation-syntax');
    for (const word of [
      'numeric_state',
      'mqtt',
      'time_pattern',
      'homeassistant',
      'event',
      'template',
      'area_id',
      'device_id',
      'choose',
      'state_attr',
    ])
      expect(doc).toContain(word);
  });
});

describe('mcp prompts', () => {
  it('lists the prompts with their arguments', async () => {
    const { prompts } = await client.listPrompts();
    const byName = Object.fromEntries(prompts.map((p) => [p.name, p]));
    expect(Object.keys(byName)).toEqual(
      expect.arrayContaining(['troubleshoot_device', 'create_automation', 'explain_automation_run']),
    );
    expect(byName.troubleshoot_device?.arguments).toEqual([
      expect.objectContaining({ name: 'device_id', required: true }),
    ]);
    expect(byName.explain_automation_run?.arguments).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ name: 'automation_id', required: true }),
        expect.objectContaining({ name: 'run_id', required: false }),
      ]),
    );
  });

  it('returns messages naming the tools and resources to use', async () => {
    const msg = async (name: string, args: Record<string, string>) => {
      const r = await client.getPrompt({ name, arguments: args });
      expect(r.messages[0]?.role).toBe('user');
      return (r.messages[0]?.content as { text: string } | undefined)?.text;
    };
    const trouble = await msg('troubleshoot_device', { device_id: 'switchyard_kitchen' });
    expect(trouble).toContain('get_device(device_id="switchyard_kitchen")');
    expect(trouble).toContain('get_alerts');
    const create = await msg('create_automation', { goal: 'fan on when hot' });
    expect(create).toContain('fan on when hot');
    expect(create).toContain('switchyard://docs/automation-syntax');
    expect(create).toContain('validate_automation');
    const explain = await msg('explain_automation_run', { automation_id: 'fan_when_hot', run_id: 'r1' });
    expect(explain).toContain('get_automation_traces(id="fan_when_hot", run_id="r1")');
    expect(await msg('explain_automation_run', { automation_id: 'fan_when_hot' })).toContain('newest run_id');
  });

  it('completes prompt arguments from live ids', async () => {
    const r = await client.complete({
      ref: { type: 'ref/prompt', name: 'explain_automation_run' },
      argument: { name: 'automation_id', value: 'fan' },
    });
    expect(r.completion.values).toContain('fan_when_hot');
  });
});
