// Daylight-saving changes in Europe/Vienna through the engine (see dst-scenarios.ts): 2026-03-29 02:00 CET
// becomes 03:00 CEST, 2026-10-25 03:00 CEST becomes 02:00 CET. Expected times as Home Assistant's dt.py gives
// them (test/automations/local-time.test.ts holds its own test cases).
import { afterAll, describe, vi } from 'vitest';
import { dstScenarios } from './dst-scenarios.js';

const previous = vi.hoisted(() => {
  const tz = process.env.TZ;
  process.env.TZ = 'Europe/Vienna';
  return tz;
});
afterAll(() => {
  if (previous === undefined) delete process.env.TZ;
  else process.env.TZ = previous;
});

describe('daylight saving in Europe/Vienna', () => {
  dstScenarios({
    spring: {
      start: '2026-03-29T01:29:58+01:00',
      at: '02:30',
      expected: {
        half: ['2026-03-29T01:30:00+01:00', '2026-03-29T03:00:00+02:00', '2026-03-29T03:30:00+02:00'],
        hourly: ['2026-03-29T03:00:00+02:00'],
      },
    },
    autumn: {
      start: '2026-10-25T01:59:58+02:00',
      at: '02:30',
      expected: {
        half: [
          '2026-10-25T02:00:00+02:00',
          '2026-10-25T02:30:00+02:00',
          '2026-10-25T02:00:00+01:00',
          '2026-10-25T02:30:00+01:00',
          '2026-10-25T03:00:00+01:00',
        ],
        hourly: ['2026-10-25T02:00:00+02:00', '2026-10-25T02:00:00+01:00', '2026-10-25T03:00:00+01:00'],
        at: ['2026-10-25T02:30:00+02:00', '2026-10-25T02:30:00+01:00'],
      },
    },
    holds: [
      { from: '2026-03-29T01:30:00+01:00', until: '2026-03-29T03:30:00+02:00' },
      { from: '2026-10-25T02:30:00+02:00', until: '2026-10-25T02:30:00+01:00' },
    ],
    wallOffset: {
      state: '2026-03-29 01:30:00',
      offset: '02:00:00',
      from: '2026-03-29T03:29:58+02:00',
      fires: '2026-03-29T03:30:00+02:00', // 01:30 + 2 h on the wall; two real hours would be 04:30
    },
  });
});
