// Differential: persistent sessions (offline queue, across a restart, discarded by a clean session),
// client id takeover and the empty client id rules.
import { describe, expect, it } from 'vitest';
import { both, settle, skipDifferential, type Run } from '../../../helpers/brokers.js';

const show = (m: { payload: string; qos: number; retain: boolean }) =>
  `${m.payload}@qos${m.qos}${m.retain ? ' (retained)' : ''}`;

describe.skipIf(skipDifferential)('differential: sessions and client ids (Mosquitto vs embedded)', () => {
  it('clean session false: QoS 1 messages published while offline are delivered on reconnect (sessionPresent true); QoS 0 ones are not queued', async () => {
    const r = await both(async (run) => {
      const device = await run.connect({ clientId: 'sess-offline', clean: false });
      const firstConnack = device.connack;
      await device.subscribe('sess/cmd', 1);
      await device.end();
      const sender = await run.connect();
      for (let i = 0; i < 5; i++) {
        await sender.publishAsync('sess/cmd', `c${i}`, { qos: 1 });
        await sender.publishAsync('sess/cmd', `q0-${i}`, { qos: 0 });
      }
      await sender.flushTo(sender);
      const back = await run.connect({ clientId: 'sess-offline', clean: false });
      await settle(() => back.messages.length >= 5);
      await back.flushTo(back);
      return { firstConnack, connack: back.connack, got: back.messages.map(show) };
    });
    expect(r.mosquitto).toEqual({
      firstConnack: { returnCode: 0, sessionPresent: false },
      connack: { returnCode: 0, sessionPresent: true },
      got: ['c0@qos1', 'c1@qos1', 'c2@qos1', 'c3@qos1', 'c4@qos1'],
    });
    expect(r.embedded).toEqual(r.mosquitto);
  });

  it('a persistent session, its subscription and its queued messages survive a graceful broker restart', async () => {
    const scenario = async (run: Run) => {
      const device = await run.connect({ clientId: 'sess-restart', clean: false });
      await device.subscribe('sess/r', 1);
      await device.end();
      const before = await run.connect();
      for (let i = 0; i < 3; i++) await before.publishAsync('sess/r', `before${i}`, { qos: 1 });
      await before.end();
      await run.broker.restart();
      const after = await run.connect();
      for (let i = 0; i < 3; i++) await after.publishAsync('sess/r', `after${i}`, { qos: 1 });
      const back = await run.connect({ clientId: 'sess-restart', clean: false });
      await settle(() => back.messages.length >= 6);
      await after.flushTo(back);
      return { connack: back.connack, got: back.messages.map(show) };
    };
    const r = await both(scenario, { persistent: true });
    expect(r.mosquitto).toEqual({
      connack: { returnCode: 0, sessionPresent: true },
      got: ['before0@qos1', 'before1@qos1', 'before2@qos1', 'after0@qos1', 'after1@qos1', 'after2@qos1'],
    });
    expect(r.embedded).toEqual(r.mosquitto);
  });

  it('a clean session reconnect discards the stored session: sessionPresent false, nothing queued delivered, and the session stays gone', async () => {
    const r = await both(async (run) => {
      const device = await run.connect({ clientId: 'sess-discard', clean: false });
      await device.subscribe('sess/d', 1);
      await device.end();
      const sender = await run.connect();
      for (let i = 0; i < 3; i++) await sender.publishAsync('sess/d', `queued${i}`, { qos: 1 });
      const clean = await run.connect({ clientId: 'sess-discard', clean: true });
      await clean.flushTo(clean);
      const cleanResult = { connack: clean.connack, got: clean.messages.map(show) };
      await clean.end();
      // the old subscription is gone too: nothing reaches a later persistent session
      await sender.publishAsync('sess/d', 'later', { qos: 1 });
      const again = await run.connect({ clientId: 'sess-discard', clean: false });
      await again.flushTo(again);
      return { clean: cleanResult, again: { connack: again.connack, got: again.messages.map(show) } };
    });
    expect(r.mosquitto).toEqual({
      clean: { connack: { returnCode: 0, sessionPresent: false }, got: [] },
      again: { connack: { returnCode: 0, sessionPresent: false }, got: [] },
    });
    expect(r.embedded).toEqual(r.mosquitto);
  });

  it('client id takeover: a second connection with the same id closes the first, and the second works', async () => {
    const r = await both(async (run) => {
      const watcher = await run.connect();
      await watcher.subscribe('takeover/#', 1);
      const first = await run.connect({
        clientId: 'dup-id',
        will: { topic: 'takeover/will', payload: Buffer.from('first gone'), qos: 1, retain: false },
      });
      const second = await run.connect({ clientId: 'dup-id' });
      const firstClosed = await first.waitClosed(5_000);
      await second.subscribe('takeover/echo', 1);
      second.publish('takeover/echo', 'hello', { qos: 1 });
      await second.flushTo(second);
      await second.flushTo(watcher);
      // a will for the taken-over connection is published by the broker while it takes over
      await settle(() => watcher.messages.some((m) => m.topic === 'takeover/will'), 1_000);
      return {
        firstClosed,
        secondConnack: second.connack,
        secondClosed: second.closed,
        secondGot: second.messages.map(show),
        watcherGot: watcher.messages.map((m) => `${m.topic}=${show(m)}`),
      };
    });
    expect(r.mosquitto).toMatchObject({
      firstClosed: true,
      secondConnack: { returnCode: 0 },
      secondClosed: false,
      secondGot: ['hello@qos1'],
    });
    expect(r.embedded).toEqual(r.mosquitto);
  });

  it('an empty client id with clean session false is refused with CONNACK 2 (identifier rejected) and the connection closed', async () => {
    const r = await both(async (run) => {
      const raw = await run.raw();
      // mqtt.js and mqtt-packet both refuse to build this CONNECT: MQTT 3.1.1, flags 0 (clean session 0), keepalive 30, client id ''
      raw.sendBytes(Buffer.from([0x10, 12, 0, 4, 0x4d, 0x51, 0x54, 0x54, 4, 0x00, 0, 30, 0, 0]));
      const connack = (await raw.waitFor('connack')) as { returnCode?: number; sessionPresent?: boolean } | undefined;
      return {
        connack: connack ? { returnCode: connack.returnCode, sessionPresent: connack.sessionPresent } : undefined,
        closed: await raw.waitClosed(5_000),
      };
    });
    expect(r.mosquitto).toEqual({ connack: { returnCode: 2, sessionPresent: false }, closed: true });
    expect(r.embedded).toEqual(r.mosquitto);
  });

  it('an empty client id with clean session true is accepted and the connection works', async () => {
    const r = await both(async (run) => {
      const anon = await run.connect({ clientId: '', clean: true });
      await anon.subscribe('anon/echo', 1);
      anon.publish('anon/echo', 'works', { qos: 1 });
      await anon.flushTo(anon);
      return { connack: anon.connack, got: anon.messages.map(show) };
    });
    expect(r.mosquitto).toEqual({ connack: { returnCode: 0, sessionPresent: false }, got: ['works@qos1'] });
    expect(r.embedded).toEqual(r.mosquitto);
  });
});
