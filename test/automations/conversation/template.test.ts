// hassil's template syntax (github.com/OHF-Voice/hassil docs/template_syntax.md) as the conversation trigger's
// sentences use it; cases from Home Assistant's tests/components/conversation/test_trigger.py where they exist.
import { describe, expect, it } from 'vitest';
import {
  compileSentence,
  hasPunctuation,
  matchSentence,
  normalizeSpoken,
  SentenceTemplateError,
} from '../../../src/automations/conversation/template.js';

const match = (template: string, said: string) => matchSentence(compileSentence(template), normalizeSpoken(said));

describe('sentence templates', () => {
  it('matches literal sentences ignoring case and punctuation (test_if_fires_on_event: "Ha ha ha")', () => {
    expect(match('Ha ha ha', 'Ha ha ha')).toEqual({});
    expect(match('Ha ha ha', 'ha HA ha!')).toEqual({});
    expect(match('Hey yo', 'Ha ha ha')).toBeUndefined();
    expect(match('open the pod bay door Hal', 'Open the pod bay door, Hal.')).toEqual({});
  });

  it('takes optional parts, with or without the space (test_same_trigger_multiple_sentences: "hello[ world]")', () => {
    expect(match('hello[ world]', 'hello')).toEqual({});
    expect(match('hello[ world]', 'hello world')).toEqual({});
    expect(match('[turn] on [the] light', 'on light')).toEqual({});
    expect(match('[turn] on [the] light', 'turn on the light')).toEqual({});
    expect(match('light[s]', 'lights')).toEqual({});
    expect(match('turn on', 'turnon')).toBeUndefined();
  });

  it('takes alternatives and permutations', () => {
    expect(match('(open|close) the (garage|gate)', 'close the gate')).toEqual({});
    expect(match('(open|close) the (garage|gate)', 'open the door')).toBeUndefined();
    expect(match('(TV; pause)', 'pause tv')).toEqual({});
    expect(match('(TV; pause)', 'tv pause')).toEqual({});
  });

  it('fills wildcard slots with the least text that lets the rest match (test_wildcards)', () => {
    expect(match('play {album} by {artist}', 'play the white album by the beatles')).toEqual({
      album: 'the white album',
      artist: 'the beatles',
    });
    expect(match('set timer for {minutes:duration} minutes', 'set timer for 10 minutes')).toEqual({ duration: '10' });
    expect(match('remind me {@what}', 'remind me to water the plants')).toEqual({});
    expect(match('play {album}', 'play')).toBeUndefined();
  });

  it('keeps escaped reserved characters literal', () => {
    expect(match('say \\(hi\\)', 'say (hi)')).toEqual({});
  });

  it('refuses what it cannot compile, saying where', () => {
    expect(() => compileSentence('turn on <name>')).toThrow(SentenceTemplateError);
    expect(() => compileSentence('turn (on|off')).toThrow(/without '\)'/);
    expect(() => compileSentence('turn [on; off]')).toThrow(/only allowed inside/);
    expect(() => compileSentence('a | b')).toThrow(/outside of/);
  });

  it("knows hassil's punctuation (test_fails_on_punctuation: 'hello?', 'hello!', '4 a.m.')", () => {
    for (const s of ['hello?', 'hello!', '4 a.m.']) expect(hasPunctuation(s)).toBe(true);
    expect(hasPunctuation("what's up")).toBe(false);
  });
});
