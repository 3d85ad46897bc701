// MessageBus.resubscribe (the discovery "refresh" action) asks the broker for a topic's retained message again, on a
// real Mosquitto and on the embedded broker: a SUBSCRIBE of a filter the client holds brings it back from both (a bare
// mqtt.js client's subscribeAsync of a topic it holds sends no SUBSCRIBE at all, so it cannot show this).
import { afterEach, describe, expect, it } from 'vitest';
import { brokerKinds, skipDifferential, startBroker, startConnection } from '../../helpers/brokers.js';
import { connectClient } from '../../helpers/mqtt-client.js';
import { eventually } from '../../helpers/net.js';

const cleanup: (() => unknown)[] = [];
afterEach(async () => {
  for (const fn of cleanup.splice(0).reverse()) await fn();
});

describe.each(brokerKinds)('resubscribe on %s', (kind) => {
  it.skipIf(kind === 'mosquitto' && skipDifferential)(
    'brings the retained message back to the handlers, and the subscription goes on',
    async () => {
      const broker = await startBroker(kind, { persistent: false });
      cleanup.push(() => broker.stop());
      const device = await connectClient(broker.port);
      cleanup.push(() => device.endAsync());
      await device.publishAsync('rs/state', 'v1', { qos: 1, retain: true });
      const conn = await startConnection(broker.port);
      cleanup.push(() => conn.stop());
      const got: string[] = [];
      await conn.subscribe('rs/state', (m) => void got.push(`${m.payload.toString()}${m.retain ? ' (retained)' : ''}`));
      await eventually(() => got.length === 1, 5_000);
      await device.publishAsync('rs/state', 'v2', { qos: 1, retain: true });
      await eventually(() => got.length === 2, 5_000);

      await conn.resubscribe?.('rs/state');
      await eventually(() => got.length === 3, 5_000).catch(() => undefined);
      expect(got).toEqual(['v1 (retained)', 'v2', 'v2 (retained)']);
      await device.publishAsync('rs/state', 'v3', { qos: 1 });
      await eventually(() => got.length === 4, 5_000);
      expect(got[3]).toBe('v3');
    },
  );
});
