import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { parseInput } from '../validate.js';
import type { ToolApi } from './tool-api.js';

const NameParams = z.object({ name: z.string().min(1).max(64) });
const DeleteQuery = z.object({ expected_hash: z.string().optional() });
const asObject = (body: unknown): Record<string, unknown> => (body !== null && typeof body === 'object' && !Array.isArray(body) ? (body as Record<string, unknown>) : {});

/** Automation authoring, with the same rules as validate_automation, save_automation and delete_automation. */
export function registerAutomationFileRoutes(app: FastifyInstance, tools: ToolApi): void {
  app.post('/api/automations/validate', { config: { openapi: { summary: 'Validate automation YAML, as validate_automation; JSON body {yaml?, name?}' } } }, async (request) => tools.validateAutomation(request.body ?? {}));

  /** body: { yaml, expected_hash? } (expected_hash is needed to overwrite an existing file) */
  app.put('/api/automations/files/:name', { bodyLimit: 512 * 1024, config: { openapi: { summary: 'Save <name>.yaml and reload, as save_automation; JSON body {yaml, expected_hash?}' } } }, async (request) => {
    const { name } = parseInput(NameParams, request.params, 'path');
    return tools.saveAutomation({ ...asObject(request.body), name });
  });

  /** expected_hash in the query (?expected_hash=…) or the JSON body */
  app.delete('/api/automations/files/:name', { config: { openapi: { summary: 'Delete <name>.yaml and reload, as delete_automation; ?expected_hash=…' } } }, async (request) => {
    const { name } = parseInput(NameParams, request.params, 'path');
    const { expected_hash } = parseInput(DeleteQuery, request.query, 'query');
    return tools.deleteAutomation({ ...asObject(request.body), ...(expected_hash !== undefined ? { expected_hash } : {}), name });
  });
}
