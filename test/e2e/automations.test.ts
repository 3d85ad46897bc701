// The automation engine as the app wires it: YAML in automations_dir, discovered entities, the REST API.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../helpers/app.js';
import { settleThrough } from '../helpers/markers.js';
import { collect } from '../helpers/mqtt-client.js';
import { eventually } from '../helpers/net.js';

let t: TestApp | undefined;
afterEach(async () => {
  await t?.close();
  t = undefined;
});

const AUTOMATION = `
- id: fan_when_hot
  alias: Fan on when the attic is hot
  triggers:
    - trigger: numeric_state
      entity_id: sensor.attic_temperature
      above: 25
  actions:
    - action: switch.turn_on
      target:
        entity_id: switch.attic_fan
- id: broken
  triggers:
    - trigger: calendar
      event: start
  actions: []
`;

describe('automations in the app', () => {
  it('loads automations_dir, reports problems with their location, and runs on discovered entities', async () => {
    t = await startTestApp();
    const app = t;
    const commands = await collect(app.client, 'attic/fan/set');
    await app.client.publishAsync(
      'homeassistant/sensor/attic/config',
      JSON.stringify({
        name: 'Attic Temperature',
        unique_id: 'at',
        state_topic: 'attic/temp',
        unit_of_measurement: '°C',
      }),
      { qos: 1 },
    );
    await app.client.publishAsync(
      'homeassistant/switch/fan/config',
      JSON.stringify({ name: 'Attic Fan', unique_id: 'af', command_topic: 'attic/fan/set' }),
      { qos: 1 },
    );
    await eventually(async () => (await app.get('/api/entities')).body.count === 2);

    writeFileSync(join(app.dataDir, 'automations', 'attic.yaml'), AUTOMATION);
    await app.post('/api/automations/reload', {});
    const list = await eventually(async () => {
      const body = (await app.get('/api/automations')).body;
      return body.count === 1 ? body.automations : undefined;
    });
    expect(list[0]).toMatchObject({ id: 'fan_when_hot', enabled: true });
    const problems = (await app.get('/api/automations/diagnostics')).body.diagnostics;
    expect(problems).toEqual(
      expect.arrayContaining([
        expect.objectContaining({
          file: 'attic.yaml',
          line: 14,
          column: 16,
          message: expect.stringMatching(/unsupported trigger 'calendar'/),
        }),
      ]),
    );

    await app.client.publishAsync('attic/temp', '24');
    await app.client.publishAsync('attic/temp', '26.5');
    await app.client.publishAsync('attic/temp', '27');
    await eventually(() => commands.length === 1);
    // 27 stays above 25: no second run. Markers: 27 reached the app's triggers, the runs ended, their
    // commands reached the client
    await settleThrough(app.client, app.app.mqtt, () => app.app.automations.whenIdle());
    expect(commands.map((c) => c.payload)).toEqual(['ON']);
    const runs = (await app.get('/api/automations/fan_when_hot/traces')).body.traces;
    // one run: a second trigger would have left a trace even if refused (mode single)
    expect(runs).toHaveLength(1);
    expect(runs[0]).toMatchObject({ outcome: 'finished' });
  });

  it('targets every entity of the domain in an area (suggested_area or the room list)', async () => {
    t = await startTestApp();
    const app = t;
    const commands = await collect(app.client, 'lights/+/set');
    const light = (id: string, name: string, extra: object = {}) =>
      app.client.publishAsync(
        `homeassistant/light/${id}/config`,
        JSON.stringify({ name, unique_id: id, command_topic: `lights/${id}/set`, ...extra }),
        { qos: 1 },
      );
    await light('k1', 'Kitchen Ceiling');
    await light('k2', 'Spots', { device: { identifiers: ['spots'], name: 'Spots', suggested_area: 'Kitchen' } });
    await light('b1', 'Bedroom Lamp');
    await eventually(async () => (await app.get('/api/entities?domain=light')).body.count === 3);
    writeFileSync(
      join(app.dataDir, 'automations', 'evening.yaml'),
      'id: evening\ntriggers:\n  - trigger: mqtt\n    topic: scene/evening\nactions:\n  - action: light.turn_on\n    target:\n      area_id: kitchen\n',
    );
    await app.post('/api/automations/reload', {});
    await eventually(async () => (await app.get('/api/automations')).body.count === 1);
    await app.client.publishAsync('scene/evening', 'go');
    await eventually(() => commands.length === 2);
    await settleThrough(app.client, app.app.mqtt, () => app.app.automations.whenIdle());
    expect(commands.map((c) => c.topic).sort()).toEqual(['lights/k1/set', 'lights/k2/set']);
  });
});
