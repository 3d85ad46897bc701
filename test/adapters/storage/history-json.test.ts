// The reader's historyJson() against what history() answered before it existed: real SQLite with the real
// migrations, rows that exercise every path of the byte writer (escapes, non-ASCII, numbers JSON writes
// as null, attributes repeating, changing and missing, times before 1970 and after 9999, a time that is
// not whole milliseconds) and a window that outgrows the first allocation.
import { afterEach, describe, expect, it } from 'vitest';
import { openDatabase, type Database } from '../../../src/adapters/storage/database.js';
import {
  createHistoryReader,
  HISTORY_ROWS_SQL,
  HISTORY_SQL,
  isoTimes,
} from '../../../src/adapters/storage/history-reader.js';

const open: Database[] = [];
afterEach(async () => {
  for (const db of open.splice(0)) await db.close();
});

const T0 = Date.parse('2026-06-01T23:59:58Z');
const A = '{"unit_of_measurement":"°C","friendly_name":"Probe"}';
const B = '{ "spaced" : [1, 2.50, "x\\u0041"], "nested": {"k": null} }'; // not as JSON.stringify writes it
const C = '{"emoji":"😀","ctl":"\\u0001","quote":"\\""}';
const STATES = [
  '21.5',
  '',
  'say "hi"',
  'back\\slash',
  'line\nbreak',
  'tab\t',
  '\u0001',
  '\u007f',
  'é',
  '😀',
  'unavailable',
  '-0',
  '1e+21',
];
const VALUES = [21.5, null, 0, -0, 1e21, 5e-324, 0.1 + 0.2, 123_456_789_012, Infinity, -Infinity, -1.5e-7];
/** runs of attributes: mostly the first row's, with others, null and a return to the first in between */
const ATTRIBUTES = [A, A, A, B, B, A, null, A, C, C, A, null, null, B, A];
const EDGE_TIMES = [-86_400_001, -1, 0, 1.5, 253_402_300_799_999, 253_402_300_800_000];

async function seeded(rows: { state: string; value: number | null; attributes: string | null; ts: number }[]) {
  const database = await openDatabase(':memory:');
  open.push(database);
  const insert = database.sqlite.prepare(
    'INSERT INTO state_history (entity_id, state, state_num, attributes, ts) VALUES (?, ?, ?, ?, ?)',
  );
  database.sqlite.transaction(() => {
    for (const r of rows) {
      insert.run('sensor.probe', r.state, r.value, r.attributes, r.ts);
      insert.run('sensor.other', 'x', 1, B, r.ts); // interleaved, never read
    }
  })();
  return { database, reader: createHistoryReader(database.sqlite, () => {}) };
}

/** Every state, value and attributes case, a few seconds apart across midnight, then the edge times. */
function mixedRows(firstAttributes: string | null) {
  const rows = Array.from({ length: 300 }, (_, i) => ({
    state: STATES[i % STATES.length]!,
    value: VALUES[i % VALUES.length]!,
    attributes: i === 0 ? firstAttributes : ATTRIBUTES[Math.floor(i / 7) % ATTRIBUTES.length]!,
    ts: T0 + i * 1_037,
  }));
  return [
    ...rows,
    ...EDGE_TIMES.map((ts, i) => ({ state: STATES[i]!, value: VALUES[i]!, attributes: ATTRIBUTES[i]!, ts })),
  ];
}

/** history() as it read the plain query before (one parse per run of equal texts), as JSON. */
function plainJson(database: Database, entity: string, start: Date, end: Date, limit = 10_000): string {
  const iso = isoTimes();
  let text: string | null | undefined;
  let parsed: unknown = null;
  const rows = database.sqlite.prepare(HISTORY_SQL).raw(true).all(entity, start.getTime(), end.getTime(), limit) as [
    string,
    number | null,
    string | null,
    number,
  ][];
  return JSON.stringify(
    rows.map(([state, value, attributes, ts]) => {
      if (attributes !== text) {
        text = attributes;
        parsed = text === null ? null : JSON.parse(text);
      }
      return { state, value, attributes: parsed, time: iso(ts) };
    }),
  );
}

const WINDOW = [new Date(-1e13), new Date(3e14)] as const;
const text = (json: Uint8Array) => Buffer.from(json).toString('utf8');

describe('history as JSON bytes', () => {
  for (const first of [A, null, C]) {
    it(`writes exactly the JSON of history() (first row's attributes ${first === null ? 'null' : 'set'})`, async () => {
      const { database, reader } = await seeded(mixedRows(first));
      const expected = plainJson(database, 'sensor.probe', ...WINDOW);
      expect(JSON.stringify(await reader.history('sensor.probe', ...WINDOW))).toBe(expected);
      const { count, json } = await reader.historyJson!('sensor.probe', ...WINDOW);
      expect(count).toBe(306);
      expect(text(json)).toBe(expected);
    });
  }

  it('leaves attributes out and keeps the limit as history() does', async () => {
    const { database, reader } = await seeded(mixedRows(A));
    const without = await reader.historyJson!('sensor.probe', ...WINDOW, { attributes: false });
    expect(text(without.json)).toBe(
      JSON.stringify(await reader.history('sensor.probe', ...WINDOW, { attributes: false })),
    );
    expect(JSON.parse(text(without.json)).every((p: { attributes: unknown }) => p.attributes === null)).toBe(true);
    const limited = await reader.historyJson!('sensor.probe', ...WINDOW, { limit: 9 });
    expect(limited.count).toBe(9);
    expect(text(limited.json)).toBe(plainJson(database, 'sensor.probe', ...WINDOW, 9));
  });

  it('answers an empty window with an empty array', async () => {
    const { reader } = await seeded(mixedRows(A));
    const { count, json } = await reader.historyJson!('sensor.nothing', ...WINDOW);
    expect({ count, json: text(json) }).toEqual({ count: 0, json: '[]' });
  });

  it('grows past its first allocation when later attributes are far longer than the first', async () => {
    const long = JSON.stringify({ notes: 'ü'.repeat(3000), list: Array.from({ length: 200 }, (_, i) => i / 7) });
    const rows = Array.from({ length: 500 }, (_, i) => ({
      state: String(i),
      value: i,
      attributes: i < 2 ? '{}' : i % 2 ? long : `{"i":${i}}`,
      ts: T0 + i * 10_000,
    }));
    const { database, reader } = await seeded(rows);
    const { json } = await reader.historyJson!('sensor.probe', ...WINDOW);
    expect(text(json)).toBe(plainJson(database, 'sensor.probe', ...WINDOW));
  });

  it('reads the rows by the (entity_id, ts) index, in its order', async () => {
    const { database } = await seeded(mixedRows(A));
    const plan = (
      database.sqlite.prepare(`EXPLAIN QUERY PLAN ${HISTORY_ROWS_SQL}`).all(A, 'sensor.probe', 0, 1, 10) as {
        detail: string;
      }[]
    )
      .map((r) => r.detail)
      .join(' | ');
    expect(plan).toMatch(
      /SEARCH state_history USING INDEX state_history_entity_ts \(entity_id=\? AND ts>\? AND ts<\?\)/,
    );
    expect(plan).not.toMatch(/TEMP B-TREE/);
  });
});
