// GET /api/entities/{id}/history on real fastify and real SQLite: the answer the route now writes from the
// reader's JSON bytes is byte for byte the one fastify serialised from point objects (which the route
// still answers with for a reader without historyJson).
import { afterEach, describe, expect, it } from 'vitest';
import { buildHttpApp } from '../../../src/adapters/http/http-server.js';
import type { UseCaseDeps as ApiDeps } from '../../../src/usecases/deps.js';
import { registerEntityRoutes } from '../../../src/adapters/http/routes/entities.js';
import { openDatabase, type Database } from '../../../src/adapters/storage/database.js';
import { createHistoryReader } from '../../../src/adapters/storage/history-reader.js';
import { silentLogger } from '../../../src/core/logger.js';
import type { HistoryReader } from '../../../src/core/ports.js';

const open: Database[] = [];
afterEach(async () => {
  for (const db of open.splice(0)) await db.close();
});

const T0 = Date.parse('2026-06-01T00:00:00Z');
const ENTITY = 'sensor.probe';

async function reader(): Promise<HistoryReader> {
  const database = await openDatabase(':memory:');
  open.push(database);
  const insert = database.sqlite.prepare(
    'INSERT INTO state_history (entity_id, state, state_num, attributes, ts) VALUES (?, ?, ?, ?, ?)',
  );
  const attributes = [
    '{"unit_of_measurement":"°C","friendly_name":"Probe \\"1\\""}',
    '{"unit_of_measurement":"°F"}',
    null,
  ];
  database.sqlite.transaction(() => {
    for (let i = 0; i < 2000; i++) {
      const state = i % 97 === 5 ? 'unavailable' : i % 89 === 3 ? 'ünïcode "quoted"' : (20 + (i % 50) / 7).toFixed(2);
      insert.run(
        ENTITY,
        state,
        Number.isNaN(Number(state)) ? null : Number(state),
        attributes[Math.floor(i / 300) % 3],
        T0 + i * 10_000,
      );
    }
  })();
  return createHistoryReader(database.sqlite, () => {});
}

function app(history: HistoryReader) {
  const entity = {
    entity_id: ENTITY,
    unique_id: null,
    domain: 'sensor',
    name: 'Probe',
    device_id: null,
    area: null,
    source: 'test',
    discovery_topic: null,
    config: {},
  };
  // only what the history route reads; the reader and fastify are the real ones
  const deps = {
    registry: { entity: (id: string) => (id === ENTITY ? entity : undefined), entities: () => [entity] },
    clock: { now: () => new Date(T0 + 3_600_000) },
    history,
  } as unknown as ApiDeps;
  return buildHttpApp({
    log: silentLogger,
    host: '127.0.0.1',
    port: 0,
    apiToken: undefined,
    health: () => ({}) as never,
    routes: [(a) => registerEntityRoutes(a, deps)],
  });
}

describe('GET /api/entities/{id}/history', () => {
  for (const query of ['', '&attributes=false', '&attributes=true']) {
    it(`answers the same bytes as serialising the points (start/end${query})`, async () => {
      const history = await reader();
      const { historyJson, ...objectsOnly } = history;
      expect(historyJson).toBeTypeOf('function');
      const url = `/api/entities/${ENTITY}/history?start=2026-06-01T00:00:00Z&end=2026-06-01T06:00:00Z${query}`;
      const [fast, objects] = await Promise.all([
        app(history).inject({ method: 'GET', url }),
        app(objectsOnly).inject({ method: 'GET', url }),
      ]);
      expect(fast.statusCode).toBe(200);
      expect(fast.headers['content-type']).toBe(objects.headers['content-type']);
      expect(fast.headers['content-length']).toBe(objects.headers['content-length']);
      expect(fast.body).toBe(objects.body);
      const body = fast.json() as { count: number; points: { attributes: unknown }[]; start: string; end: string };
      expect({ count: body.count, points: body.points.length, start: body.start, end: body.end }).toEqual({
        count: 2000,
        points: 2000,
        start: '2026-06-01T00:00:00.000Z',
        end: '2026-06-01T06:00:00.000Z',
      });
      expect(body.points.some((p) => p.attributes !== null)).toBe(query !== '&attributes=false');
    });
  }

  it('answers the default hour and errors as before', async () => {
    const history = await reader();
    const { historyJson: _, ...objectsOnly } = history;
    const cases: [string, number][] = [
      [`/api/entities/${ENTITY}/history`, 200],
      [`/api/entities/${ENTITY}/history?minutes=5`, 200],
      ['/api/entities/sensor.nope/history', 404],
      [`/api/entities/${ENTITY}/history?start=2026-06-02T00:00:00Z&end=2026-06-01T00:00:00Z`, 400],
    ];
    for (const [url, status] of cases) {
      const [fast, objects] = await Promise.all([
        app(history).inject({ method: 'GET', url }),
        app(objectsOnly).inject({ method: 'GET', url }),
      ]);
      expect(fast.statusCode, url).toBe(status);
      expect({ status: fast.statusCode, type: fast.headers['content-type'], body: fast.body }, url).toEqual({
        status: objects.statusCode,
        type: objects.headers['content-type'],
        body: objects.body,
      });
    }
  });
});
