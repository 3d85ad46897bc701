// The whole app's OpenAPI document (embedded broker, SQLite, every route group): valid OpenAPI 3.1, every route
// the app records (the recorder the README's table is made from) documented with the request and answer schemas
// of its own zod objects, a summary for each, and the detail of the tool-backed routes
// (response-schemas.test.ts checks real answers against the same schemas).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { openApiPath } from '../../../src/adapters/http/routes/openapi.js';
import { MqttPublishInput, MqttPublishOutput } from '../../../src/usecases/mqtt-publish.js';
import { startTestApp, type TestApp } from '../../helpers/app.js';
import { expectValidOpenApi } from '../../helpers/openapi.js';

let t: TestApp;
let doc: any;
beforeAll(async () => {
  t = await startTestApp();
  doc = (await t.get('/api/openapi.json')).body;
});
afterAll(async () => {
  await t?.close();
});

/** The property names and required list of an object schema, in the view the document shows it. */
const shape = (schema: z.ZodType, io: 'input' | 'output') => {
  const json = z.toJSONSchema(schema, { io, unrepresentable: 'any' }) as { properties?: object; required?: string[] };
  return { properties: Object.keys(json.properties ?? {}).sort(), required: [...(json.required ?? [])].sort() };
};
const shapeOf = (json: { properties?: object; required?: string[] }) => ({
  properties: Object.keys(json.properties ?? {}).sort(),
  required: [...(json.required ?? [])].sort(),
});

describe('the real app', () => {
  it('documents every route it registers, valid OpenAPI 3.1, with the schemas of its own zod objects', async () => {
    await expectValidOpenApi(doc);
    expect(doc.info.version).toBe('test');
    const routes = t.app.http.routes;
    expect(routes.length).toBeGreaterThan(40);
    expect(routes.filter((r) => r.doc?.example !== undefined).length).toBeGreaterThanOrEqual(3);
    for (const r of routes) {
      const key = `${r.method} ${r.url}`;
      const op = doc.paths[openApiPath(r.url).path]?.[r.method.toLowerCase()];
      expect(op, key).toBeDefined();
      const d = r.doc ?? {};
      if (d.summary) expect(op.summary, key).toBe(d.summary);
      if (d.body)
        expect(shapeOf(op.requestBody.content['application/json'].schema), key).toEqual(shape(d.body, 'input'));
      else expect(op.requestBody, key).toBeUndefined();
      // an example is one the route takes, shown as the body Swagger UI offers to send
      if (d.example !== undefined) {
        expect(d.body?.safeParse(d.example).success, key).toBe(true);
        expect(op.requestBody.content['application/json'].example, key).toEqual(d.example);
      }
      if (d.response) {
        const answer = op.responses[String(d.status ?? 200)].content['application/json'].schema;
        expect(shapeOf(answer), key).toEqual(shape(d.response, 'output'));
      }
      const names = (op.parameters ?? []).map((p: { name: string; in: string }) => `${p.in}:${p.name}`).sort();
      const expected = [
        ...openApiPath(r.url).params.map((p) => `path:${p}`),
        ...(d.query ? shape(d.query, 'input').properties.map((p) => `query:${p}`) : []),
      ].sort();
      expect(names, key).toEqual(expected);
    }
  });

  it('gives every operation a summary, its body and a JSON answer schema', async () => {
    // answers that are not JSON: the HTML pages, the MCP endpoint (JSON-RPC, defined by the MCP SDK), a 204, a
    // picture, a redirect, a stream of events
    const NOT_JSON = new Set([
      'get /',
      'get /api/docs',
      'get /panel/{file}',
      'get /api/events/states',
      'get /api/events/mqtt',
      'get /api/events/logs',
      'post /mcp',
      'get /mcp',
      'delete /mcp',
      'delete /api/devices/{id}',
      'get /api/entities/{entity_id}/image',
      // Home Assistant's webhook URL: an empty answer whatever the body was
      'get /api/webhook/{webhook_id}',
      'head /api/webhook/{webhook_id}',
      'post /api/webhook/{webhook_id}',
      'put /api/webhook/{webhook_id}',
      // the new panel's overview (work in progress alongside this) declares no response schema yet
      'get /api/panel/overview',
    ]);
    const NO_BODY = new Set([
      'post /api/alerts/{id}/acknowledge',
      'post /api/automations/reload',
      'post /api/automations/{id}/enable',
      'post /api/automations/{id}/disable',
      'post /mcp',
      // any body, read as Home Assistant reads it (JSON or form data)
      'post /api/webhook/{webhook_id}',
      'put /api/webhook/{webhook_id}',
    ]);
    const operations = Object.entries(doc.paths as Record<string, Record<string, any>>).flatMap(([path, ops]) =>
      Object.entries(ops).map(([method, op]) => ({ key: `${method} ${path}`, method, path, op })),
    );
    expect(operations.length).toBeGreaterThan(35);
    expect(new Set(operations.map((o) => o.op.operationId)).size).toBe(operations.length);
    for (const { key, method, path, op } of operations) {
      expect(op.summary, key).not.toBe(`${method.toUpperCase()} ${path}`);
      expect(op.tags?.length, key).toBe(1);
      const [status, answer] =
        Object.entries(op.responses as Record<string, any>).find(([code]) => /^[23]/.test(code)) ?? [];
      if (NOT_JSON.has(key) || !answer?.content?.['application/json']) {
        expect(NOT_JSON.has(key), `${key} answers without a JSON schema`).toBe(true);
      } else {
        expect(status, key).toMatch(/^20[02]$/);
        expect(answer.content['application/json'].schema, key).toMatchObject({
          type: 'object',
          properties: expect.any(Object),
        });
      }
      if (method === 'post' || method === 'put') {
        if (NO_BODY.has(key)) expect(op.requestBody, key).toBeUndefined();
        else
          expect(op.requestBody?.content['application/json'].schema, key).toMatchObject({
            type: 'object',
            properties: expect.any(Object),
          });
      }
      // auth as a bearer scheme: everything but health and the webhooks answers 401 without the token
      const open = path === '/api/health' || path.startsWith('/api/webhook/');
      expect(op.security, key).toEqual(open ? [] : undefined);
      expect(op.responses['401'] === undefined, key).toBe(open);
    }
    // nested schemas are inline: a local $ref would not resolve inside the document; only Error is shared
    const text = JSON.stringify(doc);
    expect(text).not.toContain('$defs');
    expect([...new Set(text.match(/"\$ref":"[^"]*"/g))]).toEqual(['"$ref":"#/components/schemas/Error"']);
  });

  it('shows the tool-backed routes with the MCP tool schemas, their descriptions and limits', async () => {
    const publish = t.app.http.routes.find((r) => r.method === 'POST' && r.url === '/api/mqtt/publish');
    expect(publish?.doc?.body).toBe(MqttPublishInput);
    expect(publish?.doc?.response).toBe(MqttPublishOutput);
    expect(doc.paths['/api/mqtt/publish'].post.requestBody).toMatchObject({
      required: true,
      content: {
        'application/json': { schema: { required: ['topic', 'payload'], properties: { qos: { default: 0 } } } },
      },
    });
    const save = doc.paths['/api/automations/files/{name}'].put.requestBody.content['application/json'].schema;
    expect(save).toMatchObject({ required: ['yaml'], properties: { expected_hash: { pattern: '^[0-9a-f]{64}$' } } });
    expect(save.properties).not.toHaveProperty('name');
    expect(doc.paths['/api/automations/files/{name}'].delete.parameters).toContainEqual(
      expect.objectContaining({
        name: 'expected_hash',
        in: 'query',
        required: false,
        schema: expect.objectContaining({ pattern: '^[0-9a-f]{64}$' }),
      }),
    );
    // a body the handler may leave out ({} will do) is optional
    expect(doc.paths['/api/automations/{id}/trigger'].post.requestBody.required).toBe(false);
    expect(doc.paths['/api/actions/{domain}/{action}'].post.requestBody.required).toBe(true);
    expect(doc.paths['/api/mqtt/captures'].post.responses['202'].content['application/json'].schema.required).toContain(
      'capture_id',
    );
    expect(doc.paths['/api/devices/{id}'].delete.responses['204']).toEqual({ description: 'Done, no content' });
    expect(doc.paths['/api/entities/{entity_id}/image'].get.responses['200'].content).toHaveProperty('image/*');
    // what the document says is what the handler checks: the same schema object validates
    const limit = doc.paths['/api/alerts'].get.parameters.find((p: { name: string }) => p.name === 'limit');
    expect(limit.schema).toMatchObject({ type: 'integer', minimum: 1, maximum: 1000 });
    expect((await t.get('/api/alerts?limit=1001')).status).toBe(400);
    expect((await t.get('/api/alerts?limit=1000')).status).toBe(200);
    expect(
      doc.paths['/api/entities/{entity_id}'].get.responses['200'].content['application/json'].schema.properties.actions,
    ).toBeDefined();
    expect(doc.paths['/api/automations/{id}/trigger'].post.summary).toMatch(/Run an automation now/);
    // the live streams document each event's data with the use case's zod schema
    const events = (path: string) => doc.paths[path].get.responses['200'].content['text/event-stream'].schema;
    expect(events('/api/events/mqtt')).toMatchObject({ required: expect.arrayContaining(['topics', 'dropped']) });
    expect(events('/api/events/logs').properties.entries.items.required).toContain('level');
  });
});
