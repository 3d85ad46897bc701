// Spoken commands in English on the whole app: the phrases of cases-en.ts said to POST /api/conversation/process
// in a simulated home announced through real MQTT discovery; what was published is checked after markers, never a
// sleep.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ENGLISH } from './cases-en.js';
import { check, startHome, type SimulatedHome } from './home.js';

let home: SimulatedHome;
beforeAll(async () => {
  home = await startHome();
}, 30_000);
afterAll(async () => home?.close());

describe('spoken commands in English', () => {
  it('has at least 80 phrases', () => expect(ENGLISH.length).toBeGreaterThanOrEqual(80));
  for (const c of ENGLISH) it(`${c.say}${c.area ? ` (in the ${c.area})` : ''}`, () => check(home, c));
});

describe('what is not for the intent engine', () => {
  for (const say of ['hello there', 'what time is it', 'tell me a joke', 'what is the weather', 'good morning'])
    it(say, async () => {
      const body = await home.say(say);
      expect(body.response.data.code).toBe('no_intent_match');
      expect(await home.sent()).toEqual([]);
    });
});

describe('answering a question back', () => {
  it('"which light?" answered with a name does what was asked, on that one only', async () => {
    const asked = await home.say('set the lamp in the living room to 40 percent', { conversation_id: 'follow-1' });
    expect(asked.response.speech.plain.speech).toBe('Which light: the Ceiling or the Table Lamp?');
    expect(await home.sent()).toEqual([]);
    const done = await home.say('the table lamp', { conversation_id: 'follow-1' });
    expect(done.response.response_type).toBe('action_done');
    expect(done.response.speech.plain.speech).toBe('Set Table Lamp to 40 percent');
    expect(await home.sent()).toEqual([
      { topic: 'home/light.table_lamp/set', payload: expect.stringContaining('"brightness":102') },
    ]);
  });

  it('an answer in another conversation, or one that names neither, is a new command', async () => {
    await home.say('turn on the kitchen light', { conversation_id: 'follow-2' });
    const other = await home.say('the counter strip', { conversation_id: 'follow-3' });
    expect(other.response.response_type).toBe('error');
    const neither = await home.say('the garage', { conversation_id: 'follow-2' });
    expect(neither.response.response_type).toBe('error');
    expect(await home.sent()).toEqual([]);
  });
});
