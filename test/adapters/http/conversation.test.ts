// POST /api/conversation/process and conversation triggers on the whole app, in Home Assistant's shape. Cases from
// Home Assistant's tests/components/conversation/test_trigger.py; the tag scan route from tag/__init__.py's
// `async_scan_tag` (tag_scanned with tag_id and device_id).
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../../helpers/app.js';
import { settleThrough } from '../../helpers/markers.js';
import { collect } from '../../helpers/mqtt-client.js';

const AUTOMATIONS = `
- id: hey
  triggers:
    - trigger: conversation
      command: ["Hey yo", "Ha ha ha"]
  actions:
    - action: mqtt.publish
      data: { topic: out/hey, payload: "{{ trigger.sentence }}" }
- id: hal
  triggers:
    - trigger: conversation
      command: Open the pod bay door Hal
  actions:
    - set_conversation_response: "I'm sorry, Dave. I'm afraid I can't do that"
- id: slow
  triggers:
    - id: trigger1
      trigger: conversation
      command: test sentence
  actions:
    - delay: "0:0:0.100"
    - action: mqtt.publish
      data: { topic: out/slow, payload: "{{ trigger.id }}" }
    - set_conversation_response: response 2
- id: fast
  triggers:
    - id: trigger2
      trigger: conversation
      command: test sentence
  actions:
    - set_conversation_response: response 1
- id: hello
  triggers:
    - trigger: conversation
      command: ["hello", "hello[ world]"]
  actions:
    - action: mqtt.publish
      data: { topic: out/hello, payload: "{{ trigger.sentence }}" }
- id: play
  triggers:
    - trigger: conversation
      command: play {album} by {artist}
  actions:
    - set_conversation_response: "{{ trigger.slots.album }} / {{ trigger.details.artist.text }} / {{ trigger.device_id }}"
- id: quiet
  triggers:
    - trigger: conversation
      command: be quiet
  actions:
    - set_conversation_response: ""
- id: guarded
  triggers:
    - trigger: conversation
      command: open the safe
  conditions: "{{ false }}"
  actions:
    - set_conversation_response: opened
- id: tagged
  triggers:
    - trigger: tag
      tag_id: abc123
      device_id: reader1
  actions:
    - action: mqtt.publish
      data: { topic: out/tag, payload: "{{ trigger.event.data.tag_id }} {{ trigger.event.data.device_id }}" }
`;

let t: TestApp;
let dir: string;
let seen: { topic: string; payload: string }[];
const flush = () => settleThrough(t.client, t.app.mqtt, () => t.app.automations.whenIdle());
const say = async (text: string, extra: Record<string, unknown> = {}) => {
  const res = await t.post('/api/conversation/process', { text, ...extra });
  expect(res.status).toBe(200);
  return res.body;
};

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'switchyard-conversation-'));
  writeFileSync(join(dir, 'automations.yaml'), AUTOMATIONS);
  t = await startTestApp({ automations_dir: dir });
  seen = await collect(t.client, 'out/#');
});
afterAll(async () => {
  await t.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('conversation', () => {
  it('runs the matching automation and answers "Done" (test_if_fires_on_event)', async () => {
    const body = await say('Ha ha ha');
    expect(body).toMatchObject({
      response: {
        response_type: 'action_done',
        speech: { plain: { speech: 'Done', extra_data: null } },
        language: 'en',
        data: { targets: [], success: [], failed: [] },
      },
      continue_conversation: false,
    });
    expect(body.conversation_id).toEqual(expect.any(String));
    await flush();
    expect(seen.filter((m) => m.topic === 'out/hey').map((m) => m.payload)).toEqual(['Ha ha ha']);
    const [summary] = t.app.automations.traces('hey');
    const trace = t.app.automations.trace('hey', summary?.run_id ?? '');
    expect(trace?.trigger?.variables).toMatchObject({
      alias: null,
      id: '0',
      idx: '0',
      platform: 'conversation',
      sentence: 'Ha ha ha',
      slots: {},
      details: {},
      device_id: null,
      user_input: { text: 'Ha ha ha', language: 'en', conversation_id: body.conversation_id },
    });
  });

  it('answers with set_conversation_response (test_response), an empty one too', async () => {
    const body = await say('Open the pod bay door Hal');
    expect(body.response.speech.plain.speech).toBe("I'm sorry, Dave. I'm afraid I can't do that");
    expect((await say('be quiet!')).response).toMatchObject({
      response_type: 'action_done',
      speech: { plain: { speech: '' } },
    });
  });

  it('takes the first response set when several automations match (test_response_same_sentence)', async () => {
    const body = await say('test sentence');
    expect(body.response.speech.plain.speech).toBe('response 1');
    await flush();
    expect(seen.filter((m) => m.topic === 'out/slow').map((m) => m.payload)).toEqual(['trigger1']);
  });

  it('fires a trigger once when several of its sentences match (test_same_trigger_multiple_sentences)', async () => {
    await say('hello');
    await flush();
    expect(seen.filter((m) => m.topic === 'out/hello').map((m) => m.payload)).toEqual(['hello']);
  });

  it('fills wildcard slots and passes the device (test_wildcards, test_trigger_with_device_id)', async () => {
    const body = await say('play the white album by the beatles', { device_id: 'my_device' });
    expect(body.response.speech.plain.speech).toBe('the white album / the beatles / my_device');
  });

  it('answers Done when the conditions keep the automation from running, and no_intent_match for nothing', async () => {
    expect((await say('open the safe')).response.speech.plain.speech).toBe('Done');
    const body = await say('make me a sandwich', { conversation_id: 'abc' });
    expect(body).toEqual({
      response: {
        speech: { plain: { speech: "Sorry, I couldn't understand that", extra_data: null } },
        card: {},
        language: 'en',
        response_type: 'error',
        data: { code: 'no_intent_match' },
      },
      conversation_id: 'abc',
      continue_conversation: false,
    });
    expect((await t.post('/api/conversation/process', { text: 'hi', agent_id: 'conversation.openai' })).status).toBe(
      400,
    );
  });

  it('scans a tag without an MQTT scanner (tag trigger with tag_id and device_id)', async () => {
    expect((await t.post('/api/tags/scan', { tag_id: 'abc123', device_id: 'other' })).status).toBe(200);
    expect((await t.post('/api/tags/scan', { tag_id: 'abc123', device_id: 'reader1' })).body).toEqual({
      tag_id: 'abc123',
      device_id: 'reader1',
    });
    await flush();
    expect(seen.filter((m) => m.topic === 'out/tag').map((m) => m.payload)).toEqual(['abc123 reader1']);
  });

  it('refuses sentences with punctuation or broken templates at their line (test_fails_on_punctuation, _on_empty)', async () => {
    const check = await t.post('/api/automations/validate', {
      yaml: `- id: bad
  triggers:
    - trigger: conversation
      command: ["hello?", "", "turn (on|off"]
  actions: []
`,
    });
    const problems = JSON.stringify(check.body);
    expect(problems).toContain('sentence should not contain punctuation');
    expect(problems).toContain("sentence too short: ''");
    expect(problems).toContain("'(' without ')'");
  });
});
