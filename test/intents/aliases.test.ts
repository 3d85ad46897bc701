// Home Assistant's aliases in spoken commands: an entity given other names in Home Assistant (its entity registry's
// `aliases`, read with `config/entity_registry/get_entries`, and a name given there) answers to them, in both
// languages, and a changed alias is taken up when Home Assistant says its registry changed. The app runs as an
// add-on against a fake Home Assistant WebSocket API (a real `ws` server), with the simulated home discovered over
// a real broker.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { until } from '../helpers/markers.js';
import { eventually } from '../helpers/net.js';
import {
  HA_TOKEN,
  haEntity,
  startFakeHomeAssistant,
  type FakeHomeAssistant,
} from '../adapters/supervisor/fake-home-assistant.js';
import { startHome, type SimulatedHome } from './home.js';

describe("spoken commands with Home Assistant's aliases", () => {
  let fake: FakeHomeAssistant;
  let home: SimulatedHome;
  beforeAll(async () => {
    fake = await startFakeHomeAssistant();
    // Home Assistant's ids for two of the home's entities (MQTT platform, the discovery unique ids)
    fake.entities = [
      haEntity('c0ffee00000000000000000000000001', 'light.table_lamp', 'home_table_lamp', null),
      {
        ...haEntity('c0ffee00000000000000000000000002', 'switch.kettle_2', 'home_coffee_maker', null),
        name: 'Barista',
      },
    ];
    fake.aliases = { 'light.table_lamp': ['Reading Light', 'лампа для чтения'] };
    home = await startHome(undefined, {
      appOptions: { env: { SUPERVISOR_TOKEN: HA_TOKEN, SUPERVISOR_URL: fake.url } },
    });
    await until(() => fake.commands.includes('config/entity_registry/get_entries'), 'aliases never asked for');
  }, 60_000);
  afterAll(async () => {
    await home?.close();
    await fake?.close();
  });

  const done = async (text: string, language = 'en') => {
    const body = await home.say(text, { language });
    expect(body.response.response_type, body.response.speech.plain.speech).toBe('action_done');
    return (await home.sent()).map((m) => m.topic);
  };

  it('an alias names the entity, in English and in Russian', async () => {
    await eventually(
      async () => (await home.say('turn on the reading light')).response.response_type === 'action_done',
    );
    expect((await home.sent()).map((m) => m.topic)).toEqual(['home/light.table_lamp/set']);
    expect(await done('включи лампу для чтения', 'ru')).toEqual(['home/light.table_lamp/set']);
    // the entity's own name still works
    expect(await done('turn off the table lamp')).toEqual(['home/light.table_lamp/set']);
  });

  it('a name given in Home Assistant is one more name', async () => {
    expect(await done('turn on barista')).toEqual(['home/switch.coffee_maker/set']);
  });

  it('a changed alias is taken up when Home Assistant says its registry changed', async () => {
    fake.aliases = { 'light.table_lamp': ['Sofa Light'] };
    fake.registryUpdated('entity', { action: 'update', entity_id: 'light.table_lamp', changes: { aliases: [] } });
    await eventually(async () => (await home.say('turn on the sofa light')).response.response_type === 'action_done');
    expect((await home.sent()).map((m) => m.topic)).toEqual(['home/light.table_lamp/set']);
    const gone = await home.say('turn on the reading light');
    expect(gone.response.response_type).toBe('error');
    expect(await home.sent()).toEqual([]);
  });
});
