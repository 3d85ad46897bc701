import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { routeDoc } from '../route-doc.js';
import { parseInput } from '../validate.js';
import type { ToolApi } from './tool-api.js';

const NameParams = z.object({ name: z.string().min(1).max(64).describe('the file name without ".yaml", e.g. porch_lights') });
const asObject = (body: unknown): Record<string, unknown> => (body !== null && typeof body === 'object' && !Array.isArray(body) ? (body as Record<string, unknown>) : {});

/** Automation authoring, with the same rules as validate_automation, save_automation and delete_automation. */
export function registerAutomationFileRoutes(app: FastifyInstance, tools: ToolApi): void {
  const { validateAutomation, saveAutomation, deleteAutomation } = tools.schemas;
  // the name comes from the path; the rest of the tool's input is the body (save) or the query (delete)
  const SaveBody = saveAutomation.input.omit({ name: true });
  const DeleteQuery = deleteAutomation.input.pick({ expected_hash: true }).partial();

  app.post(
    '/api/automations/validate',
    routeDoc({ summary: 'Validate automation YAML without saving it, as validate_automation', body: validateAutomation.input, response: validateAutomation.output }),
    async (request) => tools.validateAutomation(request.body ?? {}),
  );

  app.put(
    '/api/automations/files/:name',
    {
      bodyLimit: 512 * 1024,
      ...routeDoc({
        summary: 'Save <name>.yaml and reload, as save_automation',
        description: 'Overwriting an existing file needs expected_hash (from POST /api/automations/validate with name), so a change made meanwhile is never lost.',
        params: NameParams,
        body: SaveBody,
        response: saveAutomation.output,
      }),
    },
    async (request) => {
      const { name } = parseInput(NameParams, request.params, 'path');
      return tools.saveAutomation({ ...parseInput(SaveBody, request.body ?? {}, 'body'), name });
    },
  );

  app.delete(
    '/api/automations/files/:name',
    routeDoc({ summary: 'Delete <name>.yaml and reload, as delete_automation', description: 'expected_hash may also come in a JSON body.', params: NameParams, query: DeleteQuery, response: deleteAutomation.output }),
    async (request) => {
      const { name } = parseInput(NameParams, request.params, 'path');
      const { expected_hash } = parseInput(DeleteQuery, request.query, 'query');
      return tools.deleteAutomation({ ...asObject(request.body), ...(expected_hash !== undefined ? { expected_hash } : {}), name });
    },
  );
}
