// MQTT 5 and shared subscriptions. The embedded broker (aedes) speaks MQTT 3.1.1 only: a DELIBERATE,
// documented divergence. Mosquitto's MQTT 5 behaviour is tested here as the reference, and the embedded
// broker must refuse an MQTT 5 CONNECT clearly instead of half-working.
import { describe, expect, it } from 'vitest';
import { both, runOn, settle, skipDifferential, sleep } from '../../../helpers/brokers.js';

const v5 = { protocolVersion: 5 as const };

describe.skipIf(skipDifferential)('MQTT 5: documented divergence (embedded broker is MQTT 3.1.1 only)', () => {
  it('DOCUMENTED DIVERGENCE: an MQTT 5 CONNECT is accepted by Mosquitto and refused by the embedded broker with return code 1 (unacceptable protocol version)', async () => {
    const r = await both(async (run) => {
      const viaMqttJs = await run.attempt({ ...v5, clientId: 'v5-client' });
      const raw = await run.raw(5);
      raw.send({
        cmd: 'connect',
        protocolId: 'MQTT',
        protocolVersion: 5,
        clientId: 'v5-raw',
        clean: true,
        keepalive: 30,
      });
      const connack = (await raw.waitFor('connack')) as { returnCode?: number; reasonCode?: number } | undefined;
      const rawCode = connack?.reasonCode ?? connack?.returnCode;
      // after a refusal the broker closes; after an acceptance the connection stays, so only wait for a refusal
      const rawClosed = rawCode !== 0 ? await raw.waitClosed(5_000) : raw.closed;
      return {
        viaMqttJs: { accepted: viaMqttJs.accepted, returnCode: viaMqttJs.returnCode },
        raw: { code: rawCode, closed: rawClosed },
      };
    });
    expect(r.mosquitto).toEqual({ viaMqttJs: { accepted: true, returnCode: 0 }, raw: { code: 0, closed: false } });
    expect(r.embedded).toEqual({ viaMqttJs: { accepted: false, returnCode: 1 }, raw: { code: 1, closed: true } });
  });
});

describe.skipIf(skipDifferential)(
  'MQTT 5 reference behaviour (Mosquitto only; the embedded broker refuses MQTT 5)',
  () => {
    it('will delay: the will comes after the delay, and a reconnect to the session within the delay cancels it', async () => {
      const r = await runOn('mosquitto', async (run) => {
        const watcher = await run.connect();
        await watcher.subscribe('v5will/#', 1);
        const opts = (id: string) => ({
          ...v5,
          clientId: id,
          clean: false,
          properties: { sessionExpiryInterval: 30 },
          will: {
            topic: `v5will/${id}`,
            payload: Buffer.from(`${id} gone`),
            qos: 1 as const,
            retain: false,
            properties: { willDelayInterval: 1 },
          },
        });
        const back = await run.connect(opts('back'));
        const gone = await run.connect(opts('gone'));
        back.kill();
        await back.waitClosed();
        const again = await run.connect(opts('back'));
        const killedAt = Date.now();
        gone.kill();
        await settle(() => watcher.messages.length >= 1, 8_000);
        const delayMs = Date.now() - killedAt;
        const witness = await run.connect();
        await witness.flushTo(watcher);
        return { reconnected: again.connack, got: watcher.messages.map((m) => m.payload), delayed: delayMs >= 900 };
      });
      expect(r).toEqual({ reconnected: { returnCode: 0, sessionPresent: true }, got: ['gone gone'], delayed: true });
    });

    it('message expiry: an expired retained message and an expired queued message are not delivered; the remaining interval is passed on', async () => {
      const r = await runOn('mosquitto', async (run) => {
        const device = await run.connect({
          ...v5,
          clientId: 'v5-exp',
          clean: false,
          properties: { sessionExpiryInterval: 60 },
        });
        await device.subscribe('v5exp/q', 1);
        await device.end();
        const pub = await run.connect(v5);
        await pub.publishAsync('v5exp/retained-short', 'short', {
          qos: 1,
          retain: true,
          properties: { messageExpiryInterval: 1 },
        });
        await pub.publishAsync('v5exp/retained-long', 'long', {
          qos: 1,
          retain: true,
          properties: { messageExpiryInterval: 60 },
        });
        await pub.publishAsync('v5exp/q', 'queued-short', { qos: 1, properties: { messageExpiryInterval: 1 } });
        await pub.publishAsync('v5exp/q', 'queued-long', { qos: 1 });
        // expiry is a matter of time: let the one-second messages expire (Mosquitto counts whole seconds)
        await sleep(2_200);
        const late = await run.connect(v5);
        await late.subscribe('v5exp/#', 1);
        await settle(() => late.messages.length >= 1);
        await late.flushTo(late);
        const back = await run.connect({
          ...v5,
          clientId: 'v5-exp',
          clean: false,
          properties: { sessionExpiryInterval: 60 },
        });
        await settle(() => back.messages.length >= 1);
        await back.flushTo(back);
        const expiry = late.packets[0]?.properties?.messageExpiryInterval;
        return {
          retained: late.messages.map((m) => m.payload),
          remainingExpiry: expiry !== undefined && expiry > 50 && expiry < 60,
          queued: back.messages.map((m) => m.payload),
        };
      });
      expect(r).toEqual({ retained: ['long'], remainingExpiry: true, queued: ['queued-long'] });
    });

    it('retain-as-published keeps the retain flag on live delivery; without it the flag is cleared', async () => {
      const r = await runOn('mosquitto', async (run) => {
        const rap = await run.connect(v5);
        await rap.subscribe('v5rap/t', 1, { rap: true });
        const plain = await run.connect(v5);
        await plain.subscribe('v5rap/t', 1, { rap: false });
        const pub = await run.connect(v5);
        pub.publish('v5rap/t', 'r', { qos: 1, retain: true });
        await pub.flushTo(rap);
        await pub.flushTo(plain);
        return { rap: rap.messages.map((m) => m.retain), plain: plain.messages.map((m) => m.retain) };
      });
      expect(r).toEqual({ rap: [true], plain: [false] });
    });

    it('no-local: a client does not get its own messages back on a no-local subscription, but gets the others', async () => {
      const r = await runOn('mosquitto', async (run) => {
        const me = await run.connect(v5);
        await me.subscribe('v5nl/t', 1, { nl: true });
        me.publish('v5nl/t', 'mine', { qos: 1 });
        await me.flushTo(me);
        const other = await run.connect(v5);
        other.publish('v5nl/t', 'theirs', { qos: 1 });
        await other.flushTo(me);
        return me.messages.map((m) => m.payload);
      });
      expect(r).toEqual(['theirs']);
    });

    it('topic aliases: messages published by alias only arrive on the full topic', async () => {
      const r = await runOn('mosquitto', async (run) => {
        const sub = await run.connect(v5);
        await sub.subscribe('v5alias/#', 1);
        const pub = await run.connect(v5);
        const max = pub.client.options.properties?.topicAliasMaximum;
        await pub.publishAsync('v5alias/long/topic/name', 'first', { qos: 1, properties: { topicAlias: 1 } });
        await pub.publishAsync('', 'second', { qos: 1, properties: { topicAlias: 1 } });
        await pub.publishAsync('', 'third', { qos: 0, properties: { topicAlias: 1 } });
        await pub.flushTo(sub);
        return { max, got: sub.messages.map((m) => `${m.topic}=${m.payload}`) };
      });
      expect(r.got).toEqual([
        'v5alias/long/topic/name=first',
        'v5alias/long/topic/name=second',
        'v5alias/long/topic/name=third',
      ]);
    });

    it('reason codes: PUBACK 0x10 without subscribers, SUBACK with the granted QoS, UNSUBACK 0x11 for an unknown filter, CONNACK 0x87 (not authorized) for a bad password', async () => {
      const codes = await runOn('mosquitto', async (run) => {
        const c = await run.connect(v5);
        // mqtt.js does not hand a successful PUBACK to the caller: read it off the wire
        const noSubscribers = new Promise<number | undefined>((resolve) =>
          c.client.on('packetreceive', (packet) => {
            if (packet.cmd === 'puback') resolve(packet.reasonCode ?? 0);
          }),
        );
        c.publish('v5rc/nobody', 'x', { qos: 1 });
        const puback = await noSubscribers;
        const suback = await c.subscribe(['v5rc/a', 'v5rc/b'], 2);
        const unsuback = (await c.client.unsubscribeAsync('v5rc/never')) as
          | { reasonCode?: number; granted?: number[] }
          | undefined;
        return { puback, suback, unsuback: unsuback?.granted ?? unsuback?.reasonCode };
      });
      expect(codes).toEqual({ puback: 0x10, suback: [2, 2], unsuback: [0x11] });
      const auth = await runOn(
        'mosquitto',
        async (run) => ({ wrong: await run.attempt({ ...v5, username: 'esp', password: 'wrong' }) }),
        { username: 'esp', password: 'secret' },
      );
      // Mosquitto 2.0 answers bad credentials with 0x87 not authorized (not 0x86), as it answers 5 in MQTT 3.1.1
      expect(auth.wrong).toEqual({ accepted: false, returnCode: 0x87, sessionPresent: undefined });
    });
  },
);

describe.skipIf(skipDifferential)('shared subscriptions $share/<group>/<filter> (MQTT 3.1.1 clients)', () => {
  it('DOCUMENTED DIVERGENCE: Mosquitto shares the messages over the group; the embedded broker refuses $share subscriptions with SUBACK 0x80 and delivers nothing to them', async () => {
    const r = await both(async (run) => {
      const members = [await run.connect(), await run.connect()];
      const granted = [];
      for (const m of members) granted.push(await m.subscribe('$share/g/shared/t', 1));
      const plain = await run.connect();
      await plain.subscribe('shared/t', 1);
      const pub = await run.connect();
      for (let i = 0; i < 10; i++) pub.publish('shared/t', `s${i}`, { qos: 1 });
      for (const m of [...members, plain]) await pub.flushTo(m);
      const perMember = members.map((m) => m.messages.length);
      const all = members.flatMap((m) => m.messages.map((x) => x.payload)).sort();
      return {
        granted,
        perMember,
        groupGotEachOnce: all.length === 10 && new Set(all).size === 10,
        plain: plain.messages.length,
      };
    });
    expect(r.mosquitto.granted).toEqual([[1], [1]]);
    expect(r.mosquitto.groupGotEachOnce).toBe(true);
    expect(r.mosquitto.perMember.every((n) => n > 0)).toBe(true);
    expect(r.mosquitto.plain).toBe(10);
    expect(r.embedded).toEqual({ granted: [[128], [128]], perMember: [0, 0], groupGotEachOnce: false, plain: 10 });
  });
});
