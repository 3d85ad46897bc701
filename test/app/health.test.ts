// The health report never shows the credentials a broker URL carries (issue 21), before or after connecting.
import { describe, expect, it } from 'vitest';
import { createHealth, withoutCredentials } from '../../src/app/health.js';

describe('health', () => {
  it('names the broker without user or password', () => {
    expect(withoutCredentials('mqtt://switchyard:s3cret@core-mosquitto:1883')).toBe('mqtt://core-mosquitto:1883');
    expect(withoutCredentials('mqtts://u:p@broker.example/')).toBe('mqtts://broker.example/');
    expect(withoutCredentials('mqtt://core-mosquitto:1883')).toBe('mqtt://core-mosquitto:1883');
    expect(withoutCredentials('user:pw@host:1883')).toBe('host:1883');
  });

  it('before the connection is up: degraded, and the configured URL without its password', () => {
    const health = createHealth({
      version: 't',
      mqttUrl: 'mqtt://switchyard:s3cret@core-mosquitto:1883',
      mqtt: () => undefined,
      database: () => undefined,
      embedded: () => false,
    });
    const report = health();
    expect(report).toMatchObject({
      status: 'degraded',
      mqtt: { connected: false, broker: 'mqtt://core-mosquitto:1883' },
    });
    expect(JSON.stringify(report)).not.toContain('s3cret');
  });
});
