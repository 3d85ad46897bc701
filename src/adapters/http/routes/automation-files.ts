import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import {
  validateAutomation,
  ValidateAutomationInput,
  ValidateAutomationOutput,
} from '../../../usecases/automation-files.js';
import {
  deleteAutomation,
  DeleteAutomationInput,
  DeleteAutomationOutput,
  saveAutomation,
  SaveAutomationInput,
  SaveAutomationOutput,
} from '../../../usecases/automation-save.js';
import type { UseCaseDeps } from '../../../usecases/deps.js';
import { routeDoc } from '../route-doc.js';
import { parseInput } from '../validate.js';

const NameParams = z.object({
  name: z.string().min(1).max(64).describe('the file name without ".yaml", e.g. porch_lights'),
});
// the name comes from the path; the rest of the use case's input is the body (save) or the query (delete)
const SaveBody = SaveAutomationInput.omit({ name: true });
const DeleteQuery = DeleteAutomationInput.pick({ expected_hash: true }).partial();

const asObject = (body: unknown): Record<string, unknown> =>
  body !== null && typeof body === 'object' && !Array.isArray(body) ? (body as Record<string, unknown>) : {};

/** Automation authoring, as validate_automation, save_automation and delete_automation. */
export function registerAutomationFileRoutes(app: FastifyInstance, deps: UseCaseDeps): void {
  app.post(
    '/api/automations/validate',
    routeDoc({
      summary: 'Validate automation YAML without saving it, as validate_automation',
      body: ValidateAutomationInput,
      response: ValidateAutomationOutput,
    }),
    async (request) => validateAutomation(deps, parseInput(ValidateAutomationInput, request.body ?? {}, 'body')),
  );

  app.put(
    '/api/automations/files/:name',
    {
      bodyLimit: 512 * 1024,
      ...routeDoc({
        summary: 'Save <name>.yaml and reload, as save_automation',
        description:
          'Overwriting an existing file needs expected_hash (from POST /api/automations/validate with name), ' +
          'so a change made meanwhile is never lost.',
        params: NameParams,
        body: SaveBody,
        response: SaveAutomationOutput,
      }),
    },
    async (request) => {
      const { name } = parseInput(NameParams, request.params, 'path');
      const body = parseInput(SaveBody, request.body ?? {}, 'body');
      return saveAutomation(deps, parseInput(SaveAutomationInput, { ...body, name }, 'body'));
    },
  );

  app.delete(
    '/api/automations/files/:name',
    routeDoc({
      summary: 'Delete <name>.yaml and reload, as delete_automation',
      description: 'expected_hash may also come in a JSON body.',
      params: NameParams,
      query: DeleteQuery,
      response: DeleteAutomationOutput,
    }),
    async (request) => {
      const { name } = parseInput(NameParams, request.params, 'path');
      const { expected_hash } = parseInput(DeleteQuery, request.query, 'query');
      const input = { ...asObject(request.body), ...(expected_hash !== undefined ? { expected_hash } : {}), name };
      return deleteAutomation(deps, parseInput(DeleteAutomationInput, input, 'body'));
    },
  );
}
