// The authoring use cases called directly, on the real app's use-case deps (its automations folder through
// the file store, the real automation engine): a save or delete only over the version the caller saw.
import { createHash } from 'node:crypto';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ValidationError } from '../../src/core/errors.js';
import { validateAutomation } from '../../src/usecases/automation-files.js';
import { deleteAutomation, saveAutomation, SaveAutomationInput } from '../../src/usecases/automation-save.js';
import type { UseCaseDeps } from '../../src/usecases/deps.js';
import { startTestApp, type TestApp } from '../helpers/app.js';
import { eventually } from '../helpers/net.js';

let t: TestApp;
let deps: UseCaseDeps;
let dir: string;

beforeAll(async () => {
  t = await startTestApp();
  deps = t.app.mcpDeps;
  dir = join(t.dataDir, 'automations');
}, 30_000);

afterAll(async () => {
  await t?.close();
});

const yaml = (alias: string) => `- id: use_case_lamp
  alias: ${alias}
  triggers:
    - trigger: mqtt
      topic: uc/ping
  actions:
    - action: mqtt.publish
      data:
        topic: uc/pong
        payload: pong
`;
const sha = (text: string) => createHash('sha256').update(text).digest('hex');
const save = (input: Record<string, unknown>) => saveAutomation(deps, SaveAutomationInput.parse(input));

describe('automation file use cases', () => {
  it('create, then overwrite only with the hash of the version read', async () => {
    const created = await save({ name: 'uc_lamp', yaml: yaml('First') });
    const path = join(dir, 'uc_lamp.yaml');
    expect(created).toMatchObject({
      file: 'uc_lamp.yaml',
      created: true,
      ids: ['use_case_lamp'],
      reloaded: true,
      loaded: ['use_case_lamp'],
    });
    expect(created.hash).toBe(sha(readFileSync(path, 'utf8')));
    expect(deps.automations.get('use_case_lamp')?.alias).toBe('First');

    await expect(save({ name: 'uc_lamp', yaml: yaml('Second') })).rejects.toThrow(/already exists .*expected_hash/);

    // someone edits the file meanwhile: the hash read before no longer fits, and their edit stays
    const edited = yaml('Edited by hand');
    writeFileSync(path, edited);
    const stale = save({ name: 'uc_lamp', yaml: yaml('Second'), expected_hash: created.hash });
    await expect(stale).rejects.toBeInstanceOf(ValidationError);
    await expect(stale).rejects.toThrow(`uc_lamp.yaml changed since you read it (current hash ${sha(edited)})`);
    expect(readFileSync(path, 'utf8')).toBe(edited);

    const current = validateAutomation(deps, { name: 'uc_lamp' }).current;
    expect(current).toEqual({ file: 'uc_lamp.yaml', hash: sha(edited), text: edited });
    const second = await save({ name: 'uc_lamp', yaml: yaml('Second'), expected_hash: current?.hash });
    expect(second).toMatchObject({ created: false, loaded: ['use_case_lamp'] });
    expect(deps.automations.get('use_case_lamp')?.alias).toBe('Second');
  });

  it('delete only with the current hash; refused names never touch the folder', async () => {
    await expect(deleteAutomation(deps, { name: 'uc_lamp', expected_hash: sha('something else') })).rejects.toThrow(
      /changed since you read it/,
    );
    expect(existsSync(join(dir, 'uc_lamp.yaml'))).toBe(true);
    const hash = sha(readFileSync(join(dir, 'uc_lamp.yaml'), 'utf8'));
    expect(await deleteAutomation(deps, { name: 'uc_lamp', expected_hash: hash })).toEqual({
      file: 'uc_lamp.yaml',
      removed_ids: ['use_case_lamp'],
      reloaded: true,
    });
    expect(existsSync(join(dir, 'uc_lamp.yaml'))).toBe(false);
    expect(deps.automations.get('use_case_lamp')).toBeUndefined();

    expect(() => SaveAutomationInput.parse({ name: '../etc', yaml: yaml('x') })).toThrow(/letters, digits/);
    await expect(save({ name: 'secrets', yaml: yaml('x') })).rejects.toThrow(/reserved/);
    expect(existsSync(join(dir, 'secrets.yaml'))).toBe(false);
  });

  it('validate and save warn about entity ids that do not exist and unknown actions, and still load them', async () => {
    await t.client.publishAsync(
      'homeassistant/light/uc_kitchen/config',
      JSON.stringify({ name: 'Kitchen ceiling', unique_id: 'uc_kitchen', command_topic: 'uc/kitchen/set' }),
      { qos: 1 },
    );
    await eventually(() => deps.registry.entity('light.kitchen_ceiling'));
    const text = `- id: uc_warned
  triggers: [{trigger: mqtt, topic: uc/warn}]
  actions:
    - action: light.turn_on
      target: {entity_id: light.kitchen_celing}
    - action: shell_command.bedtime
    - action: automation.turn_off
      target: {entity_id: automation.uc_warned}
`;
    const checked = validateAutomation(deps, { yaml: text });
    expect(checked.ok).toBe(true);
    expect(checked.diagnostics).toEqual([
      {
        line: 5,
        column: 27,
        severity: 'warning',
        message: "actions[0].target.entity_id: entity 'light.kitchen_celing' does not exist",
        hint: 'did you mean light.kitchen_ceiling?',
      },
      {
        line: 6,
        column: 15,
        severity: 'warning',
        message:
          "actions[1].action: action 'shell_command.bedtime' not found; a run that reaches this step stops with an error",
        hint: expect.stringMatching(/^Switchyard performs actions of these domains: /),
      },
    ]);
    const saved = await save({ name: 'uc_warned', yaml: text });
    expect(saved.loaded).toEqual(['uc_warned']);
    expect(saved.warnings.map((w) => w.message)).toEqual(checked.diagnostics.map((d) => d.message));
    expect(
      deps.automations
        .diagnostics()
        .filter((d) => d.severity === 'warning')
        .map((d) => d.message),
    ).toEqual(expect.arrayContaining(checked.diagnostics.map((d) => d.message)));
  });
});
