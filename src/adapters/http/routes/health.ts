import type { FastifyInstance } from 'fastify';

export interface HealthReport {
  status: 'ok' | 'degraded';
  version: string;
  uptime_s: number;
  mqtt: { connected: boolean; broker: string };
  database: { ok: boolean };
}

export function registerHealthRoutes(app: FastifyInstance, health: () => HealthReport): void {
  app.get('/api/health', async () => health());
}
