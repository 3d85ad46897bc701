// Differential: retained messages set, replaced and deleted, live and for new subscribers, Mosquitto
// being the reference the embedded broker must match.
import { describe, expect, it } from 'vitest';
import { both, perTopic, perTopicQos, settle, skipDifferential, type Msg, type Run } from '../../../helpers/brokers.js';

const show = (m: Msg) => `${m.payload}${m.retain ? ' (retained)' : ''}`;

describe.skipIf(skipDifferential)('differential: retained messages (Mosquitto vs embedded)', () => {
  it('set, replace and delete one retained message: live and for a new subscriber after each step', async () => {
    const r = await both(async (run) => {
      const live = await run.connect();
      await live.subscribe('ret/#', 1);
      const pub = await run.connect();
      const after: Msg[][] = [];
      for (const payload of ['one', 'two', '']) {
        pub.publish('ret/a', payload, { qos: 1, retain: true });
        await pub.flushTo(live);
        after.push(await run.retainedSet('ret/#', payload === '' ? 0 : 1));
      }
      return { live: live.messages, after };
    });
    expect(r.mosquitto.live.map(show)).toEqual(['one', 'two', '']);
    expect(r.mosquitto.after.map((set) => set.map(show))).toEqual([['one (retained)'], ['two (retained)'], []]);
    expect(r.embedded).toEqual(r.mosquitto);
  });

  it.each([0, 1] as const)('a burst of sets, replaces and deletes on five topics at QoS %i', async (qos) => {
    const r = await both(async (run) => {
      const live = await run.connect();
      await live.subscribe('burst/#', 1);
      const pub = await run.connect();
      const last = new Map<string, string>();
      for (let i = 0; i < 60; i++) {
        const topic = `burst/t${(i * 7) % 5}`;
        const payload = i % 4 === 3 ? '' : `v${i}`;
        last.set(topic, payload);
        pub.publish(topic, payload, { qos, retain: true });
      }
      await pub.flushTo(live);
      const kept = [...last.values()].filter((p) => p !== '').length;
      return {
        live: perTopic(live.messages, show),
        after: (await run.retainedSet('burst/#', kept)).map((m) => `${m.topic}=${show(m)}`),
      };
    });
    expect(Object.values(r.mosquitto.live).flat()).toHaveLength(60);
    expect(r.embedded).toEqual(r.mosquitto);
  });

  it('1,000 retained topics interleaved with non-retained traffic on the same connection', async () => {
    const r = await both(async (run) => {
      const live = await run.connect();
      await live.subscribe(['bulk/#', 'plain/#'], 1);
      const pub = await run.connect();
      for (let i = 0; i < 1_000; i++) {
        pub.publish(`bulk/${i}`, `r${i}`, { qos: (i % 2) as 0 | 1, retain: true });
        pub.publish(`plain/${i % 10}`, `p${i}`, { qos: 0 });
      }
      await pub.flushTo(live, 20_000);
      const retained = await run.retainedSet('bulk/#', 1_000);
      const plainRetained = await run.retainedSet('plain/#', 0);
      return {
        liveCount: live.messages.length,
        liveRetainedTopics: live.messages.filter((m) => m.topic.startsWith('bulk/')).length,
        livePlain: perTopic(live.messages.filter((m) => m.topic.startsWith('plain/'))),
        liveRetainFlags: [...new Set(live.messages.map((m) => m.retain))],
        retained: retained.map((m) => `${m.topic}=${m.payload}`).sort(),
        plainRetained,
      };
    });
    expect(r.mosquitto.liveCount).toBe(2_000);
    expect(r.mosquitto.retained).toHaveLength(1_000);
    expect(r.embedded).toEqual(r.mosquitto);
  });

  it.each([0, 1] as const)(
    'device pattern: 20 devices each publish a retained QoS 0 config then a state at once; a live # subscriber (QoS %i) gets all 40',
    async (subQos) => {
      const r = await both(async (run) => {
        const ha = await run.connect();
        await ha.subscribe('#', subQos);
        const devices = await Promise.all([...Array(20).keys()].map(() => run.connect()));
        devices.forEach((d, n) => {
          d.publish(
            `homeassistant/sensor/dev${n}/config`,
            JSON.stringify({ name: `dev${n}`, state_topic: `dev${n}/state` }),
            { qos: 0, retain: true },
          );
          d.publish(`dev${n}/state`, `${20 + n}`, { qos: 0 });
        });
        await Promise.all(devices.map((d) => d.flushTo(ha)));
        const configs = ha.messages.filter((m) => m.topic.endsWith('/config'));
        const states = ha.messages.filter((m) => m.topic.endsWith('/state'));
        return {
          configs: configs.length,
          states: states.length,
          live: ha.messages.map((m) => `${m.topic}=${show(m)}`).sort(),
          retainedAfter: (await run.retainedSet('homeassistant/#', 20)).length,
        };
      });
      expect(r.mosquitto).toMatchObject({ configs: 20, states: 20, retainedAfter: 20 });
      expect(r.embedded).toEqual(r.mosquitto);
    },
  );

  it('a burst of 300 retained deletes mixed with other publishes: a live subscriber gets all 300 empty retained messages', async () => {
    const r = await both(async (run) => {
      const pub = await run.connect();
      for (let i = 0; i < 300; i++) pub.publish(`del/${i}`, `x${i}`, { qos: 1, retain: true });
      await pub.flushTo(pub);
      const live = await run.connect();
      await live.subscribe(['del/#', 'other/#'], 1);
      // the 300 retained ones it got on subscribing
      await settle(() => live.messages.length >= 300);
      await pub.flushTo(live);
      const before = live.messages.splice(0).length;
      for (let i = 0; i < 300; i++) {
        pub.publish(`del/${i}`, '', { qos: 0, retain: true });
        pub.publish(`other/${i % 7}`, `o${i}`, { qos: (i % 2) as 0 | 1 });
      }
      await pub.flushTo(live);
      const deletes = live.messages.filter((m) => m.topic.startsWith('del/'));
      return {
        retainedOnSubscribe: before,
        deletesSeen: deletes.length,
        deletesEmpty: deletes.every((m) => m.payload === ''),
        deleteOrder: deletes.map((m) => m.topic),
        other: perTopicQos(live.messages.filter((m) => m.topic.startsWith('other/'))),
        retainedAfter: await run.retainedSet('del/#', 0),
      };
    });
    expect(r.mosquitto).toMatchObject({
      retainedOnSubscribe: 300,
      deletesSeen: 300,
      deletesEmpty: true,
      retainedAfter: [],
    });
    expect(r.embedded).toEqual(r.mosquitto);
  });

  it('200 retained QoS 0 state updates interleaved with plain QoS 0 messages on one connection are all seen live, in order', async () => {
    const r = await both(async (run) => {
      const live = await run.connect();
      await live.subscribe('dev/#', 1);
      const pub = await run.connect();
      for (let i = 0; i < 200; i++) {
        pub.publish('dev/state', `s${i}`, { qos: 0, retain: true });
        pub.publish('dev/telemetry', `t${i}`, { qos: 0 });
      }
      await pub.flushTo(live);
      return { live: perTopic(live.messages), retained: (await run.retainedSet('dev/#', 1)).map(show) };
    });
    expect(r.mosquitto.live['dev/state']).toEqual([...Array(200).keys()].map((i) => `s${i}`));
    expect(r.mosquitto.retained).toEqual(['s199 (retained)']);
    expect(r.embedded).toEqual(r.mosquitto);
  });

  it('retained state survives a graceful broker restart: set 200, delete 100, restart, a new subscriber gets exactly the 100 kept', async () => {
    const scenario = async (run: Run) => {
      const pub = await run.connect();
      for (let i = 0; i < 200; i++) pub.publish(`keep/${i}`, `k${i}`, { qos: (i % 2) as 0 | 1, retain: true });
      for (let i = 0; i < 200; i += 2) pub.publish(`keep/${i}`, '', { qos: ((i / 2) % 2) as 0 | 1, retain: true });
      await pub.flushTo(pub);
      const beforeRestart = (await run.retainedSet('keep/#', 100)).map((m) => `${m.topic}=${m.payload}`).sort();
      await pub.end();
      await run.broker.restart();
      const afterRestart = (await run.retainedSet('keep/#', 100)).map((m) => `${m.topic}=${m.payload}`).sort();
      return { beforeRestart, afterRestart };
    };
    const r = await both(scenario, { persistent: true });
    const kept = [...Array(100).keys()].map((i) => `keep/${2 * i + 1}=k${2 * i + 1}`).sort();
    expect(r.mosquitto).toEqual({ beforeRestart: kept, afterRestart: kept });
    expect(r.embedded).toEqual(r.mosquitto);
  });
});
