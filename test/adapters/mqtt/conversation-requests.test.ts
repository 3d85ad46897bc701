// Spoken commands over MQTT on the whole app: a real mqtt.js client plays a voice satellite, publishing requests on
// switchyard/conversation/request and reading the answers (same id) on switchyard/conversation/response or its own
// response_topic. The answer is what POST /api/conversation/process answers; bad requests are answered with an
// error when their id can be read, and every refusal is counted in the system status.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ConversationHandler, ConversationInput } from '../../../src/automations/conversation/agent.js';
import { startTestApp, type TestApp } from '../../helpers/app.js';
import { settleThrough, until } from '../../helpers/markers.js';
import { collect } from '../../helpers/mqtt-client.js';

const REQUEST = 'switchyard/conversation/request';
const RESPONSE = 'switchyard/conversation/response';

let t: TestApp;
let dir: string;
let seen: { topic: string; payload: string; retain: boolean }[];
const heard: ConversationInput[] = [];
const recorder: ConversationHandler = {
  name: 'test recorder',
  async handle(input) {
    heard.push(input);
    if (input.text === 'zz where am i')
      return { response_type: 'query_answer', speech: `In ${input.area ?? 'no area'}` };
    if (input.text === 'zz crash') throw new Error('handler broke');
    return undefined;
  },
};

const send = (payload: unknown) =>
  t.client.publishAsync(REQUEST, typeof payload === 'string' ? payload : JSON.stringify(payload), { qos: 1 });
const answerFor = async (id: string, topic = RESPONSE) => {
  const found = await until(
    () => seen.find((m) => m.topic === topic && JSON.parse(m.payload).id === id),
    `no answer for ${id} on ${topic}`,
  );
  return JSON.parse(found.payload);
};
const status = async () => (await t.get('/api/system/status')).body.conversation_requests;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'switchyard-conversation-mqtt-'));
  writeFileSync(
    join(dir, 'automations.yaml'),
    `- id: kenobi
  triggers:
    - trigger: conversation
      command: hello there
  actions:
    - set_conversation_response: General Kenobi
`,
  );
  t = await startTestApp({ automations_dir: dir });
  (t.app.mcpDeps.conversation as ConversationHandler[]).unshift(recorder);
  seen = await collect(t.client, RESPONSE);
  await t.client.subscribeAsync('sat/#', { qos: 1 });
  await t.client.publishAsync(
    'homeassistant/light/sat1/config',
    JSON.stringify({
      name: 'Ring',
      unique_id: 'sat1_ring',
      command_topic: 'sat1/set',
      device: { identifiers: ['sat1'], name: 'Bedroom Satellite', suggested_area: 'Bedroom' },
    }),
    { qos: 1 },
  );
  await until(() => t.app.registry.devices().find((d) => d.area === 'Bedroom'), 'the satellite was not registered');
});
afterAll(async () => {
  await t.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('conversation requests over MQTT', () => {
  it('answers with the same id and what the REST API answers (a sentence trigger)', async () => {
    await send({ text: 'Hello there', id: 'r1', conversation_id: 'conv-1' });
    const answer = await answerFor('r1');
    const rest = await t.post('/api/conversation/process', { text: 'Hello there', conversation_id: 'conv-1' });
    expect(answer).toEqual({ id: 'r1', ...rest.body });
    expect(answer.response).toMatchObject({
      response_type: 'action_done',
      speech: { plain: { speech: 'General Kenobi', extra_data: null } },
      data: { targets: [], success: [], failed: [] },
    });
    const nothing = await (async () => {
      await send({ text: 'make me a sandwich', language: 'ru', id: 'r2' });
      return answerFor('r2');
    })();
    expect(nothing.response).toMatchObject({
      response_type: 'error',
      language: 'ru',
      data: { code: 'no_intent_match' },
    });
  });

  it("passes the speaker's area from context or the satellite's device", async () => {
    await send({ text: 'zz where am i', id: 'a1', context: { area: 'bedroom' } });
    expect((await answerFor('a1')).response.speech.plain.speech).toBe('In Bedroom');
    const device = t.app.registry.devices().find((d) => d.area === 'Bedroom')?.id;
    await send({ text: 'zz where am i', id: 'a2', device_id: device });
    const answer = await answerFor('a2');
    expect(answer.response.speech.plain.speech).toBe('In Bedroom');
    expect(answer.speaker).toEqual({ area: 'Bedroom', area_from: 'device' });
    expect(heard.at(-1)).toMatchObject({ device_id: device, area: 'Bedroom' });
  });

  it('answers on a valid response_topic and refuses wildcards, the request topic and the discovery prefix', async () => {
    await send({ text: 'zz where am i', id: 'rt1', response_topic: 'sat/kitchen/reply' });
    expect((await answerFor('rt1', 'sat/kitchen/reply')).response.response_type).toBe('query_answer');
    const before = (await status()).refused.bad_response_topic;
    for (const [id, topic] of [
      ['rt2', 'sat/+/reply'],
      ['rt3', 'sat/#'],
      ['rt4', REQUEST],
      ['rt5', 'homeassistant/light/x/config'],
    ] as const) {
      await send({ text: 'zz where am i', id, response_topic: topic });
      const refused = await answerFor(id);
      expect(refused.response).toMatchObject({ response_type: 'error', data: { code: 'unknown' } });
      expect(refused.response.speech.plain.speech).toContain(`response_topic '${topic}'`);
    }
    expect((await status()).refused.bad_response_topic).toBe(before + 4);
    expect(heard.filter((h) => h.text === 'zz where am i')).toHaveLength(3); // the agent was not asked
  });

  it('answers bad requests with an error when their id can be read, and counts every refusal', async () => {
    const before = await status();
    await send('{ not json');
    await send({ id: 'b1', language: 'en' }); // no text
    await send({ text: '', id: 'b2' });
    await send({ text: 'zz where am i' }); // no id: cannot be answered
    await send({ text: 'zz where am i', id: 'b3', context: { area: 5 } });
    await send({ text: 'zz where am i', id: 'b4', agent_id: 'conversation.openai' });
    await send({ text: 'zz crash', id: 'b5' });
    await send(['a list']);
    await send({ text: 'zz where am i', id: 'big', pad: 'x'.repeat(5000) });
    await settleThrough(t.client, t.app.mqtt);
    for (const id of ['b1', 'b2', 'b3', 'b4']) {
      const answer = await answerFor(id);
      expect(answer.response, id).toMatchObject({ response_type: 'error', data: { code: 'unknown' } });
      expect(answer.continue_conversation).toBe(false);
      expect(answer.conversation_id).toEqual(expect.any(String));
    }
    expect((await answerFor('b1')).response.speech.plain.speech).toContain('text');
    expect((await answerFor('b4')).response.speech.plain.speech).toContain('unknown conversation agent');
    expect((await answerFor('b5')).response).toMatchObject({ data: { code: 'failed_to_handle' } });
    expect(seen.some((m) => m.payload.includes('"big"'))).toBe(false);
    const after = await status();
    expect(after.received - before.received).toBe(9);
    expect(after.refused.bad_json - before.refused.bad_json).toBe(1);
    expect(after.refused.invalid - before.refused.invalid).toBe(6); // b1, b2, no id, b3, b4, a list
    expect(after.refused.failed - before.refused.failed).toBe(1);
    expect(after.refused.too_large - before.refused.too_large).toBe(1);
    expect(after.last_refusal).toMatchObject({ reason: expect.any(String), at: expect.any(String) });
    expect(after).toMatchObject({ request_topic: REQUEST, response_topic: RESPONSE, in_flight: 0 });
  });
});
