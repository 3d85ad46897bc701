// POST /api/conversation/process on the whole app: the speaker's area (context.area, a satellite's device_id) reaches
// the conversation handlers, and every kind of answer has the shape of Home Assistant's `ConversationResult.as_dict()`
// with `IntentResponse.as_dict()` (helpers/intent.py): action_done and query_answer with targets/success/failed,
// errors with their code, a question back with continue_conversation. A recording handler put first in the agent's
// chain answers the "zz …" sentences, so these checks do not depend on an intent engine.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type {
  ConversationHandler,
  ConversationInput,
  ConversationReply,
} from '../../../src/automations/conversation/agent.js';
import { startTestApp, type TestApp } from '../../helpers/app.js';
import { until } from '../../helpers/markers.js';

let t: TestApp;
let satellite: string;
const heard: ConversationInput[] = [];

const lamp = { name: 'Table Lamp', type: 'entity', id: 'light.table_lamp' } as const;
const ceiling = { name: 'Ceiling', type: 'entity', id: 'light.ceiling' } as const;
const replies: Record<string, ConversationReply> = {
  'zz lights on': {
    response_type: 'action_done',
    speech: 'Turned on 1 light',
    targets: [
      { name: 'Kitchen', type: 'area', id: 'Kitchen' },
      { name: 'light', type: 'domain', id: 'light' },
    ],
    success: [lamp],
    failed: [ceiling],
    card: { title: 'Lights', content: 'Table Lamp on, Ceiling failed' },
  },
  'zz is it warm': {
    response_type: 'query_answer',
    speech: 'It is 21 degrees',
    targets: [{ name: 'temperature', type: 'device_class', id: 'temperature' }],
    success: [{ name: 'Kitchen Temperature', type: 'entity', id: 'sensor.kitchen_temperature' }],
  },
  'zz which light': {
    response_type: 'action_done',
    speech: 'Which light: the ceiling or the table lamp?',
    question: true,
  },
  'zz no such thing': { response_type: 'error', code: 'no_valid_targets', speech: 'No device called thing' },
};
const recorder: ConversationHandler = {
  name: 'test recorder',
  async handle(input) {
    heard.push(input);
    return replies[input.text];
  },
};

const say = async (body: Record<string, unknown>) => {
  const res = await t.post('/api/conversation/process', body);
  expect(res.status, JSON.stringify(res.body)).toBe(200);
  return res.body;
};
const lastHeard = () => heard[heard.length - 1];

beforeAll(async () => {
  t = await startTestApp();
  (t.app.mcpDeps.conversation as ConversationHandler[]).unshift(recorder);
  const device = { identifiers: ['sat1'], name: 'Kitchen Satellite', suggested_area: 'Kitchen' };
  await t.client.publishAsync(
    'homeassistant/light/sat1/config',
    JSON.stringify({
      name: 'Ring',
      unique_id: 'sat1_ring',
      command_topic: 'sat1/set',
      state_topic: 'sat1/state',
      device,
    }),
    { qos: 1 },
  );
  const bare = { identifiers: ['bare1'], name: 'Hall Speaker' };
  await t.client.publishAsync(
    'homeassistant/switch/bare1/config',
    JSON.stringify({ name: 'Mute', unique_id: 'bare1_mute', command_topic: 'bare1/set', device: bare }),
    { qos: 1 },
  );
  const devices = await until(() => {
    const all = t.app.registry.devices();
    return all.length >= 2 && all.every((d) => [...t.app.registry.deviceEntityIds(d.id)].length > 0) ? all : undefined;
  }, 'both devices were not registered');
  satellite = devices.find((d) => d.area === 'Kitchen')?.id ?? '';
  expect(satellite).not.toBe('');
});
afterAll(async () => {
  await t.close();
});

describe('the speaker context', () => {
  it('passes context.area, by name or id in any spelling, as the registry names it', async () => {
    const body = await say({ text: 'zz lights on', context: { area: 'kitchen' } });
    expect(lastHeard()?.area).toBe('Kitchen');
    expect(body.speaker).toEqual({ area: 'Kitchen', area_from: 'context' });
  });

  it("passes the area of the satellite's device when the request names none", async () => {
    const body = await say({ text: 'zz lights on', device_id: satellite });
    expect(lastHeard()).toMatchObject({ area: 'Kitchen', device_id: satellite });
    expect(body.speaker).toEqual({ area: 'Kitchen', area_from: 'device' });
  });

  it('prefers context.area over the device, and says when an area or device is not known', async () => {
    const unknown = await say({ text: 'zz lights on', context: { area: 'kichen' } });
    expect(lastHeard()?.area).toBeNull();
    expect(unknown.response.response_type).toBe('action_done');
    expect(unknown.speaker).toMatchObject({ area: null, area_from: null, unknown_area: 'kichen' });
    expect(unknown.speaker.hint).toContain('No area "kichen". Closest areas: Kitchen.');

    const fallback = await say({ text: 'zz lights on', context: { area: 'attic' }, device_id: satellite });
    expect(lastHeard()?.area).toBe('Kitchen');
    expect(fallback.speaker).toMatchObject({ area: 'Kitchen', area_from: 'device', unknown_area: 'attic' });

    const noArea = t.app.registry.devices().find((d) => d.id !== satellite)?.id ?? '';
    expect((await say({ text: 'zz lights on', device_id: noArea })).speaker).toEqual({
      area: null,
      area_from: null,
      hint: `Device "${noArea}" has no area.`,
    });
    expect((await say({ text: 'zz lights on', device_id: 'ha-satellite-7' })).speaker).toMatchObject({
      area: null,
      unknown_device: 'ha-satellite-7',
    });
  });

  it('gives no area and no speaker without context or device, and refuses unknown context keys', async () => {
    const body = await say({ text: 'zz lights on' });
    expect(lastHeard()?.area).toBeNull();
    expect(body).not.toHaveProperty('speaker');
    const bad = await t.post('/api/conversation/process', { text: 'zz lights on', context: { room: 'kitchen' } });
    expect(bad.status).toBe(400);
  });
});

describe("Home Assistant's response shape", () => {
  it('action_done with targets, success, failed and a card', async () => {
    const body = await say({ text: 'zz lights on', language: 'en', conversation_id: 'c1' });
    expect(body).toEqual({
      response: {
        speech: { plain: { speech: 'Turned on 1 light', extra_data: null } },
        card: { simple: { title: 'Lights', content: 'Table Lamp on, Ceiling failed' } },
        language: 'en',
        response_type: 'action_done',
        data: {
          targets: [
            { name: 'Kitchen', type: 'area', id: 'Kitchen' },
            { name: 'light', type: 'domain', id: 'light' },
          ],
          success: [lamp],
          failed: [ceiling],
        },
      },
      conversation_id: 'c1',
      continue_conversation: false,
    });
  });

  it('query_answer', async () => {
    const body = await say({ text: 'zz is it warm', language: 'ru' });
    expect(body.response).toEqual({
      speech: { plain: { speech: 'It is 21 degrees', extra_data: null } },
      card: {},
      language: 'ru',
      response_type: 'query_answer',
      data: {
        targets: [{ name: 'temperature', type: 'device_class', id: 'temperature' }],
        success: [{ name: 'Kitchen Temperature', type: 'entity', id: 'sensor.kitchen_temperature' }],
        failed: [],
      },
    });
    expect(lastHeard()?.language).toBe('ru');
  });

  it('a question back continues the conversation', async () => {
    const body = await say({ text: 'zz which light', conversation_id: 'c2' });
    expect(body).toMatchObject({
      response: { response_type: 'action_done', data: { targets: [], success: [], failed: [] } },
      conversation_id: 'c2',
      continue_conversation: true,
    });
    expect(body.response.speech.plain.speech).toBe('Which light: the ceiling or the table lamp?');
  });

  it('errors carry only their code', async () => {
    expect((await say({ text: 'zz no such thing' })).response).toEqual({
      speech: { plain: { speech: 'No device called thing', extra_data: null } },
      card: {},
      language: 'en',
      response_type: 'error',
      data: { code: 'no_valid_targets' },
    });
  });

  it('documents the shape in the OpenAPI document', async () => {
    const doc = (await t.get('/api/openapi.json')).body;
    const text = JSON.stringify(doc.paths['/api/conversation/process']);
    for (const word of ['query_answer', 'no_valid_targets', 'device_class', 'continue_conversation', 'speaker'])
      expect(text).toContain(word);
  });
});
