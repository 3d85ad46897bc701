// Camera and image platforms (mqtt/camera.py, mqtt/image.py) with configurations from Home Assistant's
// documentation, and their base64 decoding against CPython's own b64decode on the same inputs.
import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { cameraPlatform } from '../../../../src/protocol/ha-discovery/components/camera.js';
import { imagePlatform } from '../../../../src/protocol/ha-discovery/components/image.js';
import { pythonB64decode } from '../../../../src/protocol/ha-discovery/components/pictures.js';
import { parse } from './helpers.js';

const NOW = new Date('2026-12-05T10:11:12.345Z');

describe('camera', () => {
  it('takes frames as bytes, or base64 with image_encoding b64, and stays idle', () => {
    const c = parse(cameraPlatform, { topic: 'zanzito/shared_locations/my-device' });
    expect(cameraPlatform.initialState(c)).toEqual({ state: 'idle', attributes: {} });
    expect(cameraPlatform.binary?.topics(c)).toEqual(['zanzito/shared_locations/my-device']);
    const frame = Buffer.from([0xff, 0xd8, 0x00, 0x80, 0xff]);
    expect(cameraPlatform.binary?.handle(c, 'zanzito/shared_locations/my-device', frame, NOW)).toEqual({
      update: null,
      image: { bytes: frame, content_type: 'image/jpeg', url: null },
    });
    const b64 = parse(cameraPlatform, { topic: 't', image_encoding: 'b64' });
    expect(cameraPlatform.binary?.handle(b64, 't', Buffer.from(frame.toString('base64')), NOW)?.image?.bytes).toEqual(
      frame,
    );
    expect(cameraPlatform.binary?.handle(b64, 't', Buffer.from('QUJ'), NOW)).toEqual({
      update: null,
      problem: 'camera frame is not valid base64: Incorrect padding',
    });
    expect(Object.keys(cameraPlatform.actions(c))).toEqual([]);
  });

  it('is refused without a topic or with another image encoding', () => {
    expect(cameraPlatform.schema.safeParse({}).success).toBe(false);
    expect(cameraPlatform.schema.safeParse({ topic: 't', image_encoding: 'b32' }).success).toBe(false);
    expect(cameraPlatform.schema.safeParse({ topic: 'a/#/b' }).success).toBe(false);
  });
});

describe('image', () => {
  it('needs exactly one of image_topic and url_topic, and content_type only with image_topic', () => {
    const issue = (config: Record<string, unknown>) => {
      const r = imagePlatform.schema.safeParse(config);
      return r.success ? 'ok' : r.error.issues.map((i) => i.message).join('; ');
    };
    expect(issue({})).toBe('Expected one of [`image_topic`, `url_topic`], got none');
    expect(issue({ image_topic: 'a', url_topic: 'b' })).toMatch(/exclusion 'image_topic'/);
    expect(issue({ url_topic: 'b', content_type: 'image/png' })).toBe(
      'Option `content_type` can not be used together with `url_topic`',
    );
    expect(issue({ image_topic: 'a', content_type: 'image/png' })).toBe('ok');
  });

  it('keeps the picture with its content type and says when it came', () => {
    const c = parse(imagePlatform, { image_topic: 'test/image', content_type: 'image/png' });
    expect(imagePlatform.initialState(c).state).toBe('unknown');
    const png = Buffer.from([0x89, 0x50, 0x4e, 0x47]);
    expect(imagePlatform.binary?.handle(c, 'test/image', png, NOW)).toEqual({
      update: { state: '2026-12-05T10:11:12.345+00:00' },
      image: { bytes: png, content_type: 'image/png', url: null },
    });
    const jpeg = parse(imagePlatform, { image_topic: 'test/image', image_encoding: 'b64' });
    expect(imagePlatform.binary?.handle(jpeg, 'test/image', Buffer.from(png.toString('base64')), NOW)?.image).toEqual({
      bytes: png,
      content_type: 'image/jpeg',
      url: null,
    });
    // undecodable: HA forgets the last image, and still counts it as an update
    expect(imagePlatform.binary?.handle(jpeg, 'test/image', Buffer.from('QUJD=x'), NOW)).toEqual({
      update: { state: '2026-12-05T10:11:12.345+00:00' },
      image: null,
      problem:
        'error processing image data received at topic test/image: Invalid base64-encoded string: number of data characters (5) cannot be 1 more than a multiple of 4',
    });
  });

  it('takes a URL through url_template, and keeps the one before when the URL is not valid', () => {
    const c = parse(imagePlatform, { url_topic: 'test/url', url_template: '{{ value_json.url }}' });
    expect(
      imagePlatform.binary?.handle(c, 'test/url', Buffer.from('{"url": "http://localhost/camera.png"}'), NOW),
    ).toEqual({
      update: { state: '2026-12-05T10:11:12.345+00:00' },
      image: { bytes: null, content_type: '', url: 'http://localhost/camera.png' },
    });
    const bad = imagePlatform.binary?.handle(c, 'test/url', Buffer.from('{"url": "ftp://x/y"}'), NOW);
    expect(bad?.image).toBeUndefined();
    expect(bad?.problem).toBe(`invalid image URL '{"url": "ftp://x/y"}' received at topic test/url`);
  });
});

const PYTHON = ['python3', '/usr/bin/python3'].find(
  (p) => spawnSync(p, ['-c', 'import base64'], { stdio: 'ignore' }).status === 0,
);

describe.skipIf(PYTHON === undefined && process.env.CI !== 'true')('base64 as CPython decodes it', () => {
  it('gives the same bytes or the same error on every input', () => {
    const inputs = [
      'QUJD',
      'QUI=',
      'QQ==',
      'QUI',
      'QUJ',
      'Q',
      'QQ',
      'QQ=',
      'Q===',
      'QUJD=x',
      'QU=JD',
      'QU==JD',
      'Q!U@I=',
      '',
      '====',
      'QUJD\nRUZH',
      ' QUJD ',
      'QUJDRA==trailing',
      'QUJDRA=',
      'QUJDRA=x=',
      'QU JD RA ==',
      '-_-_',
      'YWJj+/+/',
      'YQ==YQ==',
      Buffer.from(Array.from({ length: 256 }, (_, i) => i)).toString('base64'),
      'ÿQUJD',
    ];
    const script = `
import base64, json, sys
out = []
for s in json.load(sys.stdin):
    try: out.append({"ok": base64.b64decode(s.encode("latin1")).hex()})
    except Exception as e: out.append({"err": str(e)})
json.dump(out, sys.stdout)`;
    const run = spawnSync(PYTHON ?? 'python3', ['-c', script], { input: JSON.stringify(inputs), encoding: 'utf8' });
    expect(run.status).toBe(0);
    const python = JSON.parse(run.stdout) as ({ ok: string } | { err: string })[];
    const ours = inputs.map((s) => {
      const r = pythonB64decode(Buffer.from(s, 'latin1'));
      return typeof r === 'string' ? { err: r } : { ok: r.toString('hex') };
    });
    expect(ours).toEqual(python);
  });
});
