// Owns fastify: the REST API on http_host:http_port, the ingress panel at /, one error handler, bearer-token /
// loopback / ingress auth, the OpenAPI document and the interactive reference (@fastify/swagger, Swagger UI).
import Fastify, { type FastifyInstance, type FastifyServerOptions } from 'fastify';
import { createRequire } from 'node:module';
import type { Logger } from '../../core/logger.js';
import type { Service } from '../../core/ports.js';
import { INGRESS_ADDRESS, installAuth } from './auth.js';
import { installErrorHandler } from './error-handler.js';
import { registerHealthRoutes, type HealthReport } from './routes/health.js';
import { registerDocsPage } from './routes/docs-page.js';
import {
  collectedRoutes,
  collectRoutes,
  registerOpenApi,
  registerOpenApiRoute,
  type CollectedRoute,
} from './routes/openapi.js';
import { registerPanelRoutes, type PanelData } from './routes/panel.js';

export type { PanelData, PanelAutomation, PanelDevice, PanelEntity } from './routes/panel.js';

export interface HttpDeps {
  log: Logger;
  host: string;
  port: number;
  apiToken: string | undefined;
  /**
   * running as a Home Assistant add-on (SUPERVISOR_TOKEN set): only then is the ingress proxy's address trusted
   * without a token; elsewhere 172.30.32.2 is just another address (issue 21)
   */
  underSupervisor?: boolean;
  health: () => HealthReport;
  /** version shown in /api/openapi.json */
  version?: string;
  /** more route groups, each registering itself on the instance */
  routes?: readonly ((app: FastifyInstance) => void)[];
  /** data for the ingress panel at GET /; without it no panel is served */
  panel?: () => PanelData;
}

export interface HttpServer extends Service {
  readonly app: FastifyInstance;
  /** the port actually bound (useful with port 0) */
  readonly port: number;
  /** every route with the zod schemas it declared (what /api/openapi.json is built from) */
  readonly routes: readonly CollectedRoute[];
}

type Compilers = Required<NonNullable<NonNullable<FastifyServerOptions['schemaController']>['compilersFactory']>>;

/**
 * fastify loads ajv and fast-json-stringify for every instance (about 30 ms of start-up), yet no route
 * here declares a fastify JSON schema: they validate with zod (parseInput). These factories load fastify's
 * own compilers only when a route with such a schema is registered.
 */
function lazyCompilers(): Compilers {
  // resolved from fastify's own folder: they are its dependencies, not Switchyard's
  const fromFastify = createRequire(createRequire(import.meta.url).resolve('fastify'));
  type Factory = (...args: unknown[]) => unknown;
  const lazy = (pkg: string): Factory => {
    let factory: Factory | undefined;
    return (...args) => {
      factory ??= (fromFastify(pkg) as () => Factory)();
      return factory(...args);
    };
  };
  // the same factories fastify would build itself, so a schema behaves as with fastify's defaults
  return {
    buildValidator: lazy('@fastify/ajv-compiler'),
    buildSerializer: lazy('@fastify/fast-json-stringify-compiler'),
  } as unknown as Compilers;
}

/** Builds the fastify instance with every route; `inject()` works before `start()`. */
export function buildHttpApp(deps: HttpDeps): FastifyInstance {
  const app = Fastify({
    logger: false,
    bodyLimit: 256 * 1024,
    trustProxy: false,
    schemaController: { compilersFactory: lazyCompilers() },
  });
  collectRoutes(app);
  installErrorHandler(app, deps.log);
  installAuth(app, { apiToken: deps.apiToken, ingressAddresses: deps.underSupervisor ? [INGRESS_ADDRESS] : [] });
  // @fastify/swagger records routes with its own onRoute hook once loaded: the routes go in a plugin after it
  registerOpenApi(app, () => ({ title: 'Switchyard', version: deps.version ?? deps.health().version }));
  registerDocsPage(app, 'Switchyard');
  void app.register(async (api) => {
    registerHealthRoutes(api, deps.health);
    if (deps.panel) registerPanelRoutes(api, deps.panel);
    for (const register of deps.routes ?? []) register(api);
    registerOpenApiRoute(api);
  });
  app.addHook('onResponse', async (request, reply) => {
    deps.log.debug('http', {
      method: request.method,
      url: request.url,
      status: reply.statusCode,
      ms: Math.round(reply.elapsedTime),
    });
  });
  return app;
}

export function createHttpServer(deps: HttpDeps): HttpServer {
  const app = buildHttpApp(deps);
  let port = deps.port;
  return {
    name: 'http',
    app,
    routes: collectedRoutes(app),
    get port() {
      return port;
    },
    async start() {
      await app.listen({ host: deps.host, port: deps.port });
      const addr = app.server.address();
      if (addr && typeof addr === 'object') port = addr.port;
      deps.log.info('http api listening', { host: deps.host, port });
      if (deps.apiToken === undefined) {
        deps.log.warn(
          'no api_token configured: the API and MCP endpoint answer only loopback clients and Home Assistant ingress. ' +
            'Set the add-on option api_token (or SWITCHYARD_API_TOKEN) to serve other clients with a bearer token.',
        );
      }
    },
    async stop() {
      await app.close();
    },
  };
}
