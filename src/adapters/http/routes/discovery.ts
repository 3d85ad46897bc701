import type { FastifyInstance } from 'fastify';
import type { UseCaseDeps } from '../../../usecases/deps.js';
import {
  discoveryDiagnostics,
  DiscoveryDiagnosticsInput,
  DiscoveryDiagnosticsOutput,
} from '../../../usecases/discovery-diagnostics.js';
import { routeDoc } from '../route-doc.js';
import { parseInput } from '../validate.js';

export function registerDiscoveryRoutes(app: FastifyInstance, deps: UseCaseDeps): void {
  app.get(
    '/api/discovery/diagnostics',
    routeDoc({
      summary: 'Every discovery config or message not acted on, with its reason: filtered, paginated, counted per code',
      query: DiscoveryDiagnosticsInput,
      response: DiscoveryDiagnosticsOutput,
    }),
    async (request) => discoveryDiagnostics(deps, parseInput(DiscoveryDiagnosticsInput, request.query, 'query')),
  );
}
