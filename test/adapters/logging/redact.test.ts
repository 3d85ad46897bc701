// Secrets never reach the log, at any depth (issue 21: pino's redact paths covered only top-level keys).
import { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { createLogger } from '../../../src/adapters/logging/pino-logger.js';

function capture() {
  const lines: Record<string, unknown>[] = [];
  const stream = new Writable({
    write(chunk, _enc, done) {
      for (const line of String(chunk).split('\n').filter(Boolean)) lines.push(JSON.parse(line));
      done();
    },
  });
  return { lines, log: createLogger('debug', stream) };
}

describe('log redaction', () => {
  it('hides secrets under any key at any depth, and passwords in URLs, in fields and message', () => {
    const { lines, log } = capture();
    log.info('connecting to mqtt://switchyard:s3cret@core-mosquitto:1883', {
      settings: { mqtt: { username: 'switchyard', password: 's3cret', url: 'mqtts://u:hunter2@broker/x' } },
      headers: [{ Authorization: 'Bearer abc.def' }],
      api_token: 'tok',
      supervisor_token: 'sup',
      keep: { user: 'ada', port: 1883, empty_password: '' },
    });
    const text = JSON.stringify(lines);
    for (const secret of ['s3cret', 'hunter2', 'abc.def', '"tok"', '"sup"']) expect(text).not.toContain(secret);
    expect(lines[0]).toMatchObject({
      msg: 'connecting to mqtt://switchyard:[redacted]@core-mosquitto:1883',
      settings: { mqtt: { username: 'switchyard', password: '[redacted]', url: 'mqtts://u:[redacted]@broker/x' } },
      headers: [{ Authorization: '[redacted]' }],
      keep: { user: 'ada', port: 1883, empty_password: '' },
    });
  });

  it('cuts cycles instead of failing the log line', () => {
    const { lines, log } = capture();
    const loop: Record<string, unknown> = { name: 'loop' };
    loop['self'] = loop;
    log.warn('cyclic', { loop });
    expect(lines[0]).toMatchObject({ msg: 'cyclic', loop: { name: 'loop', self: '[…]' } });
  });
});
