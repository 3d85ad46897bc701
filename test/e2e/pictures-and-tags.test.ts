// Cameras, images and tag scanners through the whole app (embedded broker, SQLite, REST): a frame published
// on a camera's topic is served as it came; an image given by URL answers with a redirect; a frame over the
// limit is refused with a diagnostic and the one before stays; a tag read by a scanner fires the automation
// that waits for that tag, and not the one waiting for another.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../helpers/app.js';
import { collect } from '../helpers/mqtt-client.js';
import { eventually } from '../helpers/net.js';

let t: TestApp | undefined;
afterEach(async () => {
  await t?.close();
  t = undefined;
});

const DEVICE = { identifiers: ['door_cam_1'], name: 'Front door', manufacturer: 'ESPHome', model: 'esp32-cam' };
// the first bytes of a JPEG and then every byte value: nothing may be lost to a text decoding
const FRAME = Buffer.concat([
  Buffer.from([0xff, 0xd8, 0xff, 0xe0]),
  Buffer.from(Array.from({ length: 256 }, (_, i) => i)),
]);

async function raw(app: TestApp, url: string) {
  return app.app.http.app.inject({ method: 'GET', url });
}

describe('pictures', () => {
  it('serves the latest camera frame and image, bytes as they came', async () => {
    t = await startTestApp();
    const app = t;
    const pub = (topic: string, payload: string | Buffer, retain = false) =>
      app.client.publishAsync(topic, payload, { qos: 1, retain });
    await pub(
      'homeassistant/camera/door_cam_1/snapshot/config',
      JSON.stringify({ name: 'Snapshot', unique_id: 'door_cam_1_snap', topic: 'door/cam/snapshot', device: DEVICE }),
      true,
    );
    await pub(
      'homeassistant/image/door_cam_1/plate/config',
      JSON.stringify({
        name: 'Plate',
        unique_id: 'door_cam_1_plate',
        image_topic: 'door/cam/plate',
        image_encoding: 'b64',
        content_type: 'image/png',
        device: DEVICE,
      }),
      true,
    );
    await pub(
      'homeassistant/image/door_cam_1/map/config',
      JSON.stringify({
        name: 'Map',
        unique_id: 'door_cam_1_map',
        url_topic: 'door/cam/map',
        url_template: '{{ value_json.url }}',
        device: DEVICE,
      }),
      true,
    );
    await eventually(async () => (await app.get('/api/entities/image.front_door_map')).status === 200);

    const camera = (await app.get('/api/entities/camera.front_door_snapshot')).body;
    expect(camera.state).toBe('idle');
    expect(camera.attributes.entity_picture).toBe('/api/entities/camera.front_door_snapshot/image');
    expect((await raw(app, '/api/entities/camera.front_door_snapshot/image')).statusCode).toBe(404);

    await pub('door/cam/snapshot', FRAME);
    await pub('door/cam/plate', FRAME.toString('base64'));
    await pub('door/cam/map', JSON.stringify({ url: 'https://maps.example.org/house.png' }));
    const frame = await eventually(async () => {
      const res = await raw(app, '/api/entities/camera.front_door_snapshot/image');
      return res.statusCode === 200 ? res : undefined;
    });
    expect(frame.headers['content-type']).toBe('image/jpeg');
    expect(frame.rawPayload.equals(FRAME)).toBe(true);

    const plate = await eventually(async () => {
      const res = await raw(app, '/api/entities/image.front_door_plate/image');
      return res.statusCode === 200 ? res : undefined;
    });
    expect(plate.headers['content-type']).toBe('image/png');
    expect(plate.rawPayload.equals(FRAME)).toBe(true);
    expect((await app.get('/api/entities/image.front_door_plate')).body.state).toMatch(
      /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}\+00:00$/,
    );

    const map = await eventually(async () => {
      const res = await raw(app, '/api/entities/image.front_door_map/image');
      return res.statusCode === 302 ? res : undefined;
    });
    expect(map.headers.location).toBe('https://maps.example.org/house.png');

    // not base64 (a lone data character after the group): the entity says when, the picture is forgotten, the diagnostics say why
    await pub('door/cam/plate', 'QUJD=x');
    await eventually(async () => (await raw(app, '/api/entities/image.front_door_plate/image')).statusCode === 404);
    const diag = (await app.get('/api/discovery/diagnostics?kind=state')).body.diagnostics as {
      topic: string;
      reason: string;
    }[];
    expect(diag.find((d) => d.topic === 'door/cam/plate')?.reason).toMatch(
      /number of data characters \(5\) cannot be 1 more than a multiple of 4/,
    );
  });

  it('refuses a frame over the limit with a diagnostic, keeping the frame before', async () => {
    const limit = 64 * 1024;
    t = await startTestApp({}, { appOptions: { maxImageBytes: limit } });
    const app = t;
    await app.client.publishAsync(
      'homeassistant/camera/door_cam_1/snapshot/config',
      JSON.stringify({ name: 'Snapshot', unique_id: 'door_cam_1_snap', topic: 'door/cam/snapshot', device: DEVICE }),
      { qos: 1, retain: true },
    );
    await eventually(async () => (await app.get('/api/entities/camera.front_door_snapshot')).status === 200);
    await app.client.publishAsync('door/cam/snapshot', FRAME, { qos: 1 });
    await eventually(async () => (await raw(app, '/api/entities/camera.front_door_snapshot/image')).statusCode === 200);
    await app.client.publishAsync('door/cam/snapshot', Buffer.alloc(limit + 1, 1), { qos: 1 });
    const diag = await eventually(async () => {
      const list = (await app.get('/api/discovery/diagnostics?kind=state')).body.diagnostics as {
        topic: string;
        reason: string;
        entity_id: string;
      }[];
      return list.find((d) => d.topic === 'door/cam/snapshot');
    });
    expect(diag.reason).toBe(`image of ${limit + 1} bytes is over the ${limit}-byte limit; the picture before is kept`);
    expect(diag.entity_id).toBe('camera.front_door_snapshot');
    expect((await raw(app, '/api/entities/camera.front_door_snapshot/image')).rawPayload.equals(FRAME)).toBe(true);
  });

  it('lets the picture updated longest ago go when all of them together pass the total bound, and says so', async () => {
    // room for one frame and a half: the second camera's frame pushes the first camera's out
    t = await startTestApp({}, { appOptions: { maxImageTotalBytes: Math.floor(FRAME.length * 1.5) } });
    const app = t;
    for (const cam of ['one', 'two']) {
      const config = {
        name: cam,
        unique_id: `cam_${cam}`,
        topic: `cams/${cam}`,
        device: { identifiers: [`cam_${cam}`], name: 'Cam' },
      };
      await app.client.publishAsync(`homeassistant/camera/cam_${cam}/snapshot/config`, JSON.stringify(config), {
        qos: 1,
        retain: true,
      });
    }
    await eventually(async () => (await app.get('/api/entities/camera.cam_two')).status === 200);
    await app.client.publishAsync('cams/one', FRAME, { qos: 1 });
    await eventually(async () => (await raw(app, '/api/entities/camera.cam_one/image')).statusCode === 200);
    await app.client.publishAsync('cams/two', FRAME, { qos: 1 });
    await eventually(async () => (await raw(app, '/api/entities/camera.cam_two/image')).statusCode === 200);
    expect((await raw(app, '/api/entities/camera.cam_one/image')).statusCode).toBe(404);
    const diag = (await app.get('/api/discovery/diagnostics?kind=state')).body.diagnostics as {
      topic: string;
      reason: string;
      entity_id: string;
    }[];
    expect(diag).toEqual([
      expect.objectContaining({
        topic: 'cams/one',
        entity_id: 'camera.cam_one',
        reason: expect.stringMatching(
          /picture let go: all pictures together passed \d+ bytes when camera.cam_two sent one/,
        ),
      }),
    ]);
  });
});

describe('tag scanners', () => {
  it('fire the automation waiting for the tag read, on that scanner', async () => {
    t = await startTestApp();
    const app = t;
    const fired = await collect(app.client, 'test/tag');
    const reader = { identifiers: ['0AFFD2'], name: 'Hall reader', manufacturer: 'Tasmota', model: 'PN532' };
    await app.client.publishAsync(
      'homeassistant/tag/0AFFD2/config',
      JSON.stringify({ topic: '0AFFD2/tag_scanned', value_template: '{{ value_json.PN532.UID }}', device: reader }),
      { qos: 1, retain: true },
    );
    const device = await eventually(async () => {
      const list = (await app.get('/api/devices')).body.devices as { id: string; name: string }[];
      const found = list.find((d) => d.name === 'Hall reader');
      return found ? (await app.get(`/api/devices/${encodeURIComponent(found.id)}`)).body : undefined;
    });
    expect(device.tag_scanners).toEqual([{ topic: '0AFFD2/tag_scanned' }]);
    expect((await app.get('/api/discovery/diagnostics')).body.count).toBe(0);

    writeFileSync(
      join(app.dataDir, 'automations', 'tags.yaml'),
      `- id: family_tag
  triggers:
    - trigger: tag
      tag_id: E9F35959
      device_id: ${device.id}
  actions:
    - action: mqtt.publish
      data: { topic: test/tag, payload: "family {{ trigger.event.data.tag_id }} {{ trigger.description }}" }
- id: any_tag
  triggers:
    - trigger: tag
      tag_id: [04A1B2C3, 04D5E6F7]
  actions:
    - action: mqtt.publish
      data: { topic: test/tag, payload: "other {{ trigger.event.data.tag_id }}" }
`,
    );
    await app.post('/api/automations/reload', {});
    await eventually(async () => (await app.get('/api/automations')).body.count === 2);
    expect((await app.get('/api/automations/diagnostics')).body.diagnostics).toEqual([]);

    // an unknown tag, an empty read and one with no UID come first: a run for any of them would come first
    for (const payload of [
      '{"PN532":{"UID":"DEADBEEF"}}',
      '{"PN532":{"UID":"  "}}',
      '{"PN532":{}}',
      '{"PN532":{"UID":"E9F35959"}}',
    ]) {
      await app.client.publishAsync('0AFFD2/tag_scanned', payload, { qos: 1 });
    }
    await eventually(() => fired.length >= 1);
    expect(fired.map((m) => m.payload)).toEqual(['family E9F35959 Tag scanned']);
    await app.client.publishAsync('0AFFD2/tag_scanned', '{"PN532":{"UID":"04D5E6F7"}}', { qos: 1 });
    await eventually(() => fired.length >= 2);
    expect(fired.map((m) => m.payload)).toEqual(['family E9F35959 Tag scanned', 'other 04D5E6F7']);

    // the scanner goes with its config, and its device with it
    await app.client.publishAsync('homeassistant/tag/0AFFD2/config', '', { qos: 1, retain: true });
    await eventually(async () => (await app.get(`/api/devices/${encodeURIComponent(device.id)}`)).status === 404);
  });
});
