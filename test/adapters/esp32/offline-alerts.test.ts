// A device that drops off is news (issue 21): its Last Will raises one alert, coming back resolves it with
// another; a retained offline status found at start is not news.
import { afterEach, describe, expect, it } from 'vitest';
import { createSimulatedDevice } from '../../../sim/simulated-device.js';
import { startTestApp, type TestApp } from '../../helpers/app.js';
import { eventually } from '../../helpers/net.js';

const cleanup: (() => unknown)[] = [];
afterEach(async () => {
  for (const fn of cleanup.splice(0).reverse()) await fn();
});

const device = (t: TestApp) =>
  createSimulatedDevice({
    url: `mqtt://127.0.0.1:${t.brokerPort}`,
    deviceId: 'kitchen',
    intervalMs: 200,
    reconnectPeriodMs: 0,
  });

describe('device offline alerts', () => {
  it('raises one alert on the Last Will and resolves it when the device is back', async () => {
    const t = await startTestApp();
    cleanup.push(() => t.close());
    const first = device(t);
    await first.start();
    await eventually(() => t.app.registry.entity('switch.simulated_esp32_kitchen_relay'));
    const alerts = () => t.app.persistence.alerts.list().filter((a) => a.type.startsWith('device_o'));
    expect(alerts()).toEqual([]);

    first.kill(); // a power cut: the broker publishes the Last Will
    const [offline] = await eventually(() => (alerts().length === 1 ? alerts() : undefined));
    expect(offline).toMatchObject({
      type: 'device_offline',
      severity: 'warning',
      message: expect.stringMatching(/went offline: its connection was lost \(Last Will\)/),
      acknowledged_at: null,
    });

    const again = device(t);
    await again.start();
    cleanup.push(() => again.stop().catch(() => undefined));
    await eventually(() => alerts().some((a) => a.type === 'device_online'));
    const now = alerts();
    expect(now.filter((a) => a.type === 'device_offline')).toHaveLength(1);
    expect(now.find((a) => a.type === 'device_offline')?.acknowledged_at).not.toBeNull();
    expect(now.find((a) => a.type === 'device_online')?.message).toMatch(/is back online/);
  });
});
