import type { FastifyInstance } from 'fastify';
import { listAreas, ListAreasOutput } from '../../../usecases/areas.js';
import type { UseCaseDeps } from '../../../usecases/deps.js';
import { tailLogs, TailLogsInput, TailLogsOutput } from '../../../usecases/logs.js';
import { getSystemStatus, GetSystemStatusOutput } from '../../../usecases/system-status.js';
import { parseInput } from '../validate.js';
import { routeDoc } from '../route-doc.js';

/** Areas and the add-on's status, as list_areas and get_system_status report them, and the log's last entries. */
export function registerSystemRoutes(app: FastifyInstance, deps: UseCaseDeps): void {
  app.get(
    '/api/areas',
    routeDoc({ summary: 'Areas (rooms) with device and entity counts, as list_areas', response: ListAreasOutput }),
    async () => listAreas(deps),
  );
  app.get(
    '/api/system/status',
    routeDoc({
      summary: 'Add-on status with entity, device, alert and automation counts, as get_system_status',
      response: GetSystemStatusOutput,
    }),
    async () => getSystemStatus(deps),
  );
  app.get(
    '/api/logs',
    routeDoc({
      summary: 'The last log entries (kept in memory), at a level or above, after an id: the panel follows the log',
      query: TailLogsInput,
      response: TailLogsOutput,
    }),
    async (request) => tailLogs(deps, parseInput(TailLogsInput, request.query, 'query')),
  );
}
