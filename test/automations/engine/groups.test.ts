// Old-style groups in the automations folder, on the whole app as it is wired: fixture 24 (Home Assistant's
// cookbook motion-light automation, which turns group.office_lights on and off with homeassistant.turn_on|turn_off)
// runs once the group is defined next to it.
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../../helpers/app.js';
import { collect } from '../../helpers/mqtt-client.js';
import { eventually, tempDir } from '../../helpers/net.js';

let t: TestApp | undefined;
const dirs: { remove(): void }[] = [];
afterEach(async () => {
  await t?.close();
  t = undefined;
  for (const d of dirs.splice(0)) d.remove();
});

const FIXTURE = readFileSync(
  new URL('../../fixtures/automations/24-legacy-motion-lights-time-window.yaml', import.meta.url),
  'utf8',
);
const GROUPS = `group:
  office_lights:
    name: Office lights
    entities:
      - light.desk
      - light.shelf
      - sensor.office_temperature
  everything: [group.office_lights, switch.fan]
`;
const light = (id: string) => ({
  name: id,
  unique_id: id,
  command_topic: `cmd/${id}`,
  schema: 'json',
  brightness: true,
});

describe('groups', () => {
  it('fixture 24: homeassistant.turn_on|turn_off on a group reach its members; the group follows them', async () => {
    const dir = tempDir();
    dirs.push(dir);
    mkdirSync(join(dir.path, 'automations'));
    writeFileSync(join(dir.path, 'automations', 'motion.yaml'), FIXTURE);
    writeFileSync(join(dir.path, 'automations', 'groups.yaml'), GROUPS);
    t = await startTestApp({ automations_dir: join(dir.path, 'automations') });
    const published = await collect(t.client, 'cmd/#');
    for (const id of ['desk', 'shelf'])
      await t.client.publishAsync(`homeassistant/light/${id}/config`, JSON.stringify(light(id)), { qos: 1 });
    await eventually(() => t!.app.registry.entity('light.shelf'));

    const group = (await t.get('/api/entities/group.office_lights')).body;
    expect(group).toMatchObject({ entity_id: 'group.office_lights', state: 'off' });
    expect(group.attributes).toMatchObject({
      entity_id: ['light.desk', 'light.shelf', 'sensor.office_temperature'],
      friendly_name: 'Office lights',
    });

    expect((await t.post('/api/automations/motion_sensor_lights_on/trigger', {})).status).toBe(200);
    await eventually(() => published.length === 2);
    expect(published.map((m) => [m.topic, JSON.parse(m.payload)])).toEqual([
      ['cmd/desk', { state: 'ON', transition: 15 }],
      ['cmd/shelf', { state: 'ON', transition: 15 }],
    ]);
    // optimistic lights: the group is on at once, and so is the group that holds it
    await eventually(async () => (await t!.get('/api/entities/group.office_lights')).body.state === 'on');
    expect((await t.get('/api/entities/group.everything')).body.state).toBe('on');

    expect((await t.post('/api/automations/motion_sensor_lights_off/trigger', {})).status).toBe(200);
    await eventually(() => published.length === 4);
    expect(published.slice(2).map((m) => m.topic)).toEqual(['cmd/desk', 'cmd/shelf']);
    await eventually(async () => (await t!.get('/api/entities/group.office_lights')).body.state === 'off');
  });

  it('a group taken out of the folder is gone after a restart, not left in the stored registry', async () => {
    const dir = tempDir();
    dirs.push(dir);
    const folder = join(dir.path, 'automations');
    mkdirSync(folder);
    writeFileSync(join(folder, 'groups.yaml'), GROUPS);
    t = await startTestApp({ automations_dir: folder });
    await eventually(async () => (await t!.get('/api/entities/group.everything')).status === 200);
    writeFileSync(join(folder, 'groups.yaml'), GROUPS.replace(/ {2}everything:.*\n/, ''));
    t = await t.restart();
    expect((await t.get('/api/entities/group.office_lights')).status).toBe(200);
    expect((await t.get('/api/entities/group.everything')).status).toBe(404);
  });
});
