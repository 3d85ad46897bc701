// The raw MQTT use cases called directly, on the real app's use-case deps (embedded broker, the app's own
// MQTT connection, the one capture store): refused topics publish nothing, and a capture started here is
// the one every interface reads.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ValidationError } from '../../src/core/errors.js';
import type { UseCaseDeps } from '../../src/usecases/deps.js';
import {
  mqttGetCapture,
  MqttGetCaptureInput,
  mqttStartCapture,
  MqttStartCaptureInput,
} from '../../src/usecases/mqtt-capture.js';
import { mqttPublish, MqttPublishInput } from '../../src/usecases/mqtt-publish.js';
import { startTestApp, type TestApp } from '../helpers/app.js';
import { marker } from '../helpers/markers.js';
import { collect } from '../helpers/mqtt-client.js';

let t: TestApp;
let deps: UseCaseDeps;

beforeAll(async () => {
  t = await startTestApp();
  deps = t.app.mcpDeps;
}, 30_000);

afterAll(async () => {
  await t?.close();
});

const publish = (input: Record<string, unknown>) => mqttPublish(deps, MqttPublishInput.parse(input));

describe('raw MQTT use cases', () => {
  it('refuse wildcards, $ topics and the discovery prefix (unless allowed) before anything is sent', async () => {
    // every message the client gets lands in `seen`, the discovery topic's too
    const seen = await collect(t.client, 'uc/#');
    await t.client.subscribeAsync('homeassistant/switch/uc_test/#', { qos: 1 });
    await expect(publish({ topic: 'uc/+/set', payload: 'x' })).rejects.toBeInstanceOf(ValidationError);
    await expect(publish({ topic: 'uc/#', payload: 'x' })).rejects.toThrow(/wildcard/);
    await expect(publish({ topic: '$SYS/uc', payload: 'x' })).rejects.toThrow(/reserved for the broker/);
    await expect(publish({ topic: 'homeassistant/switch/uc_test/config', payload: '' })).rejects.toThrow(
      /allow_discovery/,
    );
    await expect(publish({ topic: 'uc/big', payload: 'x'.repeat(1024 * 1024 + 1) })).rejects.toThrow(
      /limit is 1048576 bytes/,
    );
    expect(await publish({ topic: 'uc/ok', payload: 'fine', qos: 1 })).toEqual({
      published: true,
      topic: 'uc/ok',
      bytes: 4,
      qos: 1,
      retain: false,
      connection: 'main',
    });
    // everything the app published before the marker has reached the client by the time the marker has
    await marker(deps.messages, t.client);
    expect(seen).toEqual([{ topic: 'uc/ok', payload: 'fine', retain: false }]);
  });

  it('a capture started here is read from the one shared store', async () => {
    const started = await mqttStartCapture(
      deps,
      MqttStartCaptureInput.parse({ filters: ['uc/cap/#'], duration_s: 30, max_messages: 2 }),
    );
    expect(deps.captures.get(started.capture_id)?.status).toBe('running');
    await t.client.publishAsync('uc/cap/1', 'a', { qos: 1 });
    await t.client.publishAsync('uc/cap/2', 'b', { qos: 1 });
    const done = await mqttGetCapture(
      deps,
      MqttGetCaptureInput.parse({ capture_id: started.capture_id, wait_seconds: 5 }),
    );
    expect(done).toMatchObject({ status: 'done', ended_by: 'max_messages', total: 2, next_from: 2 });
    expect(done.messages.map((m) => m.payload)).toEqual(['a', 'b']);
    await expect(mqttGetCapture(deps, MqttGetCaptureInput.parse({ capture_id: 'cap_nope' }))).rejects.toThrow(
      /Unknown or expired capture/,
    );
  });
});
