// Daylight-saving changes in America/New_York through the engine (see dst-scenarios.ts): 2026-03-08 02:00 EST
// becomes 03:00 EDT, 2026-11-01 02:00 EDT becomes 01:00 EST. Expected times as Home Assistant's dt.py gives
// them (test/automations/local-time.test.ts holds its own test cases).
import { afterAll, describe, vi } from 'vitest';
import { dstScenarios } from './dst-scenarios.js';

const previous = vi.hoisted(() => {
  const tz = process.env.TZ;
  process.env.TZ = 'America/New_York';
  return tz;
});
afterAll(() => {
  if (previous === undefined) delete process.env.TZ;
  else process.env.TZ = previous;
});

describe('daylight saving in America/New_York', () => {
  dstScenarios({
    spring: {
      start: '2026-03-08T01:29:58-05:00',
      at: '02:30',
      expected: {
        half: ['2026-03-08T01:30:00-05:00', '2026-03-08T03:00:00-04:00', '2026-03-08T03:30:00-04:00'],
        hourly: ['2026-03-08T03:00:00-04:00'],
      },
    },
    autumn: {
      start: '2026-11-01T00:59:58-04:00',
      at: '01:30',
      expected: {
        half: [
          '2026-11-01T01:00:00-04:00',
          '2026-11-01T01:30:00-04:00',
          '2026-11-01T01:00:00-05:00',
          '2026-11-01T01:30:00-05:00',
          '2026-11-01T02:00:00-05:00',
        ],
        hourly: ['2026-11-01T01:00:00-04:00', '2026-11-01T01:00:00-05:00', '2026-11-01T02:00:00-05:00'],
        at: ['2026-11-01T01:30:00-04:00', '2026-11-01T01:30:00-05:00'],
      },
    },
    holds: [
      { from: '2026-03-08T01:30:00-05:00', until: '2026-03-08T03:30:00-04:00' },
      { from: '2026-11-01T01:30:00-04:00', until: '2026-11-01T01:30:00-05:00' },
    ],
    wallOffset: {
      state: '2026-03-08 01:30:00',
      offset: '02:00:00',
      from: '2026-03-08T03:29:58-04:00',
      fires: '2026-03-08T03:30:00-04:00', // 01:30 + 2 h on the wall; two real hours would be 04:30
    },
  });
});
