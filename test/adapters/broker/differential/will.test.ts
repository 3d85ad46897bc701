// Differential: the Last Will on an abrupt disconnect, none on a clean DISCONNECT, a retained will, and
// the keepalive timeout that ends a silent client (and publishes its will).
import { describe, expect, it } from 'vitest';
import { both, settle, skipDifferential } from '../../../helpers/brokers.js';

const show = (m: { topic: string; payload: string; qos: number; retain: boolean }) =>
  `${m.topic}=${m.payload}@qos${m.qos}${m.retain ? ' (retained)' : ''}`;
const will = (topic: string, payload: string, qos: 0 | 1 | 2 = 1, retain = false) => ({
  topic,
  payload: Buffer.from(payload),
  qos,
  retain,
});

describe.skipIf(skipDifferential)('differential: last will and keepalive (Mosquitto vs embedded)', () => {
  it('the will is published when the connection drops without DISCONNECT', async () => {
    const r = await both(async (run) => {
      const watcher = await run.connect();
      await watcher.subscribe('lwt/#', 2);
      const device = await run.connect({ clientId: 'lwt-abrupt', will: will('lwt/abrupt', 'offline', 1) });
      device.publish('lwt/abrupt', 'online', { qos: 1 });
      await device.flushTo(watcher);
      device.kill();
      await settle(() => watcher.messages.length >= 2, 5_000);
      return watcher.messages.map(show);
    });
    expect(r.mosquitto).toEqual(['lwt/abrupt=online@qos1', 'lwt/abrupt=offline@qos1']);
    expect(r.embedded).toEqual(r.mosquitto);
  });

  it('no will after a clean DISCONNECT', async () => {
    const r = await both(async (run) => {
      const watcher = await run.connect();
      await watcher.subscribe('lwt/#', 2);
      const device = await run.connect({ clientId: 'lwt-clean', will: will('lwt/clean', 'offline', 1) });
      device.publish('lwt/clean', 'online', { qos: 1 });
      await device.flushTo(watcher);
      await device.end();
      // the device's socket is closed, so its DISCONNECT was handled before this marker
      const witness = await run.connect();
      await witness.flushTo(watcher);
      return watcher.messages.map(show);
    });
    expect(r.mosquitto).toEqual(['lwt/clean=online@qos1']);
    expect(r.embedded).toEqual(r.mosquitto);
  });

  it('a retained will: live subscribers get it, and a later subscriber gets it retained', async () => {
    const r = await both(async (run) => {
      const watcher = await run.connect();
      await watcher.subscribe('lwt/#', 1);
      const device = await run.connect({ clientId: 'lwt-retained', will: will('lwt/retained', 'offline', 1, true) });
      device.kill();
      await settle(() => watcher.messages.length >= 1, 5_000);
      const witness = await run.connect();
      await witness.flushTo(watcher);
      return { live: watcher.messages.map(show), later: (await run.retainedSet('lwt/#', 1)).map(show) };
    });
    expect(r.mosquitto).toEqual({
      live: ['lwt/retained=offline@qos1'],
      later: ['lwt/retained=offline@qos1 (retained)'],
    });
    expect(r.embedded).toEqual(r.mosquitto);
  });

  it('keepalive: a client that sends CONNECT with keepalive 1 and then nothing is disconnected and its will published', async () => {
    const r = await both(async (run) => {
      const watcher = await run.connect();
      await watcher.subscribe('lwt/#', 1);
      const raw = await run.raw();
      raw.send({
        cmd: 'connect',
        protocolId: 'MQTT',
        protocolVersion: 4,
        clientId: 'silent-1',
        clean: true,
        keepalive: 1,
        will: { topic: 'lwt/silent', payload: Buffer.from('timed out'), qos: 1, retain: false },
      });
      const connack = (await raw.waitFor('connack')) as { returnCode?: number } | undefined;
      const t0 = Date.now();
      const closed = await raw.waitClosed(8_000);
      const elapsedMs = (raw.closedAt ?? Date.now()) - t0;
      await settle(() => watcher.messages.length >= 1, 3_000);
      const witness = await run.connect();
      await witness.flushTo(watcher);
      return { observed: { connack: connack?.returnCode, closed, will: watcher.messages.map(show) }, elapsedMs };
    });
    expect(r.mosquitto.observed).toEqual({ connack: 0, closed: true, will: ['lwt/silent=timed out@qos1'] });
    // Mosquitto 2.0.11 checks keepalives in 5 s buckets: it closes a keepalive 1 client after 4–5.5 s, not 1.5 s
    expect(r.mosquitto.elapsedMs).toBeGreaterThanOrEqual(1_000);
    expect(r.mosquitto.elapsedMs).toBeLessThanOrEqual(7_000);
    expect('scenarioError' in r.embedded ? r.embedded : r.embedded.observed).toEqual(r.mosquitto.observed);
    // the embedded broker keeps to MQTT 3.1.1 §3.1.2.10 (one and a half times the keepalive)
    const embeddedMs = 'elapsedMs' in r.embedded ? r.embedded.elapsedMs : -1;
    expect(
      embeddedMs,
      `embedded closed after ${embeddedMs} ms (mosquitto after ${r.mosquitto.elapsedMs} ms)`,
    ).toBeGreaterThanOrEqual(1_000);
    expect(
      embeddedMs,
      `embedded closed after ${embeddedMs} ms (mosquitto after ${r.mosquitto.elapsedMs} ms)`,
    ).toBeLessThanOrEqual(2_600);
  });
});
