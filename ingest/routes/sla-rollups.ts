import type { FastifyInstance } from 'fastify';
import type { z } from 'zod';
import { SLA_ROLLUP_ROUTES, type RollupResponse } from '../../schemas/sla-rollups.ts';
import type { Store } from '../../store/client.ts';
import {
  readAtRisk,
  readAttainment,
  readBacklog,
  readLive,
  readSatisfaction,
  readableVersion,
} from '../../rollups/sla/read/rollups.ts';
import { isoOf } from '../../rollups/sla/read/rollup-sql.ts';
import { principalOf } from '../auth.ts';
import { parseQuery } from './query.ts';

export interface SlaRollupDeps {
  store: Store;
  /** The clock open clocks and ages are evaluated against (ms); tests fix it. */
  now?: () => number;
}

type Read<Q, Row> = (
  store: Store,
  tenant: string,
  version: number,
  query: Q,
  nowMs: number,
) => Promise<Row[]>;

function rollupRoute<Q extends { version?: number | undefined }, Row>(
  app: FastifyInstance,
  deps: SlaRollupDeps,
  spec: { path: string; query: z.ZodType<Q> },
  read: Read<Q, Row>,
): void {
  const now = deps.now ?? Date.now;
  app.get(spec.path, { config: { scopes: ['query'] } }, async (request) => {
    const query = parseQuery(spec.query, request.query);
    // The tenant always comes from the API key, never from the request.
    const { tenant } = principalOf(request);
    const version = await readableVersion(deps.store, tenant, query.version);
    const nowMs = now();
    const rows = await read(deps.store, tenant, version, query, nowMs);
    const response: RollupResponse<Row> = {
      tenant,
      policy_version: version,
      // To the second, like every instant the clocks hold.
      as_of: isoOf(Math.floor(nowMs / 1000)),
      rows,
    };
    return response;
  });
}

/** `GET /v1/sla/{attainment,live,at-risk,backlog,satisfaction}` (query scope). */
export function registerSlaRollupRoutes(app: FastifyInstance, deps: SlaRollupDeps): void {
  const routes = SLA_ROLLUP_ROUTES;
  rollupRoute(app, deps, routes.attainment, readAttainment);
  rollupRoute(app, deps, routes.live, readLive);
  rollupRoute(app, deps, routes.atRisk, readAtRisk);
  rollupRoute(app, deps, routes.backlog, readBacklog);
  rollupRoute(app, deps, routes.satisfaction, readSatisfaction);
}
