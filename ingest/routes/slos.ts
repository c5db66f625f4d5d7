import type { FastifyInstance } from 'fastify';
import type { Store } from '../../store/client.ts';
import type { PolicyStore } from '../../store/policies.ts';

export interface SloRouteDeps {
  store: Store;
  policies: PolicyStore;
  now?: () => number;
}

/** `GET /v1/slos` (placeholder until SLOs land). */
export function registerSloRoutes(_app: FastifyInstance, _deps: SloRouteDeps): void {}
