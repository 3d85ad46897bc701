// Readable log lines (pino-pretty) on a terminal, JSON lines elsewhere, and either one forced; the readable lines
// are redacted as the JSON ones are (redact.ts runs before a line is serialised).
import { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { createLogger, type LoggerOptions, prettyWanted } from '../../../src/adapters/logging/pino-logger.js';
import { eventually } from '../../helpers/net.js';

function capture(options: LoggerOptions) {
  let text = '';
  const stream = new Writable({
    write(chunk, _enc, done) {
      text += String(chunk);
      done();
    },
  });
  // pino-pretty hands its lines on through a stream pipe: wait for the line rather than assume it is there at once
  const line = () => eventually(() => (text.includes('\n') ? text : undefined));
  return { line, log: createLogger('debug', stream, options) };
}

describe('log format', () => {
  it('prints readable lines when pretty, with the level, the part and the fields, and no secret', async () => {
    const { line, log } = capture({ format: 'pretty' });
    log.child({ part: 'mqtt' }).warn('connecting to mqtt://switchyard:s3cret@core-mosquitto:1883', {
      settings: { password: 'hunter2', url: 'mqtts://u:pw2@broker/x' },
      port: 1883,
    });
    const out = await line();
    expect(out).not.toMatch(/^\{/m); // not a JSON line
    expect(out).toMatch(/WARN.*\[mqtt\] connecting to mqtt:\/\/switchyard:\[redacted\]@core-mosquitto:1883/);
    expect(out).toMatch(/"port":1883/); // the fields on the same line
    expect(out).toContain('[redacted]');
    for (const secret of ['s3cret', 'hunter2', 'pw2']) expect(out).not.toContain(secret);
    expect(out).not.toContain('\u001b['); // no colours into a stream that is not the terminal
  });

  it('keeps JSON lines when json is forced, also on a terminal', async () => {
    const { line, log } = capture({ format: 'json', isTTY: true });
    log.info('hello', { n: 1 });
    expect(JSON.parse((await line()).trim())).toMatchObject({ level: 30, msg: 'hello', n: 1, name: 'switchyard' });
  });

  it('picks readable lines on its own only for a terminal on stdout', () => {
    expect(prettyWanted('auto', false, true)).toBe(true);
    expect(prettyWanted('auto', false, false)).toBe(false); // the add-on's log, a pipe, a file
    expect(prettyWanted('auto', true, true)).toBe(false); // a destination of its own (tests, tools)
    expect(prettyWanted('pretty', false, false)).toBe(true);
    expect(prettyWanted('json', false, true)).toBe(false);
  });
});
