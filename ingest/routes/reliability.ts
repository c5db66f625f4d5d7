import type { FastifyInstance } from 'fastify';
import type { Store } from '../../store/client.ts';

export interface ReliabilityRouteDeps {
  store: Store;
  now?: () => number;
}

/** `GET /v1/reliability/*` (placeholder until the reliability reads land). */
export function registerReliabilityRoutes(
  _app: FastifyInstance,
  _deps: ReliabilityRouteDeps,
): void {}
