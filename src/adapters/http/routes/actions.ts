import type { FastifyInstance } from 'fastify';
import { CallActionBody, CallActionOutput, CallActionParams, callAction } from '../../../usecases/actions.js';
import type { UseCaseDeps } from '../../../usecases/deps.js';
import { routeDoc } from '../route-doc.js';
import { parseInput } from '../validate.js';

export function registerActionRoutes(app: FastifyInstance, deps: UseCaseDeps): void {
  app.post(
    '/api/actions/:domain/:action',
    routeDoc({
      summary: 'Call an action (e.g. light/turn_on) on one or more entities',
      params: CallActionParams,
      body: CallActionBody,
      response: CallActionOutput,
      example: { entity_id: 'light.kitchen', data: { brightness: 128 } },
    }),
    async (request) => {
      const params = parseInput(CallActionParams, request.params, 'path');
      const body = parseInput(CallActionBody, request.body ?? {}, 'body');
      return callAction(deps, { ...params, ...body }, 'api');
    },
  );
}
