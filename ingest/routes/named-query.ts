import type { FastifyInstance } from 'fastify';
import type { Store } from '../../store/client.ts';
import type { SloStore } from '../../store/slos.ts';

export interface NamedQueryDeps {
  store: Store;
  slos: SloStore;
  hourlyRollupDays: number;
  /** Seconds a result is reused for the same (tenant, query, params, time bucket); 0 disables. */
  cacheSeconds: number;
  now?: () => number;
}

/** `POST /v1/query` and `GET /v1/query`: placeholder until the query API lands. */
export function registerNamedQueryRoutes(_app: FastifyInstance, _deps: NamedQueryDeps): void {}
