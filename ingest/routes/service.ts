import type { FastifyInstance } from 'fastify';
import type { IngestMetrics } from '../metrics.ts';

export interface ServiceRoutesDeps {
  metrics: IngestMetrics;
  readiness: () => { ready: boolean; reason: string };
}

/** Liveness, readiness and Prometheus metrics: no key needed. */
export function registerServiceRoutes(app: FastifyInstance, deps: ServiceRoutesDeps): void {
  app.get('/healthz', () => ({ status: 'ok' }));
  app.get('/readyz', async (_request, reply) => {
    const { ready, reason } = deps.readiness();
    return reply.code(ready ? 200 : 503).send({ status: ready ? 'ready' : 'not ready', reason });
  });
  app.get('/metrics', async (_request, reply) => {
    const body = await deps.metrics.registry.metrics();
    return reply.type(deps.metrics.registry.contentType).send(body);
  });
}
