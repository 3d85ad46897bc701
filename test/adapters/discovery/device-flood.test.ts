// A flood from one device (issue 21), on the embedded broker with real mqtt.js devices: a Zigbee2MQTT plug whose
// two entities share one state topic publishes 20,000 states as fast as it can while a kitchen sensor publishes a
// few. The kitchen's states all arrive (its device has a rate limit of its own), the plug's entities end at its
// latest state, every plug message is either applied or counted as dropped, the count is in the diagnostics,
// and the flood is one alert and one warning in the log — and a second flood, after the first is over, another.
import type { MqttClient } from 'mqtt';
import { afterEach, describe, expect, it } from 'vitest';
import type { Logger } from '../../../src/core/logger.js';
import { startTestApp, type TestApp } from '../../helpers/app.js';
import { marker, until } from '../../helpers/markers.js';
import { connectClient } from '../../helpers/mqtt-client.js';
import { eventually } from '../../helpers/net.js';

let t: TestApp | undefined;
const clients: MqttClient[] = [];
afterEach(async () => {
  for (const c of clients.splice(0)) await c.endAsync();
  await t?.close();
  t = undefined;
});

/** a logger that keeps the warnings */
function capture(): { log: Logger; warnings: string[] } {
  const warnings: string[] = [];
  const log: Logger = {
    trace() {},
    debug() {},
    info() {},
    warn: (msg) => void warnings.push(msg),
    error() {},
    child: () => log,
  };
  return { log, warnings };
}

const z2mSensor = (device: string, id: string, prop: string) => ({
  name: prop[0]?.toUpperCase() + prop.slice(1),
  unique_id: `${id}_${prop}`,
  state_topic: `zigbee2mqtt/${id}`,
  value_template: `{{ value_json.${prop} }}`,
  device: { identifiers: [`zigbee2mqtt_${id}`], name: device },
});

async function announce(app: TestApp): Promise<void> {
  const configs = [
    z2mSensor('Flood Plug', 'flood_plug', 'power'),
    z2mSensor('Flood Plug', 'flood_plug', 'energy'),
    z2mSensor('Kitchen', 'kitchen', 'temperature'),
  ];
  for (const c of configs)
    await app.client.publishAsync(`homeassistant/sensor/${c.unique_id}/config`, JSON.stringify(c), { qos: 1 });
  const ids = ['sensor.flood_plug_power', 'sensor.flood_plug_energy', 'sensor.kitchen_temperature'];
  await eventually(() => ids.every((id) => app.app.registry.entity(id)));
}

/** the states each entity was set to, in order */
function record(app: TestApp): Map<string, string[]> {
  const seen = new Map<string, string[]>();
  app.app.bus.on('state_changed', (e) => {
    const s = e.new_state?.state;
    if (s === undefined || s === 'unknown') return;
    seen.set(e.entity_id, [...(seen.get(e.entity_id) ?? []), s]);
  });
  return seen;
}

const floodAlerts = (app: TestApp) => app.app.persistence.alerts.list().filter((a) => a.type === 'device_flood');

describe('a flooding device', () => {
  it('is held to its rate without costing another device a state, ends at its latest state, and is counted', async () => {
    const { log, warnings } = capture();
    t = await startTestApp({}, { appOptions: { log } });
    const app = t;
    await announce(app);
    const seen = record(app);
    const plug = await connectClient(app.brokerPort);
    const kitchen = await connectClient(app.brokerPort);
    clients.push(plug, kitchen);

    const total = 20_000;
    const kitchenStates: string[] = [];
    for (let i = 0; i < total; i++) {
      plug.publish('zigbee2mqtt/flood_plug', JSON.stringify({ power: i, energy: i / 1000, linkquality: 80 }));
      if (i % 1_000 === 999) {
        if (i % 4_000 === 3_999) {
          const temperature = String(20 + kitchenStates.length);
          kitchenStates.push(temperature);
          kitchen.publish('zigbee2mqtt/kitchen', JSON.stringify({ temperature: Number(temperature) }));
        }
        await new Promise((r) => setImmediate(r));
      }
    }
    // every message of both devices has been handled or held by the app
    await marker(kitchen, app.app.mqtt, 60_000);
    await marker(plug, app.app.mqtt, 60_000);

    // the kitchen lost nothing
    expect(seen.get('sensor.kitchen_temperature')).toEqual(kitchenStates);
    // the plug's entities end at its latest state, once a token is back for it
    const last = String(total - 1);
    await until(() => app.app.states.get('sensor.flood_plug_power')?.state === last, 'the latest power', 10_000);
    expect(app.app.states.get('sensor.flood_plug_energy')?.state).toBe(String((total - 1) / 1000));

    // each of its messages was applied (to both entities alike) or dropped, and the drops are counted
    const dropped = app.app.discovery.counts.rateLimited;
    const applied = seen.get('sensor.flood_plug_power') ?? [];
    expect(dropped, 'the flood was held back').toBeGreaterThan(0);
    expect(applied.length + dropped).toBe(total);
    expect(seen.get('sensor.flood_plug_energy')).toHaveLength(applied.length);
    // in order, never an older state after a newer one
    expect(applied.map(Number)).toEqual([...applied.map(Number)].sort((a, b) => a - b));

    const diag = (await app.get('/api/discovery/diagnostics?code=rate_limited')).body;
    expect(diag.counts.seen.rate_limited).toBe(dropped);
    expect(diag.diagnostics).toHaveLength(1);
    expect(diag.diagnostics[0]).toMatchObject({
      kind: 'state',
      code: 'rate_limited',
      topic: 'zigbee2mqtt/flood_plug',
      reason: expect.stringContaining(
        `Flood Plug sends more than 200 messages/s (burst 2000): ${dropped} messages dropped`,
      ),
    });

    const plugDevice = app.app.registry.entity('sensor.flood_plug_power')?.device_id;
    expect(floodAlerts(app)).toEqual([
      expect.objectContaining({ severity: 'warning', device_id: plugDevice, entity_id: null, acknowledged_at: null }),
    ]);
    expect(warnings.filter((w) => w.includes('Flood Plug'))).toEqual([
      expect.stringMatching(/^Flood Plug sends more than 200 messages\/s/),
    ]);
    expect(warnings.filter((w) => w.includes('Kitchen'))).toEqual([]);
  }, 120_000);

  it('makes each flood one episode: over once the bucket is full again, and a later flood is a new alert', async () => {
    const { log, warnings } = capture();
    t = await startTestApp({ device_rate_limit: 1_000, device_rate_burst: 20 }, { appOptions: { log } });
    const app = t;
    await announce(app);
    const plug = await connectClient(app.brokerPort);
    clients.push(plug);
    const flood = async (from: number) => {
      for (let i = from; i < from + 500; i++) plug.publish('zigbee2mqtt/flood_plug', JSON.stringify({ power: i }));
      await marker(plug, app.app.mqtt, 30_000);
      await until(
        () => app.app.states.get('sensor.flood_plug_power')?.state === String(from + 499),
        'the latest power',
        10_000,
      );
    };
    await flood(0);
    expect(floodAlerts(app)).toHaveLength(1);
    // over once the device has been under its rate long enough to fill its bucket (20 messages at 1,000/s)
    await until(() => warnings.some((w) => w.startsWith('flood over: Flood Plug')), 'the end of the flood', 10_000);
    const firstDropped = app.app.discovery.counts.rateLimited;
    expect(warnings.find((w) => w.startsWith('flood over'))).toContain(`${firstDropped} messages dropped`);
    // the flood's alert resolves itself when it is over
    expect(floodAlerts(app)[0]?.acknowledged_at).not.toBeNull();
    await flood(1_000);
    expect(floodAlerts(app)).toHaveLength(2);
    expect(app.app.discovery.counts.rateLimited).toBeGreaterThan(firstDropped);
  }, 60_000);
});
