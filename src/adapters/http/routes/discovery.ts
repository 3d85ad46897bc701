import type { FastifyInstance } from 'fastify';
import type { ApiDeps } from './api-deps.js';

export function registerDiscoveryRoutes(app: FastifyInstance, deps: ApiDeps): void {
  app.get('/api/discovery/diagnostics', async () => {
    const diagnostics = deps.diagnostics.diagnostics();
    return { count: diagnostics.length, diagnostics };
  });
}
