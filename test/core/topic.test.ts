// MQTT topic matching and validation (src/core/topic.ts), from the examples of the MQTT 3.1.1 specification
// (§4.7.1.2, §4.7.1.3, §4.7.2, §4.7.3; MQTT 5 has the same ones), checked against a real Mosquitto too.
import { describe, expect, it } from 'vitest';
import {
  filterProblem,
  isDollarTopic,
  isValidFilter,
  isValidPublishTopic,
  levelsMatch,
  topicMatchesLevels,
  MAX_TOPIC_BYTES,
  topicMatches,
  topicTextProblem,
} from '../../src/core/topic.js';
import { runOn, skipDifferential, type Peer } from '../helpers/brokers.js';

/** filter, topic, whether the filter matches the topic */
const MATCHES: readonly (readonly [string, string, boolean])[] = [
  // §4.7.1.2: `#` matches its parent level and any number of levels below
  ['sport/tennis/player1/#', 'sport/tennis/player1', true],
  ['sport/tennis/player1/#', 'sport/tennis/player1/ranking', true],
  ['sport/tennis/player1/#', 'sport/tennis/player1/score/wimbledon', true],
  ['sport/tennis/player1/#', 'sport/tennis/player2', false],
  ['sport/#', 'sport', true],
  ['sport/#', 'sport/', true],
  ['sport/#', 'sports', false],
  ['#', 'sport/tennis/player1', true],
  ['#', '/', true],
  // §4.7.1.3: `+` matches exactly one level, an empty one too
  ['sport/tennis/+', 'sport/tennis/player1', true],
  ['sport/tennis/+', 'sport/tennis/player2', true],
  ['sport/tennis/+', 'sport/tennis/player1/ranking', false],
  ['sport/+', 'sport', false],
  ['sport/+', 'sport/', true],
  ['+/+', '/finance', true],
  ['/+', '/finance', true],
  ['+', '/finance', false],
  ['+', 'finance', true],
  ['+/tennis/#', 'sport/tennis/player1', true],
  ['+/tennis/#', 'sport/tennis', true],
  ['sport/+/player1', 'sport/tennis/player1', true],
  ['sport/+/player1', 'sport/player1', false],
  ['a/+/c', 'a//c', true],
  ['+/+', '/', true],
  // §4.7.2: a filter starting with a wildcard never matches a topic starting with `$`
  ['#', '$SYS/monitor/Clients', false],
  ['+/monitor/Clients', '$SYS/monitor/Clients', false],
  ['$SYS/#', '$SYS/monitor/Clients', true],
  ['$SYS/monitor/+', '$SYS/monitor/Clients', true],
  ['$SYS/#', '$SYS', true],
  ['+/#', '$SYS', false],
  ['a/#', 'a/$b', true],
  ['+/$b', 'a/$b', true],
  // §4.7.3: levels compare exactly, case and spaces included; `/finance` is not `finance`
  ['ACCOUNTS', 'Accounts', false],
  ['Accounts payable', 'Accounts payable', true],
  ['/finance', 'finance', false],
  ['finance/', 'finance', false],
  ['sport/tennis', 'sport/tennis/', false],
];

describe('topic matching (MQTT 3.1.1 §4.7)', () => {
  it.each(MATCHES)('%j matches %j: %s', (filter, topic, expected) => {
    expect(topicMatches(filter, topic)).toBe(expected);
    expect(levelsMatch(filter.split('/'), topic.split('/'))).toBe(expected);
    expect(topicMatchesLevels(filter.split('/'), topic)).toBe(expected);
  });

  it('knows the broker topics ($SYS/...)', () => {
    expect(isDollarTopic('$SYS/broker/uptime')).toBe(true);
    expect(isDollarTopic('a/$SYS')).toBe(false);
    expect(isDollarTopic('')).toBe(false);
  });

  /** a matcher written another way (recursion over the levels), for the exhaustive comparison */
  function reference(f: readonly string[], t: readonly string[]): boolean {
    if (f.length === 0) return t.length === 0;
    if (f[0] === '#') return true;
    if (t.length === 0) return false;
    return (f[0] === '+' || f[0] === t[0]) && reference(f.slice(1), t.slice(1));
  }
  function* combinations(alphabet: readonly string[], maxLevels: number): Generator<string> {
    if (maxLevels === 0) return;
    for (const level of alphabet) {
      yield level;
      for (const rest of combinations(alphabet, maxLevels - 1)) yield `${level}/${rest}`;
    }
  }

  it('agrees with a reference matcher on every valid filter and topic of up to 3 levels', () => {
    const filters = [...new Set(combinations(['a', 'b', '', '+', '#', '$s'], 3))].filter(isValidFilter);
    const topics = [...new Set(combinations(['a', 'b', '', '$s', 'ab'], 3))].filter(isValidPublishTopic);
    let checked = 0;
    for (const filter of filters) {
      for (const topic of topics) {
        const f = filter.split('/');
        const t = topic.split('/');
        const expected = (f[0] === '#' || f[0] === '+') && isDollarTopic(topic) ? false : reference(f, t);
        if (
          topicMatches(filter, topic) !== expected ||
          levelsMatch(f, t) !== expected ||
          topicMatchesLevels(f, topic) !== expected
        ) {
          throw new Error(`${filter} vs ${topic}: expected ${expected}`);
        }
        checked++;
      }
    }
    // 185 valid filters (5 + 30 + 150) by 154 topics (4 + 25 + 125)
    expect(checked).toBe(185 * 154);
  });
});

describe('topic validation (MQTT 3.1.1 §4.7.1, §4.7.3, §1.5.3)', () => {
  it.each([
    ['sport/tennis/#', undefined],
    ['#', undefined],
    ['sport/#', undefined],
    ['sport/tennis#', 'hash'],
    ['sport/tennis/#/ranking', 'hash'],
    ['#/a', 'hash'],
    ['##', 'hash'],
    ['a/##', 'hash'],
    ['+', undefined],
    ['+/tennis/#', undefined],
    ['sport+', 'plus'],
    ['sport/+/player1', undefined],
    ['/+', undefined],
    ['+/', undefined],
    ['++', 'plus'],
    ['a/+b', 'plus'],
    ['+#', 'plus'],
    ['a/#+', 'plus'],
    ['/', undefined],
    ['$SYS/#', undefined],
    ['', 'empty'],
    ['a\u0000b', 'nul'],
    ['a/\uD800', 'surrogate'],
    ['a/\uDE00b', 'surrogate'],
    ['a/\uD83D\uDE00', undefined],
  ] as const)('filter %j: %s', (filter, problem) => {
    expect(filterProblem(filter)).toBe(problem);
    expect(isValidFilter(filter)).toBe(problem === undefined);
  });

  it.each([
    ['sport/tennis', true],
    ['Accounts payable', true],
    [' ', true],
    ['/', true],
    ['//', true],
    ['$SYS/monitor/Clients', true],
    ['sport/+', false],
    ['sport/#', false],
    ['sport#', false],
    ['a+b', false],
    ['', false],
    ['a\u0000', false],
    ['\uDBFF', false],
  ] as const)('publish topic %j: %s', (topic, valid) => {
    expect(isValidPublishTopic(topic)).toBe(valid);
  });

  it('allows 65,535 bytes of UTF-8 and no more, counting bytes, not characters', () => {
    expect(MAX_TOPIC_BYTES).toBe(65_535);
    for (const check of [isValidFilter, isValidPublishTopic]) {
      expect(check('x'.repeat(65_535))).toBe(true);
      expect(check('x'.repeat(65_536))).toBe(false);
      // é is 2 bytes: 32,767 of them are 65,534 bytes, 32,768 are 65,536
      expect(check('é'.repeat(32_767))).toBe(true);
      expect(check('é'.repeat(32_768))).toBe(false);
      // 😀 is 4 bytes in 2 UTF-16 units
      expect(check(`${'😀'.repeat(16_383)}abc`)).toBe(true);
      expect(check('😀'.repeat(16_384))).toBe(false);
    }
    expect(topicTextProblem('€'.repeat(21_846))).toBe('too-long');
    expect(topicTextProblem('€'.repeat(21_845))).toBe(undefined);
  });
});

/** Mosquitto refuses client publishes under $SYS: the $-topic cases run under $test instead. */
const onBroker = (text: string) => text.replace(/^\$SYS/, '$test');

describe.skipIf(skipDifferential)('topic matching against a real Mosquitto', () => {
  it('the broker delivers a topic to a filter exactly when topicMatches says so', async () => {
    const filters = [...new Set(MATCHES.map(([filter]) => onBroker(filter)))];
    const topics = [...new Set(MATCHES.map(([, topic]) => onBroker(topic)))];
    const received = await runOn('mosquitto', async (run) => {
      const subscribers: Peer[] = [];
      for (const filter of filters) {
        const subscriber = await run.connect();
        expect(await subscriber.subscribe(filter, 1)).toEqual([1]);
        subscribers.push(subscriber);
      }
      const publisher = await run.connect();
      for (const topic of topics) publisher.publish(topic, topic, { qos: 1 });
      // a marker published after the topics: once it arrives, everything before it has
      for (const subscriber of subscribers) await publisher.flushTo(subscriber);
      return subscribers.map((s) => s.messages.map((m) => m.topic).sort());
    });
    const predicted = filters.map((filter) => topics.filter((topic) => topicMatches(filter, topic)).sort());
    expect(Object.fromEntries(filters.map((f, i) => [f, received[i]]))).toEqual(
      Object.fromEntries(filters.map((f, i) => [f, predicted[i]])),
    );
    // and the table's own pairs, renamed for the broker, came out as the table says
    for (const [filter, topic, expected] of MATCHES) {
      const delivered = received[filters.indexOf(onBroker(filter))]?.includes(onBroker(topic));
      expect(delivered, `${filter} vs ${topic}`).toBe(expected);
    }
  }, 30_000);
});
